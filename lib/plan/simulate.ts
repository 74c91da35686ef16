/**
 * Steps a rollout the way the deployment controller will (lab controller rolling.go port,
 * ROLLOUT-SPEC §4, §7): per sync scale the new ReplicaSet up to R + maxSurge, else scale the old
 * ones down (unavailable pods first, then down to R − maxUnavailable available); Recreate stops
 * every old pod first. The ReplicaSet controller creates the pods, the scheduler places them on
 * the board (or cannot: the rollout then waits, like a Pending surge pod), and each placed pod
 * becomes available `readySeconds` later. Pure: counts in, steps out.
 */
import { Board, type Resources } from "../diagnose/capacity";

/** What the simulation starts from. */
export interface RolloutInput {
  replicas: number;
  strategy: "RollingUpdate" | "Recreate";
  maxSurge: number;
  maxUnavailable: number;
  /** Pods of the old ReplicaSets (spec), and how many of them are available. */
  oldPods: number;
  oldAvailable: number;
  /** Nodes the old pods run on, one entry a pod (their room comes back when they go). */
  oldNodes?: readonly string[];
  /** Pods of the new ReplicaSet already there (all available). */
  newPods: number;
  /** Seconds from a new pod's creation to available. */
  readySeconds: number;
  /**
   * Seconds a deleted old pod keeps its room (its requests count on the node until it has
   * exited: at most terminationGracePeriodSeconds). Default 0.
   */
  terminationSeconds?: number;
  oldRequests: Resources;
  newRequests: Resources;
  /** Free room now; undefined when there is no cluster to ask. */
  board?: Board;
}

/** One controller action and the counts right after it. */
export interface RolloutStep {
  /** Seconds from the start of the rollout. */
  at: number;
  action: string;
  oldPods: number;
  newPods: number;
  /** New pods the scheduler could not place. */
  pending: number;
  available: number;
}

/** The whole simulated rollout. */
export interface RolloutSimulation {
  steps: RolloutStep[];
  peakPods: number;
  peakResources: Resources;
  /** Seconds until every replica is new and available; undefined if it stalls. */
  seconds?: number;
  /** Set when the rollout cannot finish: pods that can never be placed. */
  stall?: { at: number; pending: number; oldPods: number; newPods: number };
}

interface State {
  t: number;
  oldSpec: number;
  oldAvail: number;
  oldNodes: (string | undefined)[];
  newSpec: number;
  /** Placed new pods not yet available: when each becomes available. */
  readyAt: number[];
  /** Deleted old pods still holding room: when each exits, and its node. */
  exits: { at: number; node: string | undefined }[];
  newAvail: number;
  pending: number;
}

/** Simulates the rollout to its end or its stall. */
export function simulateRollout(input: RolloutInput): RolloutSimulation {
  const s: State = {
    t: 0,
    oldSpec: input.oldPods,
    oldAvail: input.oldAvailable,
    oldNodes: [...(input.oldNodes ?? [])],
    newSpec: input.newPods,
    readyAt: [],
    exits: [],
    newAvail: input.newPods,
    pending: 0,
  };
  const out: RolloutSimulation = { steps: [], peakPods: 0, peakResources: {} };
  const record = (action: string) => {
    out.steps.push({ at: s.t, action, oldPods: s.oldSpec, newPods: s.newSpec, pending: s.pending, available: s.oldAvail + s.newAvail });
    out.peakPods = Math.max(out.peakPods, s.oldSpec + s.newSpec);
    for (const k of new Set([...Object.keys(input.oldRequests), ...Object.keys(input.newRequests)])) {
      const v = s.oldSpec * (input.oldRequests[k] ?? 0) + s.newSpec * (input.newRequests[k] ?? 0);
      out.peakResources[k] = Math.max(out.peakResources[k] ?? 0, v);
    }
  };
  record("start");
  for (let guard = 0; guard < 10_000; guard++) {
    while (sync(input, s, record)) placePending(input, s);
    if (s.newAvail === input.replicas && s.oldSpec === 0) {
      out.seconds = s.t;
      return out;
    }
    const next = Math.min(...s.readyAt, ...(s.pending > 0 ? s.exits.map((e) => e.at) : []));
    if (!Number.isFinite(next)) {
      out.stall = { at: s.t, pending: s.pending, oldPods: s.oldSpec, newPods: s.newSpec };
      return out;
    }
    s.t = next;
    const exited = s.exits.filter((e) => e.at <= next);
    s.exits = s.exits.filter((e) => e.at > next);
    for (const e of exited) input.board?.release(input.oldRequests, e.node);
    placePending(input, s);
    const ready = s.readyAt.filter((t) => t <= next).length;
    s.readyAt = s.readyAt.filter((t) => t > next);
    s.newAvail += ready;
    if (exited.length > 0) record(`${exited.length} old pod(s) exited: their room is free`);
    if (ready === 0) continue;
    record(`${ready} new pod(s) available`);
  }
  out.stall = { at: s.t, pending: s.pending, oldPods: s.oldSpec, newPods: s.newSpec };
  return out;
}

