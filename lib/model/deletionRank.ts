/**
 * Which pod a ReplicaSet deletes first when it scales down: ActivePodsWithRanks.Less
 * (pkg/controller/controller_utils.go, ROLLOUT-SPEC §8). Rank = number of active related pods
 * on the pod's node (getPodsRankedByRelatedPodsOnSameNode). With `now`, ready and creation
 * times compare on the log2 scale of their age with ties broken by uid, as LogarithmicScaleDown
 * (on by default since v1.22, GA later) does; without it, plain newer-first.
 */
import { containerStatuses, podCondition } from "./pod";
import { ANN_POD_DELETION_COST, timeMs } from "./raw";
import type { RawPod } from "./rawKinds";

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The pods sorted so that the first is the one the controller deletes first. */
export function rankPodsForDeletion(pods: readonly RawPod[], now?: number, related: readonly RawPod[] = pods): RawPod[] {
  const perNode = new Map<string, number>();
  for (const p of related) {
    if (p.metadata.deletionTimestamp || p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
    const n = p.spec?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: RawPod): number => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank, now));
}

function compareForDeletion(a: RawPod, b: RawPod, rank: (p: RawPod) => number, now: number | undefined): number {
  // 1. Unassigned < assigned.
  const sa = a.spec?.nodeName ? 1 : 0;
  const sb = b.spec?.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  // 2. PodPending < PodUnknown < PodRunning.
  const pa = PHASE_ORDER[a.status?.phase ?? "Pending"] ?? 0;
  const pb = PHASE_ORDER[b.status?.phase ?? "Pending"] ?? 0;
  if (pa !== pb) return pa - pb;
  // 3. Not ready < ready.
  const ra = isReady(a) ? 1 : 0;
  const rb = isReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  // 4. Lower pod-deletion-cost < higher.
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  // 5. Doubled up (more pods of this set on the node) < not doubled up.
  const na = rank(a);
  const nb = rank(b);
  if (na !== nb) return nb - na;
  // 6. Been ready for empty time < less time < more time: more recently ready goes first.
  if (ra === 1 && rb === 1) {
    const byReady = newerFirst(
      timeMs(podCondition(a, "Ready")?.lastTransitionTime),
      timeMs(podCondition(b, "Ready")?.lastTransitionTime),
      a,
      b,
      now,
    );
    if (byReady !== 0) return byReady;
  }
  // 7. Pods with containers with higher restart counts < lower restart counts.
  const xa = maxRestarts(a);
  const xb = maxRestarts(b);
  if (xa !== xb) return xb - xa;
  // 8. Empty creation time pods < newer pods < older pods.
  return newerFirst(timeMs(a.metadata.creationTimestamp), timeMs(b.metadata.creationTimestamp), a, b, now);
}

/**
 * afterOrZero / logarithmicRankDiff: a missing time sorts first, then the more recent time;
 * with `now`, times whose ages share floor(log2(age in ns)) tie and fall back to uid order.
 */
function newerFirst(ta: number | undefined, tb: number | undefined, a: RawPod, b: RawPod, now: number | undefined): number {
  if (ta === tb) return 0;
  if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
  if (now === undefined) return tb - ta;
  const diff = logAge(ta, now) - logAge(tb, now);
  if (diff !== 0) return diff;
  return (a.metadata.uid ?? "") < (b.metadata.uid ?? "") ? -1 : (a.metadata.uid ?? "") > (b.metadata.uid ?? "") ? 1 : 0;
}

function logAge(t: number, now: number): number {
  const ns = (now - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

function isReady(p: RawPod): boolean {
  return podCondition(p, "Ready")?.status === "True";
}

function deletionCost(p: RawPod): number {
  const v = Number(p.metadata.annotations?.[ANN_POD_DELETION_COST]);
  return Number.isFinite(v) ? v : 0;
}

function maxRestarts(p: RawPod): number {
  return containerStatuses(p).reduce((m, c) => Math.max(m, c.restartCount ?? 0), 0);
}

/** Why the first pod of a ranking goes first, in one phrase. */
export function deletionReason(first: RawPod, others: readonly RawPod[]): string {
  if (!first.spec?.nodeName) return "it is not scheduled yet";
  if (first.status?.phase !== "Running") return `it is still ${first.status?.phase ?? "Pending"}`;
  if (!isReady(first)) return "it is not Ready";
  if (deletionCost(first) < Math.max(...others.map(deletionCost), 0)) return "it has the lowest pod-deletion-cost";
  return "it is the most recently Ready / newest pod";
}
