/**
 * `rollscope plan`: what applying manifests will make the controllers do, and its risks. Pure:
 * the CLI reads the files and (optionally) the cluster and passes both in.
 */
import { resolveFenceposts } from "../model/fenceposts";
import { ownedPods, ownedReplicaSets } from "../model/rollout";
import { findNewReplicaSet } from "../model/templates";
import { isActivePod, podCondition, readinessProbeSummary } from "../model/pod";
import type { RawObject } from "../model/raw";
import type { Finding } from "../model/types";
import {
  blindProbeFinding,
  deadlineFinding,
  deploymentsSelectedBy,
  emptiesServiceFinding,
  rollbackBlocker,
  rollbackFinding,
  slowestReady,
  SLOW_READY_SECONDS,
} from "../diagnose";
import { Board, formatResources, nodeRooms, podRequests, type Resources } from "../diagnose/capacity";
import { simulateRollout, type RolloutSimulation } from "./simulate";
import { pdbFinding, surgeFinding } from "../diagnose/capacityRisks";
import {
  isKind,
  type RawDeployment,
  type RawNode,
  type RawPod,
  type RawPodDisruptionBudget,
  type RawReplicaSet,
  type RawService,
} from "../model/rawKinds";

/** The live state a plan compares against; undefined members were not readable. */
export interface ClusterState {
  deployments: readonly RawDeployment[];
  replicaSets: readonly RawReplicaSet[];
  pods: readonly RawPod[];
  services: readonly RawService[];
  nodes?: readonly RawNode[];
  /** Every pod of the cluster bound to a node (room is per node, across namespaces); default `pods`. */
  podsOnNodes?: readonly RawPod[];
  pdbs?: readonly RawPodDisruptionBudget[];
}

/** The plan of one Deployment of the manifests. */
export interface DeploymentPlan {
  namespace: string;
  name: string;
  /** create: not in the cluster (or no cluster); rollout: its template changes; scale: replicas; spec: other fields, no new pods; unchanged. */
  change: "create" | "rollout" | "scale" | "spec" | "unchanged";
  replicas: number;
  strategy: "RollingUpdate" | "Recreate";
  maxSurge: number;
  maxUnavailable: number;
  /** Seconds a new pod needs to become available, and where the figure comes from. */
  readySeconds: number;
  readySource: "observed" | "probe estimate";
  simulation: RolloutSimulation;
  peakResourcesText: string;
  /** Whether every step fits the nodes' free room now; undefined without a cluster. */
  fitsNow?: boolean;
}

/** Everything `plan` prints. */
export interface Plan {
  cluster: boolean;
  deployments: DeploymentPlan[];
  findings: Finding[];
}

/** Plans every Deployment of `manifests` against `cluster` (or none). */
export function planManifests(manifests: readonly RawObject[], cluster: ClusterState | undefined, defaultNamespace = "default"): Plan {
  const withNs = manifests.map((m) => ({ ...m, metadata: { ...m.metadata, namespace: m.metadata.namespace ?? defaultNamespace } }));
  const deployments = withNs.filter((m) => isKind(m, "Deployment"));
  const plans: DeploymentPlan[] = [];
  const findings: Finding[] = [];
  for (const d of deployments) {
    const { plan, findings: fs } = planDeployment(d, cluster);
    plans.push(plan);
    findings.push(...fs);
  }
  findings.push(...serviceRisks(withNs, deployments, cluster), ...pdbRisks(withNs, deployments, cluster));
  return { cluster: cluster !== undefined, deployments: plans, findings };
}

function sameObject(a: RawObject, b: RawObject): boolean {
  return a.metadata.name === b.metadata.name && a.metadata.namespace === b.metadata.namespace;
}

function live(cluster: ClusterState | undefined, d: RawDeployment): RawDeployment | undefined {
  return cluster?.deployments.find((x) => sameObject(x, d));
}

/** Whether every field the manifest sets has the same value in the stored object (defaults aside). */
export function setFieldsEqual(manifest: unknown, stored: unknown): boolean {
  if (manifest === null || typeof manifest !== "object") return manifest === stored || (manifest === null && stored === undefined);
  if (stored === null || typeof stored !== "object") return false;
  if (Array.isArray(manifest))
    return Array.isArray(stored) && manifest.length === stored.length && manifest.every((m, i) => setFieldsEqual(m, stored[i]));
  return Object.entries(manifest).every(([k, v]) => setFieldsEqual(v, (stored as Record<string, unknown>)[k]));
}

