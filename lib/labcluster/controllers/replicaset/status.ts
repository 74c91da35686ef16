import { isoTime } from "../../clock";
import type { Condition } from "../objects";
import { semanticEqual } from "../objects";
import { isPodAvailable, isPodReady } from "../pods";
import type { Pod, ReplicaSet } from "../../kinds";

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  terminatingReplicas: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

/**
 * calculateStatus (replica_set_utils.go): counts over the active pods seen at the start of the
 * sync, terminating pods apart (DeploymentReplicaSetTerminatingReplicas), and a ReplicaFailure
 * condition while creating or deleting pods fails.
 */
export function calculateReplicaSetStatus(
  rs: ReplicaSet,
  active: Pod[],
  terminating: Pod[],
  manageErr: Error | undefined,
  now: number,
): ReplicaSetStatus {
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const mrs = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of active) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, mrs, now)) available++;
    }
  }
  let conditions: Condition[] = [...((rs.status?.conditions ?? []) as Condition[])];
  const failure = conditions.find((c) => c.type === "ReplicaFailure");
  if (manageErr && !failure) {
    const diff = active.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : undefined;
    conditions.push({
      type: "ReplicaFailure",
      status: "True",
      ...(reason ? { reason } : {}),
      message: manageErr.message,
      lastTransitionTime: isoTime(now),
    });
  } else if (!manageErr && failure) {
    conditions = conditions.filter((c) => c.type !== "ReplicaFailure");
  }
  // ReplicaSetStatus (k8s.io/api apps/v1): replicas is always written; fullyLabeledReplicas,
  // readyReplicas and availableReplicas are `omitempty`, so a zero is left out.
  return {
    replicas: active.length,
    ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready ? { readyReplicas: ready } : {}),
    ...(available ? { availableReplicas: available } : {}),
    terminatingReplicas: terminating.length,
    ...(conditions.length ? { conditions } : {}),
  };
}

/** updateReplicaSetStatus skips the write when nothing changed and the generation was observed. */
export function statusUnchanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const cur = rs.status ?? {};
  return (
    (cur.replicas ?? 0) === next.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    cur.terminatingReplicas === next.terminatingReplicas &&
    (rs.metadata.generation ?? 1) === cur.observedGeneration &&
    semanticEqual(cur.conditions, next.conditions)
  );
}
