import type { DeploymentSync } from "./context";
import { deploymentComplete } from "./progress";
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, syncRolloutStatus } from "./sync";
import { activeReplicaSets, byCreation, maxUnavailable, newRSNewReplicas, replicasOf, rsReplicas, sumSpec, sumStatus } from "./util";
import type { ReplicaSet } from "../../kinds";

/**
 * rolloutRolling (rolling.go): at most one scaling phase per sync — scale the new RS up, else
 * the old ones down — then the status. Cleanup only once the stored status is complete.
 */
export function rolloutRolling(s: DeploymentSync, rsList: ReplicaSet[]): void {
  const { newRS, olds } = getAllReplicaSetsAndSyncRevision(s, rsList, true);
  const all = [...olds, ...(newRS ? [newRS] : [])];
  if (newRS && reconcileNewReplicaSet(s, all, newRS)) return syncRolloutStatus(s, all, newRS);
  if (newRS && reconcileOldReplicaSets(s, all, activeReplicaSets(olds), newRS)) return syncRolloutStatus(s, all, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, olds);
  syncRolloutStatus(s, all, newRS);
}

function reconcileNewReplicaSet(s: DeploymentSync, all: ReplicaSet[], newRS: ReplicaSet): boolean {
  const r = replicasOf(s.d);
  if (rsReplicas(newRS) === r) return false;
  if (rsReplicas(newRS) > r) return s.scaleAndRecord(newRS, r).scaled;
  return s.scaleAndRecord(newRS, newRSNewReplicas(s.d, all, newRS)).scaled;
}

function reconcileOldReplicaSets(s: DeploymentSync, all: ReplicaSet[], olds: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (sumSpec(olds) === 0) return false;
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpec(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { olds: cleaned, count: cleanupCount, invalid } = cleanupUnhealthyReplicas(s, olds, maxScaledDown);
  // The real controller logs the error and reports "nothing scaled" (rolling.go: `return false, nil`).
  if (invalid) return false;
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(s, [...cleaned, newRS], cleaned, minAvailable);
  return cleanupCount + scaledDown > 0;
}

/**
 * Scales down old RSes by their unavailable pods first, so broken pods never block the rollout.
 * An RS whose status still counts more available pods than its spec (its scale-down not yet
 * observed) would get a negative cut, i.e. a scale-up: the real one refuses ("got invalid request
 * to scale down") and stops there, leaving the RSes already cut as they are.
 */
function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  olds: ReplicaSet[],
  maxCleanup: number,
): { olds: ReplicaSet[]; count: number; invalid?: boolean } {
  const sorted = [...olds].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i]!;
    const spec = rsReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (spec === 0 || spec === available) continue;
    const cut = Math.min(maxCleanup - total, spec - available);
    if (cut < 0) return { olds: sorted, count: total, invalid: true };
    sorted[i] = s.scaleAndRecord(rs, spec - cut).rs;
    total += cut;
  }
  return { olds: sorted, count: total };
}

/** Scales old RSes down, oldest first, by what is available beyond minAvailable. */
function scaleDownOldReplicaSetsForRollingUpdate(s: DeploymentSync, all: ReplicaSet[], olds: ReplicaSet[], minAvailable: number): number {
  const available = sumStatus(all, "availableReplicas");
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...olds].sort(byCreation)) {
    if (total >= budget) break;
    if (rsReplicas(rs) === 0) continue;
    const cut = Math.min(rsReplicas(rs), budget - total);
    s.scaleAndRecord(rs, rsReplicas(rs) - cut);
    total += cut;
  }
  return total;
}
