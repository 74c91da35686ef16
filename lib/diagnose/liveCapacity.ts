/**
 * Capacity and PodDisruptionBudget findings about a running Deployment: a warning when its NEXT
 * rollout would stall on room (or break a PDB), an error only when its rollout is stalled on room
 * right now. SurgeDoesNotFit reads the nodes through a RoomFit (capacityFit.ts) only, so the live
 * response recomputes it when a node's free room crosses the Deployment's pod request, not on
 * every pod bound anywhere. Pure.
 */
import { resolveFenceposts } from "../model/fenceposts";
import { isActivePod, podCondition } from "../model/pod";
import { compareStrings } from "../model/raw";
import type { Finding } from "../model/types";
import { formatResources, podRequests } from "./capacity";
import type { RoomFit } from "./capacityFit";
import { pdbFinding, surgeFix } from "./capacityRisks";
import { refOf, type DeploymentFacts, type DiagnoseContext } from "./context";
import type { RawDeployment, RawPod } from "../model/rawKinds";

const ADVICE =
  "They stay Pending (Unschedulable) until the progress deadline fails the rollout. On a full pool (GPUs) replace in place: maxSurge 0, maxUnavailable 1.";

const unschedulable = (p: RawPod) => podCondition(p, "PodScheduled")?.reason === "Unschedulable";

/** SurgeDoesNotFit for every Deployment of the context; none when the nodes are unknown. */
export function surgeDoesNotFit(ctx: DiagnoseContext): Finding[] {
  const room = ctx.room;
  if (!room) return [];
  return ctx.deployments.flatMap((d) => liveSurgeFinding(d, room) ?? []);
}

/** RolloutBelowDisruptionBudget for every Deployment of the context: the first PDB (by message) its budget breaks. */
export function rolloutBelowDisruptionBudget(ctx: DiagnoseContext): Finding[] {
  const pdbs = ctx.pdbs ?? [];
  if (pdbs.length === 0) return [];
  return ctx.deployments.flatMap((d) => {
    // One per Deployment (the stage keys findings by code and object), whichever order the PDBs come in.
    const broken = pdbs.flatMap((p) => pdbFinding(d.raw, p) ?? []);
    return broken.length > 0 ? [broken.reduce((a, b) => (compareStrings(a.message, b.message) <= 0 ? a : b))] : [];
  });
}

/**
 * SurgeDoesNotFit on a running Deployment: an error when its rollout is stalled on room now (new
 * pods Unschedulable, no node with room for one, old pods holding it), a warning when its next
 * rollout would be (at rest, maxUnavailable 0 and no node with room for one surge pod: the
 * controller never removes an old pod first). `room` is asked only when the answer matters.
 */
export function liveSurgeFinding(facts: DeploymentFacts, room: (d: RawDeployment) => RoomFit | undefined): Finding | undefined {
  const d = facts.raw;
  const isNew = new Set(facts.newPods);
  const active = facts.pods.filter(isActivePod);
  const newPods = active.filter((p) => isNew.has(p));
  const oldCount = active.length - newPods.length;
  if (newPods.length === 0) return undefined;
  if (oldCount > 0) {
    const stuck = newPods.filter(unschedulable);
    if (stuck.length === 0) return undefined;
    const fit = room(d);
    return fit && fit.fitting === 0 ? stalledFinding(d, stuck, oldCount, fit) : undefined;
  }
  const spec = d.spec ?? {};
  if (spec.strategy?.type === "Recreate") return undefined;
  const { maxSurge, maxUnavailable } = resolveFenceposts(spec);
  if (maxUnavailable > 0 || maxSurge === 0) return undefined;
  const fit = room(d);
  return fit && fit.fitting === 0 ? nextRolloutFinding(d, maxSurge, fit) : undefined;
}

function requestLine(d: RawDeployment, fit: RoomFit): string {
  const req = formatResources(podRequests(d.spec?.template?.spec)) || "no resources";
  const short = fit.short.length > 0 ? `that much ${fit.short.join(", ")}` : "all of that";
  return `one new pod requests ${req}; none of the ${fit.nodes} node(s) it may run on has ${short} free`;
}

function shortOf(fit: RoomFit): string {
  return fit.short.join(", ") || "room on any one node";
}

function nextRolloutFinding(d: RawDeployment, maxSurge: number, fit: RoomFit): Finding {
  const name = d.metadata.name ?? "";
  const replicas: number = d.spec?.replicas ?? 1;
  return {
    code: "SurgeDoesNotFit",
    severity: "warning",
    object: refOf(d, "Deployment"),
    message: `The next rollout of deployment ${name} will stall: its first surge pod fits no node (short of ${shortOf(fit)}) and maxUnavailable 0 keeps every old pod that holds the room. ${ADVICE}`,
    fix: surgeFix(d),
    evidence: [
      requestLine(d, fit),
      `maxSurge ${maxSurge}, maxUnavailable 0: a rollout adds ${maxSurge} pod(s) before it removes any (peak ${replicas + maxSurge} pods)`,
    ],
  };
}

function stalledFinding(d: RawDeployment, stuck: readonly RawPod[], oldCount: number, fit: RoomFit): Finding {
  const name = d.metadata.name ?? "";
  const first = stuck[0] as RawPod;
  return {
    code: "SurgeDoesNotFit",
    severity: "error",
    object: refOf(d, "Deployment"),
    message: `The rollout of deployment ${name} is stalled on room: ${stuck.length} new pod(s) fit no node (short of ${shortOf(fit)}) while ${oldCount} old pod(s) hold it, and the budget keeps them. ${ADVICE}`,
    fix: surgeFix(d),
    evidence: [
      `pod/${first.metadata.name ?? ""} is Pending: ${podCondition(first, "PodScheduled")?.message ?? "Unschedulable"}`,
      requestLine(d, fit),
    ],
  };
}
