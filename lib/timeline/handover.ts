/**
 * The handover chart's data: for one Deployment, the ready and unready pods of each ReplicaSet
 * over time, the envelope the controller keeps them in (ceiling `replicas + maxSurge`, floor
 * `replicas − maxUnavailable`, resolved by lib/model's fenceposts) and the moments it acted
 * (a ReplicaSet resized: the ScalingReplicaSet events). Pure and incremental: each watch event
 * costs O(1) — it reads counts it keeps, never the pods of the cluster — and a Deployment's series
 * is a new object only after one of its own changes (memoise on identity).
 */
import { resolveFenceposts } from "../model/fenceposts";
import { isActivePod, podCondition } from "../model/pod";
import { controllerRef, revisionOf, type RawObject } from "../model/raw";
import type { StoreEvent } from "../model/store";
import { filedAs, type RawPod } from "../model/rawKinds";

/** Pods of one ReplicaSet from time `t` until the next point. */
export interface HandoverPoint {
  t: number;
  ready: number;
  unready: number;
}

/** One ReplicaSet (one pod template) of the Deployment; `revision` is its latest. */
export interface RevisionSeries {
  revision: number;
  replicaSet: string;
  points: readonly HandoverPoint[];
}

/** The envelope from time `t` on. */
export interface EnvelopePoint {
  t: number;
  replicas: number;
  /** replicas + maxSurge: the most pods the controller keeps. */
  ceiling: number;
  /** replicas − maxUnavailable: the fewest available pods it allows. */
  floor: number;
}

/** The controller resized a ReplicaSet. */
export interface HandoverMark {
  t: number;
  revision: number;
  replicaSet: string;
  from: number;
  to: number;
  text: string;
}

export interface HandoverSeries {
  namespace: string;
  name: string;
  strategy: "RollingUpdate" | "Recreate";
  start: number;
  /** Time of the last change seen for this Deployment. */
  end: number;
  /** In revision order. */
  revisions: readonly RevisionSeries[];
  envelope: readonly EnvelopePoint[];
  marks: readonly HandoverMark[];
}

export interface TimedEvent extends StoreEvent {
  t: number;
}

export interface HandoverBuilder {
  /**
   * Folds one event in; returns whether some Deployment's series changed. `quiet`: the event is
   * part of a first picture (page opened, resync), so a ReplicaSet it shows is not marked as scaled.
   */
  add(e: TimedEvent, quiet?: boolean): boolean;
  /**
   * After a new picture of the cluster (reconnect, resync): pods gone from `objects` are dropped,
   * every object there is folded in quietly. Costs what the picture holds, once per resync.
   */
  resync(objects: Readonly<Record<"Deployment" | "ReplicaSet" | "Pod", Readonly<Record<string, RawObject>>>>, t: number): boolean;
  /** The series of `namespace/name` (the same object until it changes), undefined if never seen. */
  seriesOf(namespace: string, name: string): HandoverSeries | undefined;
}

interface RsState {
  uid: string;
  name: string;
  revision: number;
  replicas: number;
  ready: number;
  unready: number;
  deployment?: string;
  points: HandoverPoint[];
}

interface DeploymentState {
  namespace: string;
  name: string;
  strategy: HandoverSeries["strategy"];
  start: number;
  end: number;
  replicaSets: RsState[];
  envelope: EnvelopePoint[];
  marks: HandoverMark[];
  cached?: HandoverSeries;
}

interface PodState {
  rs: string;
  ready: boolean;
  active: boolean;
}

/** Appends a step, or replaces the last one when it has the same time (one batch, one step). */
function pushStep<P extends { t: number }>(list: P[], p: P, same: (a: P, b: P) => boolean): void {
  const last = list[list.length - 1];
  if (last && same(last, p)) return;
  if (last && last.t === p.t) list[list.length - 1] = p;
  else list.push(p);
}

const sameCounts = (a: HandoverPoint, b: HandoverPoint) => a.ready === b.ready && a.unready === b.unready;
const sameEnvelope = (a: EnvelopePoint, b: EnvelopePoint) => a.ceiling === b.ceiling && a.floor === b.floor && a.replicas === b.replicas;
const uidOf = (o: RawObject) => o.metadata.uid ?? `${o.metadata.namespace}/${o.metadata.name}`;
const isReady = (pod: RawPod) => podCondition(pod, "Ready")?.status === "True";

