/**
 * rolloutView: one Deployment, its ReplicaSets and their pods → the DeploymentView the stage
 * animates (the argo-rollouts `info` pattern: one pure builder over raw objects).
 */
import { rolloutBudget } from "./budget";
import { resolveFenceposts } from "./fenceposts";
import { predictNextStep } from "./nextStep";
import { isActivePod, isPodAvailable, podCondition, podView } from "./pod";
import { records, stringMap } from "./wire";
import { controlledBy } from "./objectIndex";
import { ANN_CHANGE_CAUSE, ANN_REVISION_HISTORY, revisionOf, timeMs } from "./raw";
import type { RawDeployment, RawPod, RawReplicaSet } from "./rawKinds";
import { rolloutStatusLine } from "./rolloutStatus";
import { byCreation, findNewReplicaSet, templateChanges, templateImage, templateVersion } from "./templates";
import type { ConditionView, DeploymentView, ReplicaSetView, RevisionView, RolloutPhase, Strategy } from "./types";

/** ReplicaSets whose controller ownerReference is this Deployment. */
export function ownedReplicaSets(deployment: RawDeployment, replicaSets: readonly RawReplicaSet[]): RawReplicaSet[] {
  return controlledBy(deployment, "Deployment", replicaSets).filter((rs) => rs.kind === undefined || rs.kind === "ReplicaSet");
}

/** Pods whose controller ownerReference is this ReplicaSet. */
export function ownedPods(rs: RawReplicaSet, pods: readonly RawPod[]): RawPod[] {
  return controlledBy(rs, "ReplicaSet", pods).filter((p) => p.kind === undefined || p.kind === "Pod");
}

/** The Deployment's status.conditions, typed. */
export function deploymentConditions(deployment: RawDeployment): ConditionView[] {
  return records(deployment.status?.conditions).map((raw) => {
    const c = stringMap(raw);
    const v: ConditionView = { type: c.type ?? "", status: c.status === "True" || c.status === "False" ? c.status : "Unknown" };
    if (c.reason) v.reason = c.reason;
    if (c.message) v.message = c.message;
    if (c.lastUpdateTime) v.lastUpdateTime = c.lastUpdateTime;
    if (c.lastTransitionTime) v.lastTransitionTime = c.lastTransitionTime;
    return v;
  });
}

/** `kubectl rollout undo` to one revision. */
export function undoCommand(name: string, namespace: string, revision: number): string {
  return `kubectl rollout undo deployment/${name} --to-revision=${revision} -n ${namespace}`;
}

/**
 * Phase and the reason a learner reads. Paused wins (the user asked for the stop; the deadline
 * does not run while paused); then Stuck (Progressing=False ProgressDeadlineExceeded); then
 * Complete (NewReplicaSetAvailable, or no deadline configured, with all counts equal to R).
 */
export function rolloutPhase(deployment: RawDeployment, conditions: readonly ConditionView[]): { phase: RolloutPhase; reason: string } {
  const R: number = deployment.spec?.replicas ?? 1;
  const s = deployment.status ?? {};
  const progressing = conditions.find((c) => c.type === "Progressing");
  if (deployment.spec?.paused) {
    return { phase: "Paused", reason: "spec.paused is true: template changes wait for `kubectl rollout resume`." };
  }
  if (progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded") {
    return {
      phase: "Stuck",
      reason: `${progressing.message ?? "Progress deadline exceeded"} (no progress for progressDeadlineSeconds=${deployment.spec?.progressDeadlineSeconds ?? 600}s)`,
    };
  }
  const countsEqual =
    (s.updatedReplicas ?? 0) === R &&
    (s.replicas ?? 0) === R &&
    (s.availableReplicas ?? 0) === R &&
    (s.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0);
  if (countsEqual && (progressing === undefined || progressing.reason === "NewReplicaSetAvailable")) {
    return { phase: "Complete", reason: progressing?.message ?? "All replicas are updated and available." };
  }
  if (progressing?.reason === "NewReplicaSetAvailable") {
    // The controller never leaves NewReplicaSetAvailable once reached (no deadline runs after
    // completion), so lost availability must be said here or the condition reads as healthy.
    return { phase: "Progressing", reason: `All replicas were updated, but only ${s.availableReplicas ?? 0} of ${R} are available now.` };
  }
  return { phase: "Progressing", reason: progressing?.message ?? "Rollout in progress." };
}