function planDeployment(d: RawDeployment, cluster: ClusterState | undefined): { plan: DeploymentPlan; findings: Finding[] } {
  const current = live(cluster, d);
  const spec = d.spec ?? {};
  const replicas: number = spec.replicas ?? 1;
  const strategy = spec.strategy?.type === "Recreate" ? "Recreate" : "RollingUpdate";
  const fence = resolveFenceposts(spec);
  const newRequests = podRequests(spec.template?.spec);
  const rss = current && cluster ? ownedReplicaSets(current, cluster.replicaSets) : [];
  const pods = current && cluster ? rss.flatMap((rs) => ownedPods(rs, cluster.pods)) : [];
  const liveNew = current ? findNewReplicaSet(current, rss) : undefined;
  const sameTemplate = current !== undefined && setFieldsEqual(spec.template, current.spec?.template);
  const change = !current
    ? "create"
    : !sameTemplate
      ? "rollout"
      : replicas !== (current.spec?.replicas ?? 1)
        ? "scale"
        : setFieldsEqual(spec, current.spec)
          ? "unchanged"
          : "spec";
  const oldPods = change === "rollout" ? pods.filter(isActivePod) : [];
  const keptNew =
    change === "rollout" ? 0 : Math.min(replicas, liveNew ? ownedPods(liveNew, cluster?.pods ?? []).filter(isActivePod).length : 0);
  const slow = slowestReady(pods);
  const probe = readinessProbeSummary(spec.template?.spec);
  const minReady: number = spec.minReadySeconds ?? 0;
  const started = slowestStart(pods);
  const readySeconds = (started !== undefined ? started : probe ? probe.initialDelaySeconds + probe.periodSeconds : 0) + minReady;
  const board = cluster?.nodes
    ? new Board(nodeRooms(cluster.nodes, cluster.podsOnNodes ?? cluster.pods), spec.template?.spec?.nodeSelector ?? {})
    : undefined;
  const oldRequests = oldPods[0] ? podRequests(oldPods[0].spec) : newRequests;
  const simulation = simulateRollout({
    replicas,
    strategy,
    maxSurge: fence.maxSurge,
    maxUnavailable: fence.maxUnavailable,
    oldPods: oldPods.length,
    oldAvailable: oldPods.filter((p) => podCondition(p, "Ready")?.status === "True").length,
    oldNodes: oldPods.map((p) => p.spec?.nodeName as string),
    newPods: keptNew,
    readySeconds,
    terminationSeconds: oldPods[0]?.spec?.terminationGracePeriodSeconds ?? 30,
    oldRequests,
    newRequests,
    board,
  });
  const plan: DeploymentPlan = {
    namespace: d.metadata.namespace ?? "default",
    name: d.metadata.name ?? "",
    change,
    replicas,
    strategy,
    ...fence,
    readySeconds,
    readySource: started !== undefined ? "observed" : "probe estimate",
    simulation,
    peakResourcesText: formatResources(simulation.peakResources),
  };
  if (board) plan.fitsNow = simulation.stall === undefined;
  return { plan, findings: deploymentRisks(d, slow, simulation, board, newRequests) };
}

/**
 * The longest a Ready pod took from being bound to a node to Ready: the simulation adds the wait
 * for room itself, so time spent Pending is not counted twice.
 */
function slowestStart(pods: readonly RawPod[]): number | undefined {
  let best: number | undefined;
  for (const p of pods) {
    const ready = podCondition(p, "Ready");
    const bound = Date.parse(podCondition(p, "PodScheduled")?.lastTransitionTime ?? "");
    const at = Date.parse(ready?.lastTransitionTime ?? "");
    if (ready?.status !== "True" || !Number.isFinite(bound) || !Number.isFinite(at) || at < bound) continue;
    best = Math.max(best ?? 0, (at - bound) / 1000);
  }
  return best;
}

function deploymentRisks(
  d: RawDeployment,
  slow: ReturnType<typeof slowestReady>,
  sim: RolloutSimulation,
  board: Board | undefined,
  req: Resources,
): Finding[] {
  const out: Finding[] = [];
  // After this rollout the running ReplicaSet is the undo target; only a history limit of 0 removes it.
  const why = rollbackBlocker(d, undefined);
  if (why) out.push(rollbackFinding(d, why));
  if (slow) {
    const proof = `pod/${slow.pod.metadata.name ?? ""} of the running deployment/${d.metadata.name ?? ""} took ${Math.round(slow.seconds)}s from creation to Ready`;
    const f = deadlineFinding(d, slow.seconds, proof);
    if (f) out.push(f);
    if (slow.seconds >= SLOW_READY_SECONDS) {
      const b = blindProbeFinding(d, proof);
      if (b) out.push(b);
    }
  }
  if (sim.stall && board) out.push(surgeFinding(d, sim, req, board));
  return out;
}

function serviceRisks(
  manifests: readonly RawObject[],
  deployments: readonly RawDeployment[],
  cluster: ClusterState | undefined,
): Finding[] {
  const services = [
    ...manifests.filter((m) => isKind(m, "Service")),
    ...(cluster?.services ?? []).filter((s) => !manifests.some((m) => m.kind === "Service" && sameObject(m, s))),
  ];
  const others = (cluster?.deployments ?? []).filter((x) => !deployments.some((d) => sameObject(d, x)));
  return services.flatMap((s) => {
    const behind = deploymentsSelectedBy(s, [...deployments, ...others]);
    if (!behind.some((b) => deployments.includes(b))) return [];
    const f = emptiesServiceFinding(s, behind);
    return f ? [{ ...f, severity: "error" as const }] : [];
  });
}

function pdbRisks(manifests: readonly RawObject[], deployments: readonly RawDeployment[], cluster: ClusterState | undefined): Finding[] {
  const fromFiles = manifests.filter((m) => isKind(m, "PodDisruptionBudget"));
  const pdbs = [...fromFiles, ...(cluster?.pdbs ?? []).filter((p) => !fromFiles.some((f) => sameObject(f, p)))];
  return deployments.flatMap((d) => pdbs.flatMap((p) => pdbFinding(d, p) ?? []));
}
