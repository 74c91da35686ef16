import { isoTime } from "../../clock";
import type { Condition, DeploymentStatus } from "../../kinds";

export type { DeploymentStatus } from "../../kinds";

/** Condition reasons of deployment_util.go. */
export const Reason = {
  NewReplicaSet: "NewReplicaSetCreated",
  FoundNewRS: "FoundNewReplicaSet",
  RSUpdated: "ReplicaSetUpdated",
  NewRSAvailable: "NewReplicaSetAvailable",
  TimedOut: "ProgressDeadlineExceeded",
  Paused: "DeploymentPaused",
  Resumed: "DeploymentResumed",
  FailedRSCreate: "ReplicaSetCreateError",
  MinimumAvailable: "MinimumReplicasAvailable",
  MinimumUnavailable: "MinimumReplicasUnavailable",
} as const;

/** NewDeploymentCondition: both times are now. */
export function newCondition(type: string, status: Condition["status"], reason: string, message: string, now: number): Condition {
  const t = isoTime(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/**
 * SetDeploymentCondition: same status and reason is a no-op; same status, other reason keeps
 * lastTransitionTime; the condition moves to the end of the list.
 */
export function setCondition(status: DeploymentStatus, cond: Condition): void {
  const cur = status.conditions?.find((c) => c.type === cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}

export function findCondition(status: DeploymentStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}
