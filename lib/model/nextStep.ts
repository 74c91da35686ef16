/**
 * Predicts the controllers' next move for one Deployment from its current objects: the
 * ReplicaSet controller first (pods missing or extra against RS spec), then one step of
 * rolloutRolling / rolloutRecreate (ROLLOUT-SPEC §4, §7, §8). A prediction, shown as "next".
 */
import { deletionReason, rankPodsForDeletion } from "./deletionRank";
import { isActivePod } from "./pod";
import { isScalingEvent, proportionalScale } from "./proportionalScale";
import type { NextStep, RolloutPhase } from "./types";
import type { RawDeployment, RawPod, RawReplicaSet } from "./rawKinds";

/** What predictNextStep reads: one Deployment with its ReplicaSets (oldest first) and pods. */
export interface NextStepInput {
  deployment: RawDeployment;
  phase: RolloutPhase;
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  /** Owned ReplicaSets, oldest first. */
  replicaSets: readonly RawReplicaSet[];
  newReplicaSet?: RawReplicaSet;
  /** Pods per ReplicaSet uid. */
  podsByRs: ReadonlyMap<string, readonly RawPod[]>;
  /** Available pod count per ReplicaSet uid. */
  availableByRs: ReadonlyMap<string, number>;
  now: number;
}

/** The next step the controllers take, or a "wait" saying what they wait for. */
export function predictNextStep(input: NextStepInput): NextStep | undefined {
  const { deployment, phase, replicaSets, newReplicaSet } = input;
  const rsName = (rs: RawReplicaSet): string => rs.metadata.name ?? "";
  const spec = (rs: RawReplicaSet): number => rs.spec?.replicas ?? 0;
  const active = (rs: RawReplicaSet): RawPod[] => (input.podsByRs.get(rs.metadata.uid ?? "") ?? []).filter(isActivePod);

  // A replicas change goes first: syncDeployment checks isScalingEvent before any rollout step.
  if (isScalingEvent(input.replicas, replicaSets)) {
    const rolling = (deployment.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
    const newAvail = newReplicaSet ? (input.availableByRs.get(newReplicaSet.metadata.uid ?? "") ?? 0) : 0;
    const changes = proportionalScale(
      input.replicas,
      input.maxSurge,
      rolling,
      replicaSets,
      newReplicaSet,
      newAvail,
      deployment.status?.replicas ?? 0,
    );
    if (changes.length > 0) {
      const first = changes[0];
      return {
        action: first.to > first.from ? "create" : "delete",
        replicaSet: rsName(first.replicaSet),
        why: `spec.replicas changed to ${input.replicas}: the deployment controller scales proportionally (${changes.map((c) => `${rsName(c.replicaSet)} ${c.from} → ${c.to}`).join(", ")}).`,
      };
    }
  }
  // The ReplicaSet controller converges each RS on its spec before the Deployment moves again.
  for (const rs of replicaSets) {
    const pods = active(rs);
    if (pods.length < spec(rs)) {
      return {
        action: "create",
        replicaSet: rsName(rs),
        why: `ReplicaSet ${rsName(rs)} wants ${spec(rs)} pods and has ${pods.length}: the ReplicaSet controller creates a pod.`,
      };
    }
    if (pods.length > spec(rs)) {
      const ranked = rankPodsForDeletion(pods, input.now, allPods(input));
      const first = ranked[0];
      return {
        action: "delete",
        replicaSet: rsName(rs),
        pod: first?.metadata.name,
        why: `ReplicaSet ${rsName(rs)} was scaled to ${spec(rs)} and has ${pods.length} pods: it deletes ${first?.metadata.name ?? "a pod"} first because ${first ? deletionReason(first, ranked.slice(1)) : "of the ranking"}.`,
      };
    }
  }
  if (phase === "Paused")
    return { action: "wait", why: "The Deployment is paused: no new ReplicaSet and no rollout step until `kubectl rollout resume`." };
  if (phase === "Complete") return undefined;
  const R = input.replicas;
  if (!newReplicaSet) {
    return { action: "create", why: "The pod template changed: the deployment controller creates a new ReplicaSet for it." };
  }
  const olds = replicaSets.filter((rs) => rs !== newReplicaSet && spec(rs) > 0);
  const strategy = deployment.spec?.strategy?.type ?? "RollingUpdate";
  if (strategy === "Recreate") {
    if (olds.length > 0) return scaleDownStep(olds[0], 0, input, "Recreate scales every old ReplicaSet to 0 first.");
    const oldPods = replicaSets.filter((rs) => rs !== newReplicaSet).flatMap((rs) => input.podsByRs.get(rs.metadata.uid ?? "") ?? []);
    if (oldPods.some((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")) {
      return { action: "wait", why: "Recreate waits until every old pod is gone before it creates new ones." };
    }
    if (spec(newReplicaSet) < R)
      return { action: "create", replicaSet: rsName(newReplicaSet), why: `Recreate scales ${rsName(newReplicaSet)} to ${R} at once.` };
    return waitForReadiness(newReplicaSet, input);
  }
  const sumSpec = replicaSets.reduce((n, rs) => n + spec(rs), 0);
  const newSpec = spec(newReplicaSet);
  if (newSpec > R) return scaleDownStep(newReplicaSet, R, input, `The new ReplicaSet has more than ${R} replicas.`);
  if (newSpec < R) {
    const maxTotal = R + input.maxSurge;
    if (sumSpec < maxTotal) {
      const to = newSpec + Math.min(maxTotal - sumSpec, R - newSpec);
      return {
        action: "create",
        replicaSet: rsName(newReplicaSet),
        why: `${sumSpec} pods are wanted and the ceiling is ${R} + maxSurge ${input.maxSurge} = ${maxTotal}: the deployment controller scales ${rsName(newReplicaSet)} ${newSpec} → ${to}.`,
      };
    }
  }
  const minAvailable = R - input.maxUnavailable;
  const newAvail = input.availableByRs.get(newReplicaSet.metadata.uid ?? "") ?? 0;
  const maxScaledDown = sumSpec - minAvailable - (newSpec - newAvail);
  if (olds.length > 0 && maxScaledDown > 0) {
    const oldest = olds[0];
    const unhealthy = spec(oldest) - (input.availableByRs.get(oldest.metadata.uid ?? "") ?? 0);
    const totalAvail = replicaSets.reduce((n, rs) => n + (input.availableByRs.get(rs.metadata.uid ?? "") ?? 0), 0);
    const cut = Math.min(maxScaledDown, Math.max(unhealthy, totalAvail - minAvailable), spec(oldest));
    if (cut > 0) {
      return scaleDownStep(
        oldest,
        spec(oldest) - cut,
        input,
        `Available pods may drop to ${minAvailable} (R ${R} − maxUnavailable ${input.maxUnavailable}).`,
      );
    }
  }
  if (phase === "Stuck") {
    return {
      action: "wait",
      replicaSet: rsName(newReplicaSet),
      why: "The rollout exceeded its progress deadline. The controller does not roll back by itself: `kubectl rollout undo` does.",
    };
  }
  return waitForReadiness(newReplicaSet, input);
}

function scaleDownStep(rs: RawReplicaSet, to: number, input: NextStepInput, because: string): NextStep {
  const pods = (input.podsByRs.get(rs.metadata.uid ?? "") ?? []).filter(isActivePod);
  const ranked = rankPodsForDeletion(pods, input.now, allPods(input));
  const first = ranked[0];
  const from = rs.spec?.replicas ?? 0;
  return {
    action: "delete",
    replicaSet: rs.metadata.name,
    pod: first?.metadata.name,
    why: `${because} The deployment controller scales ${rs.metadata.name} ${from} → ${to}${first ? `; its ReplicaSet deletes ${first.metadata.name} first because ${deletionReason(first, ranked.slice(1))}` : ""}.`,
  };
}

function waitForReadiness(rs: RawReplicaSet, input: NextStepInput): NextStep {
  const pods = (input.podsByRs.get(rs.metadata.uid ?? "") ?? []).filter(isActivePod);
  const avail = input.availableByRs.get(rs.metadata.uid ?? "") ?? 0;
  return {
    action: "wait",
    replicaSet: rs.metadata.name,
    why: `Waiting for pods of ${rs.metadata.name} to become available (${avail} of ${pods.length}); maxUnavailable ${input.maxUnavailable} keeps old pods until then.`,
  };
}

/** Every pod of the Deployment: the RS controller ranks by colocation with all related pods. */
function allPods(input: NextStepInput): RawPod[] {
  return [...input.podsByRs.values()].flat();
}