/** One deployment-controller sync: at most one scaling, like rolloutRolling / rolloutRecreate. */
function sync(input: RolloutInput, s: State, record: (action: string) => void): boolean {
  const R = input.replicas;
  if (input.strategy === "Recreate") {
    if (s.oldSpec > 0) return scaleOld(input, s, 0, record, "Recreate stops every old pod first");
    if (s.newSpec < R) return scaleNew(input, s, R, record, "Recreate starts every new pod at once");
    return false;
  }
  const maxTotal = R + input.maxSurge;
  if (s.newSpec < R && s.oldSpec + s.newSpec < maxTotal) {
    const to = s.newSpec + Math.min(maxTotal - s.oldSpec - s.newSpec, R - s.newSpec);
    return scaleNew(input, s, to, record, `ceiling ${R} + maxSurge ${input.maxSurge} = ${maxTotal}`);
  }
  if (s.oldSpec === 0) return false;
  const minAvailable = R - input.maxUnavailable;
  const newUnavailable = s.newSpec - s.newAvail;
  const maxScaledDown = s.oldSpec + s.newSpec - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // cleanupUnhealthyReplicas, then scaleDownOldReplicaSetsForRollingUpdate.
  const unhealthy = Math.min(maxScaledDown, s.oldSpec - s.oldAvail);
  const available = s.oldAvail + s.newAvail;
  const budget = Math.max(0, Math.min(s.oldSpec - unhealthy, available - minAvailable));
  const cut = unhealthy + budget;
  if (cut <= 0) return false;
  return scaleOld(
    input,
    s,
    s.oldSpec - cut,
    record,
    `available may drop to ${minAvailable} (R ${R} − maxUnavailable ${input.maxUnavailable})`,
  );
}

function scaleNew(input: RolloutInput, s: State, to: number, record: (action: string) => void, why: string): boolean {
  const from = s.newSpec;
  s.newSpec = to;
  s.pending += to - from;
  placePending(input, s);
  record(`scale new ReplicaSet ${from} → ${to} (${why})`);
  return true;
}

function scaleOld(input: RolloutInput, s: State, to: number, record: (action: string) => void, why: string): boolean {
  const from = s.oldSpec;
  const cut = from - to;
  const unhealthyCut = Math.min(cut, s.oldSpec - s.oldAvail);
  s.oldAvail -= cut - unhealthyCut;
  s.oldSpec = to;
  for (let i = 0; i < cut; i++) s.exits.push({ at: s.t + (input.terminationSeconds ?? 0), node: s.oldNodes.shift() });
  if (!input.terminationSeconds) releaseExited(input, s);
  record(`scale old ReplicaSets ${from} → ${to} (${why})`);
  return true;
}

function releaseExited(input: RolloutInput, s: State): void {
  for (const e of s.exits.filter((x) => x.at <= s.t)) input.board?.release(input.oldRequests, e.node);
  s.exits = s.exits.filter((x) => x.at > s.t);
}

/** The scheduler: places what fits now; the rest stays Pending until room is freed. */
function placePending(input: RolloutInput, s: State): void {
  releaseExited(input, s);
  while (s.pending > 0) {
    if (input.board && input.board.place(input.newRequests) === undefined) return;
    s.pending -= 1;
    s.readyAt.push(s.t + input.readySeconds);
  }
}
