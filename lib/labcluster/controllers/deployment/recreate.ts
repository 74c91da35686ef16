import { controllerOf } from "../objects";
import type { DeploymentSync } from "./context";
import { deploymentComplete } from "./progress";
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, syncRolloutStatus } from "./sync";
import { activeReplicaSets, replicasOf, rsReplicas, sumStatus } from "./util";
import type { Pod, ReplicaSet } from "../../kinds";

/** rolloutRecreate (recreate.go): olds to 0, wait until no old pod runs, then the new RS at R. */
export function rolloutRecreate(s: DeploymentSync, rsList: ReplicaSet[], pods: Pod[]): void {
  let { newRS, olds } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  let all = [...olds, ...(newRS ? [newRS] : [])];
  let scaledDown = false;
  for (const rs of activeReplicaSets(olds)) {
    if (rsReplicas(rs) === 0) continue;
    s.scaleAndRecord(rs, 0);
    scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(s, all, newRS);
  if (oldPodsRunning(newRS, olds, pods)) return syncRolloutStatus(s, all, newRS);
  if (!newRS) {
    ({ newRS, olds } = getAllReplicaSetsAndSyncRevision(s, rsList, true));
    all = [...olds, ...(newRS ? [newRS] : [])];
  }
  if (newRS) s.scaleAndRecord(newRS, replicasOf(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, olds);
  syncRolloutStatus(s, all, newRS);
}

/** oldPodsRunning: an old RS still counts pods, or an old pod (even terminating) is not terminal. */
function oldPodsRunning(newRS: ReplicaSet | undefined, olds: ReplicaSet[], pods: Pod[]): boolean {
  if (sumStatus(olds, "replicas") > 0) return true;
  const oldUids = new Set(olds.map((rs) => rs.metadata.uid));
  return pods.some((p) => {
    const owner = controllerOf(p)?.uid;
    if (!owner || owner === newRS?.metadata.uid || !oldUids.has(owner)) return false;
    const phase = p.status?.phase;
    return phase !== "Failed" && phase !== "Succeeded";
  });
}
