/**
 * What every check needs, computed once per diagnose call: the views of each Deployment and
 * Service plus the raw objects behind them, grouped by namespace.
 */
import { findNewReplicaSet } from "../model/templates";
import { ownedPods, ownedReplicaSets, rolloutView } from "../model/rollout";
import { listKind, type Store } from "../model/store";
import { selectByLabels } from "../model/objectIndex";
import { selectsPods, serviceSelector } from "../model/wire";
import { revisionOf, timeMs, type RawObject } from "../model/raw";
import type {
  RawDeployment,
  RawEndpoints,
  RawEndpointSlice,
  RawEvent,
  RawPod,
  RawPodDisruptionBudget,
  RawReplicaSet,
  RawService,
} from "../model/rawKinds";
import { trafficView } from "../model/traffic";
import { fallbackFor, type Fallback } from "./siblings";
import { roomLookup, type RoomFit } from "./capacityFit";
import type { DeploymentView, MalformedObject, ObjectRef, ServiceView } from "../model/types";

/** One Deployment with its view and the raw objects the checks read. */
export interface DeploymentFacts {
  raw: RawDeployment;
  view: DeploymentView;
  /** Owned ReplicaSets. */
  replicaSets: readonly RawReplicaSet[];
  newReplicaSet?: RawReplicaSet;
  /** Pods of the new ReplicaSet. */
  newPods: RawPod[];
  /** Pods of every owned ReplicaSet. */
  pods: readonly RawPod[];
  /** Highest revision below the new one among owned ReplicaSets (the `undo` target), if any. */
  rollbackRevision?: number;
  /** Set when the Deployment is a canary or one colour of a blue-green pair. */
  fallback?: Fallback;
}

/** One Service with its view and the pods its selector matches. */
export interface ServiceFacts {
  raw: RawService;
  view: ServiceView;
  /** Pods the selector matches. */
  matched: RawPod[];
}

/** Everything the checks of one diagnose call read, built once. */
export interface DiagnoseContext {
  now: number;
  /** The Deployment each owned pod belongs to. */
  ownerOfPod: ReadonlyMap<RawPod, DeploymentFacts>;
  deployments: DeploymentFacts[];
  services: ServiceFacts[];
  pods: readonly RawPod[];
  replicaSets: readonly RawReplicaSet[];
  events: readonly RawEvent[];
  /** What the nodes offer one more pod of a Deployment; absent when no Node is known (capacity unknown). */
  room?: (d: RawDeployment) => RoomFit | undefined;
  /** PodDisruptionBudgets of the scope. */
  pdbs?: readonly RawPodDisruptionBudget[];
}

/**
 * Runs `build` for each object. With a `malformed` collector, an object whose view throws (a
 * broken shape from the wire) is reported there and left out; without one the error propagates.
 */
export function buildEach<O extends RawObject, T>(
  objects: readonly O[],
  malformed: MalformedObject[] | undefined,
  build: (o: O) => T,
): T[] {
  if (!malformed) return objects.map(build);
  const out: T[] = [];
  for (const o of objects) {
    try {
      out.push(build(o));
    } catch (err) {
      malformed.push({
        kind: o.kind ?? "?",
        namespace: o.metadata.namespace ?? "",
        name: o.metadata.name ?? "",
        error: String((err as Error | undefined)?.message ?? err),
      });
    }
  }
  return out;
}

/**
 * Builds the context for one namespace, or all when `namespace` is undefined. Pass `malformed`
 * to skip (and report) objects whose views cannot be computed instead of throwing.
 */
export function diagnoseContext(store: Store, namespace: string | undefined, now: number, malformed?: MalformedObject[]): DiagnoseContext {
  const deployments = listKind(store, "Deployment", namespace);
  const replicaSets = listKind(store, "ReplicaSet", namespace);
  const pods = listKind(store, "Pod", namespace);
  const services = listKind(store, "Service", namespace).filter(selectsPods);
  const slices = listKind(store, "EndpointSlice", namespace);
  const endpoints = listKind(store, "Endpoints", namespace);
  const events = listKind(store, "Event", namespace);
  // Room is per node: every Node, and the pods of every namespace bound to them.
  const room = roomLookup(Object.values(store.objects.Node), () => Object.values(store.objects.Pod));
  const deploymentFacts = buildEach(deployments, malformed, (d) => buildDeploymentFacts(d, replicaSets, pods, deployments, services, now));
  return {
    now,
    ownerOfPod: ownerIndex(deploymentFacts),
    pods,
    replicaSets,
    events,
    deployments: deploymentFacts,
    services: buildEach(services, malformed, (s) => buildServiceFacts(s, slices, endpoints, pods, deployments, replicaSets)),
    ...(room ? { room } : {}),
    pdbs: listKind(store, "PodDisruptionBudget", namespace),
  };
}

