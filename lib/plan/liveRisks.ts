/**
 * Capacity and PodDisruptionBudget findings about a running Deployment, for the live dashboard:
 * the planner's fit logic applied to the Deployment's own template. A warning when the NEXT
 * rollout would stall on room (or break a PDB); an error only when a rollout is stalled on room
 * right now. Pure: the store's Deployments, pods, Nodes and PDBs in, findings out. Not yet wired
 * into lib/response (the store has no Node or PodDisruptionBudget kind yet).
 */
import { resolveFenceposts } from "../model/fenceposts";
import { isActivePod, podCondition } from "../model/pod";
import type { RawObject } from "../model/raw";
import type { Finding } from "../model/types";
import { Board, nodeRooms, podRequests } from "./capacity";
import { pdbFinding, surgeFinding } from "./planRisks";
import { simulateRollout } from "./simulate";

/** The live objects one Deployment's capacity findings read. */
export interface LiveCapacityInput {
  deployment: RawObject;
  /** The Deployment's active pods, old and new. */
  pods: readonly RawObject[];
  /** Which of `pods` belong to the new ReplicaSet (its pod-template-hash). */
  isNew(pod: RawObject): boolean;
  nodes: readonly RawObject[];
  /** Every pod bound to a node, any namespace (room is per node). */
  podsOnNodes: readonly RawObject[];
}

const unschedulable = (p: RawObject) => podCondition(p, "PodScheduled")?.reason === "Unschedulable";

/**
 * SurgeDoesNotFit on a running Deployment: an error when its rollout is stalled on room now (new
 * pods Unschedulable while old pods hold the room), a warning when its next rollout would be.
 */
export function liveSurgeFinding(input: LiveCapacityInput): Finding | undefined {
  const { deployment: d, nodes, podsOnNodes } = input;
  if (nodes.length === 0) return undefined;
  const active = input.pods.filter(isActivePod);
  const oldPods = active.filter((p) => !input.isNew(p));
  const newPods = active.filter((p) => input.isNew(p));
  const spec = d.spec ?? {};
  const req = podRequests(spec.template?.spec);
  const selector: Record<string, string> = spec.template?.spec?.nodeSelector ?? {};
  const rolling = oldPods.length > 0 && newPods.length > 0;
  const board = () => new Board(nodeRooms(nodes, podsOnNodes), selector);
  if (rolling) {
    const stuck = newPods.filter(unschedulable);
    if (stuck.length === 0) return undefined;
    const b = board();
    // Room for one of them now means the scheduler will place it: no stall.
    if (b.place(req) !== undefined) return undefined;
    const sim = simulateNext(d, oldPods, req, b, newPods.length - stuck.length);
    const f = surgeFinding(
      d,
      { ...sim, stall: { at: 0, pending: stuck.length, oldPods: oldPods.length, newPods: newPods.length } },
      req,
      b,
    );
    return {
      ...f,
      evidence: [
        `pod/${stuck[0]?.metadata.name ?? ""} is Pending: ${podCondition(stuck[0] as RawObject, "PodScheduled")?.message ?? "Unschedulable"}`,
        ...f.evidence,
      ],
    };
  }
  if (newPods.length === 0 || oldPods.length > 0) return undefined;
  const b = board();
  const sim = simulateNext(d, newPods, req, b, 0);
  if (!sim.stall) return undefined;
  const f = surgeFinding(d, sim, req, b);
  return {
    ...f,
    severity: "warning",
    message: f.message.replace(/^The rollout of deployment (\S+) will stall/, "The next rollout of deployment $1 will stall"),
  };
}

/** The rollout of a new template over the running pods, on `board`. */
function simulateNext(d: RawObject, running: readonly RawObject[], req: ReturnType<typeof podRequests>, board: Board, keptNew: number) {
  const spec = d.spec ?? {};
  const fence = resolveFenceposts(spec);
  return simulateRollout({
    replicas: spec.replicas ?? 1,
    strategy: spec.strategy?.type === "Recreate" ? "Recreate" : "RollingUpdate",
    ...fence,
    oldPods: running.length,
    oldAvailable: running.filter((p) => podCondition(p, "Ready")?.status === "True").length,
    oldNodes: running.map((p) => p.spec?.nodeName as string),
    newPods: keptNew,
    readySeconds: 1,
    terminationSeconds: running[0]?.spec?.terminationGracePeriodSeconds ?? 30,
    oldRequests: req,
    newRequests: req,
    board,
  });
}

/** RolloutBelowDisruptionBudget for a running Deployment: a warning (the controller never waits on a PDB). */
export function livePdbFindings(d: RawObject, pdbs: readonly RawObject[]): Finding[] {
  return pdbs.flatMap((p) => pdbFinding(d, p) ?? []);
}
