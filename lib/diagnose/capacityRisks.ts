/**
 * The risks that need cluster state beyond a Deployment's own objects: surge pods with no room on
 * the nodes (a simulated rollout, for the planner), and a rollout budget below what a
 * PodDisruptionBudget promises (the planner and the live checks).
 */
import { scaledValue } from "../model/fenceposts";
import { selectorMatches } from "../model/raw";
import type { Finding } from "../model/types";
import { stringMap, templateLabels } from "../model/wire";
import { formatResources, type Board, type Resources } from "./capacity";
import { refOf } from "./context";
import { rolloutFloor } from "./riskService";
import type { RawDeployment, RawPodDisruptionBudget } from "../model/rawKinds";

/** What surgeFinding reads of a simulated rollout (lib/plan/simulate.ts). */
export interface SurgeSimulation {
  peakPods: number;
  peakResources: Resources;
  stall?: { at: number; pending: number; oldPods: number; newPods: number };
}

/** The fix of SurgeDoesNotFit: replace in place, so no pod needs room the pool does not have. */
export function surgeFix(d: RawDeployment): string {
  return `kubectl patch deployment/${d.metadata.name ?? ""} -n ${d.metadata.namespace ?? "default"} -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":1}}}}'`;
}

/** SurgeDoesNotFit (error): the simulated rollout stalls on new pods no node has room for. */
export function surgeFinding(d: RawDeployment, sim: SurgeSimulation, req: Resources, board: Board): Finding {
  const name = d.metadata.name ?? "";
  const stall = sim.stall ?? { at: 0, pending: 0, oldPods: 0, newPods: 0 };
  const largest = board.largestFree(req);
  const short = Object.keys(req).filter((k) => (req[k] ?? 0) > (largest[k] ?? 0));
  return {
    code: "SurgeDoesNotFit",
    severity: "error",
    object: refOf(d, "Deployment"),
    message: `The rollout of deployment ${name} will stall: after ${stall.newPods} new and ${stall.oldPods} old pod(s) exist, ${stall.pending} new pod(s) fit no node (short of ${short.join(", ") || "room"}) and the budget keeps the old pods that hold the room. They will stay Pending (Unschedulable) until the progress deadline fails the rollout. On a full pool (GPUs) replace in place: maxSurge 0, maxUnavailable 1.`,
    fix: surgeFix(d),
    evidence: [
      `one new pod requests ${formatResources(req) || "no resources"}; the node with the most room has ${formatResources(largest) || "none"} free after the surge`,
      `peak during the rollout: ${sim.peakPods} pods, ${formatResources(sim.peakResources)}`,
    ],
  };
}

/** Whether PodDisruptionBudget `pdb` covers the pods of Deployment `d` (same namespace, its selector matches the template). */
export function pdbSelects(pdb: RawPodDisruptionBudget, d: RawDeployment): boolean {
  if ((pdb.metadata.namespace ?? "default") !== (d.metadata.namespace ?? "default")) return false;
  return selectorMatches(stringMap(pdb.spec?.selector?.matchLabels), templateLabels(d) as Record<string, string>);
}

/** RolloutBelowDisruptionBudget (warning): the rollout may leave fewer pods available than a PDB promises. */
export function pdbFinding(d: RawDeployment, pdb: RawPodDisruptionBudget): Finding | undefined {
  if (!pdbSelects(pdb, d)) return undefined;
  const replicas: number = d.spec?.replicas ?? 1;
  const floor = rolloutFloor(d);
  const promised =
    pdb.spec?.minAvailable !== undefined
      ? scaledValue(pdb.spec.minAvailable, replicas, true)
      : pdb.spec?.maxUnavailable !== undefined
        ? replicas - scaledValue(pdb.spec.maxUnavailable, replicas, true)
        : undefined;
  if (promised === undefined || floor >= promised) return undefined;
  const name = d.metadata.name ?? "";
  const ns = d.metadata.namespace ?? "default";
  const keep = Math.max(0, replicas - promised);
  return {
    code: "RolloutBelowDisruptionBudget",
    severity: "warning",
    object: refOf(d, "Deployment"),
    message: `PodDisruptionBudget ${pdb.metadata.name ?? ""} promises ${promised} available pod(s) of deployment ${name}, but its rollout may go down to ${floor}. The deployment controller does not consult PDBs, so the rollout breaks that promise, and a node drain during it is refused.`,
    fix: `kubectl patch deployment/${name} -n ${ns} -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":${keep}}}}}'`,
    evidence: [
      `poddisruptionbudget/${pdb.metadata.name ?? ""} ${pdb.spec?.minAvailable !== undefined ? `minAvailable=${String(pdb.spec.minAvailable)}` : `maxUnavailable=${String(pdb.spec?.maxUnavailable)}`} (resolved: ${promised} of ${replicas} available)`,
      `deployment/${name} ${d.spec?.strategy?.type === "Recreate" ? "strategy Recreate" : `maxUnavailable resolves to ${replicas - floor}`}: at least ${floor} available during a rollout`,
    ],
  };
}