/** Builds the view of one Deployment. `replicaSets` and `pods` may include unrelated objects. */
export function rolloutView(
  deployment: RawDeployment,
  replicaSets: readonly RawReplicaSet[],
  pods: readonly RawPod[],
  now: number,
): DeploymentView {
  const name = deployment.metadata.name ?? "";
  const namespace = deployment.metadata.namespace ?? "";
  const spec = deployment.spec ?? {};
  const replicas: number = spec.replicas ?? 1;
  const strategy: Strategy = spec.strategy?.type === "Recreate" ? "Recreate" : "RollingUpdate";
  const fence = resolveFenceposts(spec);
  const minReadySeconds: number = spec.minReadySeconds ?? 0;
  const owned = ownedReplicaSets(deployment, replicaSets).sort(byCreation);
  const newRs = findNewReplicaSet(deployment, owned);
  const conditions = deploymentConditions(deployment);
  const { phase, reason } = rolloutPhase(deployment, conditions);

  const podsByRs = new Map<string, RawPod[]>();
  const availableByRs = new Map<string, number>();
  let totalPods = 0;
  let totalAvailable = 0;
  const rsViews: ReplicaSetView[] = owned.map((rs) => {
    const mine = ownedPods(rs, pods);
    podsByRs.set(rs.metadata.uid ?? "", mine);
    const active = mine.filter(isActivePod);
    const available = active.filter((p) => isPodAvailable(p, minReadySeconds, now)).length;
    availableByRs.set(rs.metadata.uid ?? "", available);
    totalPods += active.length;
    totalAvailable += available;
    return replicaSetView(rs, rs === newRs, mine, minReadySeconds, now);
  });
  rsViews.sort((a, b) => a.revision - b.revision);

  const view: DeploymentView = {
    uid: deployment.metadata.uid ?? `${namespace}/${name}`,
    name,
    namespace,
    strategy,
    replicas,
    maxSurge: fence.maxSurge,
    maxUnavailable: fence.maxUnavailable,
    minReadySeconds,
    paused: spec.paused === true,
    phase,
    phaseReason: reason,
    generation: deployment.metadata.generation ?? 0,
    observedGeneration: deployment.status?.observedGeneration ?? 0,
    conditions,
    rolloutStatus: rolloutStatusLine(deployment),
    budget: rolloutBudget(replicas, fence, { totalPods, available: totalAvailable }, strategy),
    replicaSets: rsViews,
    revisions: revisionViews(name, namespace, owned),
    labels: deployment.metadata.labels ?? {},
  };
  if (strategy === "RollingUpdate") {
    const ru = spec.strategy?.rollingUpdate ?? {};
    view.maxSurgeRaw = ru.maxSurge ?? "25%";
    view.maxUnavailableRaw = ru.maxUnavailable ?? "25%";
  }
  if (typeof spec.progressDeadlineSeconds === "number") view.progressDeadlineSeconds = spec.progressDeadlineSeconds;
  view.revisionHistoryLimit = typeof spec.revisionHistoryLimit === "number" ? spec.revisionHistoryLimit : 10;
  // rollback.go: --to-revision=0 picks the ReplicaSet with the second-highest revision.
  const revs = view.revisions.map((r) => r.revision).sort((a, b) => b - a);
  if (revs.length > 1) view.rollbackRevision = revs[1];
  const left = deadlineSecondsLeft(phase, conditions, view.progressDeadlineSeconds, now);
  if (left !== undefined) view.deadlineSecondsLeft = left;
  const next = predictNextStep({
    deployment,
    phase,
    replicas,
    maxSurge: fence.maxSurge,
    maxUnavailable: fence.maxUnavailable,
    replicaSets: owned,
    newReplicaSet: newRs,
    podsByRs,
    availableByRs,
    now,
  });
  if (next) view.next = next;
  return view;
}

