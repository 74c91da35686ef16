import { isPodActive, isPodReady, maxRestarts, podReadySince } from "../pods";
import type { Pod } from "../../kinds";

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

/**
 * The pods a ReplicaSet deletes first when it has `count` too many: getPodsToDelete with
 * ActivePodsWithRanks.Less (pkg/controller/controller_utils.go). `related` are the active pods of
 * every ReplicaSet with the same owner (the Deployment's other revisions): a pod sharing its node
 * with more of them goes first. LogarithmicScaleDown (GA) compares ready and creation times in
 * power-of-two buckets of age; pods in the same bucket are ordered by UID, as in the real one.
 */
export function podsToDelete(pods: Pod[], related: Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? "", (onNode.get(p.spec?.nodeName ?? "") ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? "") ?? 0 }));
  ranked.sort((a, b) => (deleteBefore(a, b, now) ? -1 : deleteBefore(b, a, now) ? 1 : 0));
  return ranked.slice(0, count).map((r) => r.pod);
}

interface Ranked {
  pod: Pod;
  rank: number;
}

/** ActivePodsWithRanks.Less: true when `a` should be deleted before `b`. */
export function deleteBefore(a: Ranked, b: Ranked, now: number): boolean {
  const pa = a.pod;
  const pb = b.pod;
  // 1. Unassigned < assigned.
  const na = pa.spec?.nodeName ?? "";
  const nb = pb.spec?.nodeName ?? "";
  if (na !== nb && (na === "" || nb === "")) return na === "";
  // 2. Pending < Unknown < Running.
  // A phase outside the map counts as Pending (Go's zero value for a missing map key).
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ""] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ""] ?? 0;
  if (oa !== ob) return oa < ob;
  // 3. Not ready < ready.
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  // 4. Lower pod-deletion-cost first.
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up on a node with more related pods first.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Ready for less time first.
  if (ra && rb) {
    const ta = podReadySince(pa);
    const tb = podReadySince(pb);
    if (ta !== tb) {
      const r = compareAge(ta, tb, now, pa, pb);
      if (r !== undefined) return r;
    }
  }
  // 7. More restarts first.
  const xa = maxRestarts(pa);
  const xb = maxRestarts(pb);
  if (xa.regular !== xb.regular) return xa.regular > xb.regular;
  if (xa.sidecar !== xb.sidecar) return xa.sidecar > xb.sidecar;
  // 8. Newer first.
  const ca2 = created(pa);
  const cb2 = created(pb);
  if (ca2 !== cb2) {
    const r = compareAge(ca2, cb2, now, pa, pb);
    if (r !== undefined) return r;
  }
  return false;
}

/** afterOrZero, then logarithmic buckets of age with the UID as tie-breaker. */
function compareAge(ta: number | undefined, tb: number | undefined, now: number, pa: Pod, pb: Pod): boolean | undefined {
  if (ta === undefined || tb === undefined) return ta === undefined;
  const rankDiff = logBucket(now - ta) - logBucket(now - tb);
  if (rankDiff === 0) {
    const ua = pa.metadata.uid ?? "";
    const ub = pb.metadata.uid ?? "";
    return ua === ub ? undefined : ua < ub;
  }
  return rankDiff < 0;
}

// Ages in nanoseconds, as Go's time.Duration: floor(log2(d)), -1 for zero or negative ages.
function logBucket(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

function created(pod: Pod): number | undefined {
  return pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : undefined;
}

function deletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[DELETION_COST];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}
