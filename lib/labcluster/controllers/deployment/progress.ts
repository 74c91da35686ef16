import type { Condition } from "../objects";
import { semanticEqual } from "../objects";
import type { DeploymentStatus } from "./conditions";
import { findCondition, newCondition, Reason, removeCondition, setCondition } from "./conditions";
import { maxUnavailable, progressDeadlineSeconds, replicasOf, sumSpec, sumStatus } from "./util";
import type { Deployment, ReplicaSet } from "../../kinds";

/** calculateStatus (sync.go): counts from the ReplicaSets' status, plus the Available condition. */
export function calculateStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const available = sumStatus(all, "availableReplicas");
  const total = sumSpec(all);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sumStatus(all, "replicas"),
    updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
    readyReplicas: sumStatus(all, "readyReplicas"),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    ...terminatingReplicas(all),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    conditions: [...((d.status?.conditions ?? []) as Condition[])],
  };
  dropZeroCounts(status);
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition("Available", "True", Reason.MinimumAvailable, "Deployment has minimum availability.", now));
  } else {
    setCondition(
      status,
      newCondition("Available", "False", Reason.MinimumUnavailable, "Deployment does not have minimum availability.", now),
    );
  }
  return status;
}

/**
 * DeploymentStatus's int32/int64 counters are `omitempty` (k8s.io/api apps/v1 types.go): a zero
 * is never on the wire. terminatingReplicas and collisionCount are pointers and keep their 0.
 */
const OMIT_ZERO = [
  "observedGeneration",
  "replicas",
  "updatedReplicas",
  "readyReplicas",
  "availableReplicas",
  "unavailableReplicas",
] as const;

function dropZeroCounts(status: DeploymentStatus): void {
  for (const k of OMIT_ZERO) if (status[k] === 0) delete status[k];
}

/**
 * GetTerminatingReplicaCountForReplicaSets (gate DeploymentReplicaSetTerminatingReplicas, beta and
 * on in v1.35): unobserved RSes are skipped; an observed RS without the field makes it unknown.
 */
function terminatingReplicas(all: ReplicaSet[]): { terminatingReplicas?: number } {
  let total = 0;
  for (const rs of all) {
    const n = rs.status?.terminatingReplicas;
    if ((rs.status?.observedGeneration ?? 0) === 0 && n === undefined) continue;
    if (n === undefined) return {};
    total += n;
  }
  return { terminatingReplicas: total };
}

/** DeploymentComplete: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === r &&
    (s.replicas ?? 0) === r &&
    (s.availableReplicas ?? 0) === r &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old: DeploymentStatus = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the Progressing condition is older than the deadline. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined) return false;
  const c = findCondition(s, "Progressing");
  if (!c) return false;
  if (c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? "");
  return from + deadline * 1000 < now;
}

/**
 * syncRolloutStatus (progress.go): the status to write, or undefined when it equals the stored
 * one; `requeueAfterMs` is set when the deadline must be checked again later.
 */
export function rolloutStatus(
  all: ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): { status?: DeploymentStatus; requeueAfterMs?: number } {
  const s = calculateStatus(all, newRS, d, now);
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined) removeCondition(s, "Progressing");
  const current = findCondition(d.status, "Progressing");
  const isComplete = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && current?.reason === Reason.NewRSAvailable;
  if (deadline !== undefined && !isComplete) {
    const name = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, s)) {
      setCondition(s, newCondition("Progressing", "True", Reason.NewRSAvailable, `${name} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, s)) {
      // Progress moves lastUpdateTime even when the reason stays the same.
      const c = newCondition("Progressing", "True", Reason.RSUpdated, `${name} is progressing.`, now);
      if (current) {
        if (current.status === "True") c.lastTransitionTime = current.lastTransitionTime;
        removeCondition(s, "Progressing");
      }
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, now)) {
      setCondition(s, newCondition("Progressing", "False", Reason.TimedOut, `${name} has timed out progressing.`, now));
    }
  }
  const failures = replicaFailures(all, newRS);
  if (failures[0]) setCondition(s, failures[0]);
  else removeCondition(s, "ReplicaFailure");

  if (semanticEqual(d.status ?? {}, s)) return { requeueAfterMs: stuckRequeue(d, s, now) };
  return { status: s };
}

/** requeueStuckDeployment: check again one second after the deadline would pass. */
function stuckRequeue(d: Deployment, s: DeploymentStatus, now: number): number | undefined {
  const deadline = progressDeadlineSeconds(d);
  const current = findCondition(d.status, "Progressing");
  if (deadline === undefined || !current) return undefined;
  if (deploymentComplete(d, s) || current.reason === Reason.TimedOut) return undefined;
  const after = Date.parse(current.lastUpdateTime ?? "") + deadline * 1000 - now;
  // Less than a second left: the real controller requeues rate-limited (soon); one second later
  // is certain to be past the deadline.
  return Math.max(after, 0) + 1000;
}

/** getReplicaFailures: the new RS's ReplicaFailure wins over the old ones'. */
function replicaFailures(all: ReplicaSet[], newRS: ReplicaSet | undefined): Condition[] {
  const conv = (c: Condition): Condition => ({
    type: c.type,
    status: c.status,
    lastUpdateTime: c.lastTransitionTime,
    lastTransitionTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  });
  const of = (rs: ReplicaSet | undefined) =>
    ((rs?.status?.conditions ?? []) as Condition[]).filter((c) => c.type === "ReplicaFailure").map(conv);
  const fromNew = of(newRS);
  if (fromNew.length) return fromNew;
  return all.flatMap(of);
}

/** syncDeploymentStatus (used by `sync`): status without progress estimation. */
export function plainStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus | undefined {
  const s = calculateStatus(all, newRS, d, now);
  return semanticEqual(d.status ?? {}, s) ? undefined : s;
}