function deadlineSecondsLeft(
  phase: RolloutPhase,
  conditions: readonly ConditionView[],
  deadline: number | undefined,
  now: number,
): number | undefined {
  if (phase !== "Progressing" || deadline === undefined) return undefined;
  const p = conditions.find((c) => c.type === "Progressing");
  if (p?.reason === "NewReplicaSetAvailable") return undefined;
  const since = timeMs(p?.lastUpdateTime);
  if (since === undefined) return undefined;
  return Math.max(0, Math.round((since + deadline * 1000 - now) / 1000));
}

function replicaSetView(rs: RawReplicaSet, isNew: boolean, pods: RawPod[], minReadySeconds: number, now: number): ReplicaSetView {
  const template = rs.spec?.template;
  const active = pods.filter(isActivePod);
  const history = (rs.metadata.annotations?.[ANN_REVISION_HISTORY] ?? "")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const view: ReplicaSetView = {
    uid: rs.metadata.uid ?? rs.metadata.name ?? "",
    name: rs.metadata.name ?? "",
    revision: revisionOf(rs),
    revisionHistory: history,
    isNew,
    image: templateImage(template),
    desired: rs.spec?.replicas ?? 0,
    current: active.length,
    ready: active.filter((p) => podCondition(p, "Ready")?.status === "True").length,
    available: active.filter((p) => isPodAvailable(p, minReadySeconds, now)).length,
    terminating: pods.filter((p) => p.metadata.deletionTimestamp).length,
    pods: [...pods].sort(byCreation).map((p) => podView(p, minReadySeconds, now)),
  };
  const version = templateVersion(template);
  if (version !== undefined) view.version = version;
  const cause = rs.metadata.annotations?.[ANN_CHANGE_CAUSE];
  if (cause) view.changeCause = cause;
  if (rs.metadata.creationTimestamp) view.createdAt = rs.metadata.creationTimestamp;
  return view;
}

function revisionViews(name: string, namespace: string, owned: readonly RawReplicaSet[]): RevisionView[] {
  const sorted = [...owned].filter((rs) => revisionOf(rs) > 0).sort((a, b) => revisionOf(a) - revisionOf(b));
  return sorted.map((rs, i) => {
    const prev = i > 0 ? sorted[i - 1] : undefined;
    const v: RevisionView = {
      revision: revisionOf(rs),
      replicaSet: rs.metadata.name ?? "",
      image: templateImage(rs.spec?.template),
      changes: prev ? templateChanges(prev.spec?.template, rs.spec?.template) : [],
      changesFrom: changesFrom(rs, sorted),
      undoCommand: undoCommand(name, namespace, revisionOf(rs)),
    };
    const cause = rs.metadata.annotations?.[ANN_CHANGE_CAUSE];
    if (cause) v.changeCause = cause;
    const version = templateVersion(rs.spec?.template);
    if (version !== undefined) v.version = version;
    return v;
  });
}

/** What changes going from each other revision's template to this ReplicaSet's. */
function changesFrom(rs: RawReplicaSet, revisions: readonly RawReplicaSet[]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const other of revisions) if (other !== rs) out[revisionOf(other)] = templateChanges(other.spec?.template, rs.spec?.template);
  return out;
}

/**
 * What changes in the pod template going from revision `from` to revision `to` of a Deployment's
 * view; undefined when either revision's ReplicaSet is gone, [] for the same revision.
 */
export function revisionDiff(d: DeploymentView, from: number, to: number): string[] | undefined {
  const target = d.revisions.find((r) => r.revision === to);
  if (!target || !d.revisions.some((r) => r.revision === from)) return undefined;
  return from === to ? [] : target.changesFrom[from];
}