function snapshot(d: DeploymentState): HandoverSeries {
  const revisions = d.replicaSets
    .map((rs) => ({
      revision: rs.revision,
      replicaSet: rs.name,
      points: rs.points.slice(),
    }))
    .sort((a, b) => a.revision - b.revision);
  return {
    namespace: d.namespace,
    name: d.name,
    strategy: d.strategy,
    start: d.start,
    end: d.end,
    revisions,
    envelope: d.envelope.slice(),
    marks: d.marks.slice(),
  };
}

/** A builder to feed events in time order (a recording, or the live stream as it comes). */
export function handoverBuilder(): HandoverBuilder {
  const deployments = new Map<string, DeploymentState>(); // Deployment uid →
  const byName = new Map<string, string>(); // namespace/name → Deployment uid
  const replicaSets = new Map<string, RsState>(); // RS uid →
  const pods = new Map<string, PodState>(); // Pod uid →

  const touch = (d: DeploymentState, t: number) => {
    d.cached = undefined;
    d.end = Math.max(d.end, t);
  };
  const ownerOf = (rs: RsState) => (rs.deployment ? deployments.get(rs.deployment) : undefined);
  const recordCounts = (rs: RsState, t: number): boolean => {
    const d = ownerOf(rs);
    if (!d) return false;
    const before = rs.points.length;
    const last = rs.points[before - 1];
    pushStep(rs.points, { t, ready: rs.ready, unready: rs.unready }, sameCounts);
    if (rs.points.length === before && rs.points[before - 1] === last) return false;
    touch(d, t);
    return true;
  };

  const adopt = (d: DeploymentState, rs: RsState, t: number) => {
    if (!d.replicaSets.includes(rs)) d.replicaSets.push(rs);
    recordCounts(rs, t);
  };

  const onDeployment = (e: TimedEvent): boolean => {
    const o = e.object;
    const uid = uidOf(o);
    if (e.type === "DELETED") return false;
    let d = deployments.get(uid);
    if (!d) {
      d = {
        namespace: o.metadata.namespace ?? "",
        name: o.metadata.name ?? "",
        strategy: "RollingUpdate",
        start: e.t,
        end: e.t,
        replicaSets: [],
        envelope: [],
        marks: [],
      };
      deployments.set(uid, d);
      byName.set(`${d.namespace}/${d.name}`, uid);
      // ReplicaSets seen before their Deployment are adopted now.
      for (const rs of replicaSets.values()) if (rs.deployment === uid) adopt(d, rs, e.t);
    }
    const spec = (o.spec ?? {}) as Parameters<typeof resolveFenceposts>[0];
    const replicas = spec.replicas ?? 1;
    const fence = resolveFenceposts(spec);
    const strategy = spec.strategy?.type === "Recreate" ? "Recreate" : "RollingUpdate";
    const n = d.envelope.length;
    const last = d.envelope[n - 1];
    pushStep(
      d.envelope,
      {
        t: e.t,
        replicas,
        ceiling: replicas + fence.maxSurge,
        floor: replicas - fence.maxUnavailable,
      },
      sameEnvelope,
    );
    if (strategy === d.strategy && d.envelope.length === n && d.envelope[n - 1] === last) return false;
    d.strategy = strategy;
    touch(d, e.t);
    return true;
  };

  const onReplicaSet = (e: TimedEvent, quiet: boolean): boolean => {
    const o = filedAs("ReplicaSet", e.object);
    const uid = uidOf(o);
    let rs = replicaSets.get(uid);
    if (e.type === "DELETED") {
      if (rs) rs.replicas = 0;
      return false;
    }
    const to: number = o.spec?.replicas ?? 0;
    const isNew = !rs || rs.name === "";
    if (!rs) {
      rs = {
        uid,
        name: o.metadata.name ?? "",
        revision: 0,
        replicas: 0,
        ready: 0,
        unready: 0,
        points: [],
      };
      replicaSets.set(uid, rs);
    }
    const from = rs.replicas;
    rs.replicas = to;
    rs.name = o.metadata.name ?? rs.name;
    let changed = false;
    const revision = revisionOf(o);
    const owner = controllerRef(o)?.kind === "Deployment" ? controllerRef(o)?.uid : undefined;
    if (owner !== rs.deployment) {
      rs.deployment = owner;
      const d = owner ? deployments.get(owner) : undefined;
      if (d) adopt(d, rs, e.t);
      changed = Boolean(d);
    }
    const d = ownerOf(rs);
    if (!d) return changed;
    if (revision !== rs.revision) {
      rs.revision = revision;
      touch(d, e.t);
      changed = true;
    }
    // The first picture of a ReplicaSet (a resync, the page opening) is not an action.
    if (from !== to && !(isNew && quiet)) {
      d.marks.push({
        t: e.t,
        revision,
        replicaSet: rs.name,
        from,
        to,
        text: `Scaled ${to > from ? "up" : "down"} replica set ${rs.name} from ${from} to ${to}`,
      });
      touch(d, e.t);
      changed = true;
    }
    return changed;
  };

  const onPod = (e: TimedEvent): boolean => {
    const o = filedAs("Pod", e.object);
    const uid = uidOf(o);
    const was = pods.get(uid);
    const ref = controllerRef(o);
    const now: PodState | undefined =
      e.type === "DELETED" || ref?.kind !== "ReplicaSet" ? undefined : { rs: ref.uid, ready: isReady(o), active: isActivePod(o) };
    if (now) pods.set(uid, now);
    else pods.delete(uid);
    if (was?.rs === now?.rs && was?.ready === now?.ready && was?.active === now?.active) return false;
    const t = e.t;
    let changed = false;
    for (const [p, sign] of [
      [was, -1],
      [now, 1],
    ] as const) {
      if (!p?.active) continue;
      let rs = replicaSets.get(p.rs);
      if (!rs) {
        // A pod seen before its ReplicaSet: count it, the RS fills in its name when it arrives.
        rs = {
          uid: p.rs,
          name: "",
          revision: 0,
          replicas: 0,
          ready: 0,
          unready: 0,
          points: [],
        };
        replicaSets.set(p.rs, rs);
      }
      if (p.ready) rs.ready += sign;
      else rs.unready += sign;
      changed = recordCounts(rs, t) || changed;
    }
    return changed;
  };

  const add = (e: TimedEvent, quiet = false): boolean => {
    switch (e.kind) {
      case "Deployment":
        return onDeployment(e);
      case "ReplicaSet":
        return onReplicaSet(e, quiet);
      case "Pod":
        return onPod(e);
      default:
        return false;
    }
  };

  return {
    add,
    resync(objects, t) {
      let changed = false;
      const present = new Set(Object.values(objects.Pod).map(uidOf));
      for (const uid of [...pods.keys()]) {
        if (present.has(uid)) continue;
        changed = onPod({ t, type: "DELETED", kind: "Pod", object: { metadata: { uid } } }) || changed;
      }
      for (const kind of ["Deployment", "ReplicaSet", "Pod"] as const) {
        for (const object of Object.values(objects[kind])) changed = add({ t, type: "ADDED", kind, object }, true) || changed;
      }
      return changed;
    },
    seriesOf(namespace, name) {
      const uid = byName.get(`${namespace}/${name}`);
      const d = uid ? deployments.get(uid) : undefined;
      if (!d) return undefined;
      return (d.cached ??= snapshot(d));
    },
  };
}

/** The series of one Deployment from a whole event log (the report, tests). */
export function handoverSeries(events: readonly TimedEvent[], namespace: string, name: string): HandoverSeries | undefined {
  const b = handoverBuilder();
  for (const e of events) b.add(e);
  return b.seriesOf(namespace, name);
}

/** The counts at time `t`: for each revision the last point at or before `t`. */
export function countsAt(series: HandoverSeries, t: number): { revision: number; ready: number; unready: number }[] {
  return series.revisions.map((r) => {
    let p: HandoverPoint | undefined;
    for (const x of r.points) if (x.t <= t) p = x;
    return {
      revision: r.revision,
      ready: p?.ready ?? 0,
      unready: p?.unready ?? 0,
    };
  });
}