/** The Deployment each pod of `facts` belongs to. */
export function ownerIndex(facts: readonly DeploymentFacts[]): Map<RawPod, DeploymentFacts> {
  const ownerOfPod = new Map<RawPod, DeploymentFacts>();
  for (const d of facts) for (const p of d.pods) ownerOfPod.set(p, d);
  return ownerOfPod;
}

/**
 * The facts of one Deployment. The lists may hold unrelated objects (every object of the scope);
 * `deployments` and `services` are the candidates for its blue-green or canary siblings.
 */
export function buildDeploymentFacts(
  d: RawDeployment,
  replicaSets: readonly RawReplicaSet[],
  pods: readonly RawPod[],
  deployments: readonly RawDeployment[],
  services: readonly RawService[],
  now: number,
): DeploymentFacts {
  const owned = ownedReplicaSets(d, replicaSets);
  const newRs = findNewReplicaSet(d, owned);
  const current = newRs ? revisionOf(newRs) : revisionOf(d);
  const older = owned.map(revisionOf).filter((r) => r > 0 && r < current);
  const facts: DeploymentFacts = {
    raw: d,
    view: rolloutView(d, replicaSets, pods, now),
    replicaSets: owned,
    newPods: newRs ? ownedPods(newRs, pods) : [],
    pods: owned.flatMap((rs) => ownedPods(rs, pods)),
  };
  if (newRs) facts.newReplicaSet = newRs;
  if (older.length > 0) facts.rollbackRevision = Math.max(...older);
  const fallback = fallbackFor(d, deployments, services);
  if (fallback) facts.fallback = fallback;
  return facts;
}

/** The facts of one Service; the lists may hold unrelated objects. */
export function buildServiceFacts(
  s: RawService,
  slices: readonly RawEndpointSlice[],
  endpoints: readonly RawEndpoints[],
  pods: readonly RawPod[],
  deployments: readonly RawDeployment[],
  replicaSets: readonly RawReplicaSet[],
): ServiceFacts {
  const view = trafficView(s, slices, endpoints, pods, deployments, replicaSets);
  const matched = selectByLabels(pods, s.metadata.namespace ?? "", serviceSelector(s));
  return { raw: s, view, matched };
}

/** The Deployments whose pods a Service selects, in context order. */
export function deploymentsBehind(ctx: DiagnoseContext, s: ServiceFacts): DeploymentFacts[] {
  const found = new Set<DeploymentFacts>();
  for (const p of s.matched) {
    const d = ctx.ownerOfPod.get(p);
    if (d) found.add(d);
  }
  return ctx.deployments.filter((d) => found.has(d));
}

/** The Deployment a pod belongs to (through its ReplicaSet), if any. */
export function deploymentOfPod(ctx: DiagnoseContext, pod: RawPod): DeploymentFacts | undefined {
  return ctx.ownerOfPod.get(pod);
}

/** ObjectRef of a raw object. */
export function refOf(obj: RawObject, kind = obj.kind ?? ""): ObjectRef {
  return { kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "" };
}

/** Most recent Event of `reason` about `obj` (by uid, else name), with its count. */
export function latestEvent(ctx: DiagnoseContext, obj: RawObject, reason: string): { message: string; count: number } | undefined {
  let best: RawEvent | undefined;
  let bestAt = -Infinity;
  for (const e of ctx.events) {
    const io = e.involvedObject;
    if (e.reason !== reason || !io) continue;
    const same = io.uid && obj.metadata.uid ? io.uid === obj.metadata.uid : io.name === obj.metadata.name && io.kind === obj.kind;
    if (!same || e.metadata.namespace !== obj.metadata.namespace) continue;
    const at = eventTime(e);
    if (at >= bestAt) {
      best = e;
      bestAt = at;
    }
  }
  if (!best) return undefined;
  const series = best.series as { count?: number } | undefined;
  const count = typeof best.count === "number" ? best.count : typeof series?.count === "number" ? series.count : 1;
  return { message: String(best.message ?? ""), count };
}

/**
 * When an Event last happened. Core events carry lastTimestamp; events written through
 * events.k8s.io/v1 carry series.lastObservedTime or only eventTime.
 */
function eventTime(e: RawEvent): number {
  const series = e.series as { lastObservedTime?: string } | undefined;
  const ts = [e.lastTimestamp, series?.lastObservedTime, e.eventTime, e.metadata.creationTimestamp].find(
    (t): t is string => typeof t === "string",
  );
  return timeMs(ts) ?? 0;
}

/** Seconds as "95s" / "11m40s", the way kubectl prints ages. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ""}`;
  return `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ""}`;
}
