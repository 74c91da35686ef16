/**
 * The GET /api/rollouts response kept up to date event by event: what rolloutsResponse computes
 * from scratch, at a cost that follows what changed. The response is split into units — one per
 * Deployment (its view and workload findings), one per Service (its traffic view and service
 * findings), one per namespace for pods no Deployment owns — and a watch event marks only the
 * units whose objects it touched; a clock tick marks only the units whose output depends on the
 * time (countdowns, Starting pods, minReadySeconds, "not Ready for 95s"). Every other unit keeps
 * its previous view object, so `===` tells the renderer what to skip.
 * rolloutsResponse stays the definition: live.test.ts checks equality after random event sequences.
 */
import {
  pdbSelects,
  buildDeploymentFacts,
  buildEach,
  buildServiceFacts,
  compareFindings,
  runChecks,
  SERVICE_CHECKS,
  WORKLOAD_CHECKS,
  type DeploymentFacts,
  type DiagnoseContext,
  type ServiceFacts,
} from "../diagnose";
import { compareStrings, objectKey, type Kind, type RawObject } from "../model/raw";
import type { Store, StoreEvent } from "../model/store";
import { serviceEndpoints } from "../model/traffic";
import { selectsPods, serviceSelector, templateLabels } from "../model/wire";
import type { DeploymentView, Finding, MalformedObject, RolloutsResponse, ServiceView } from "../model/types";
import { LiveIndex } from "./liveIndex";
import { LiveRoom } from "./liveRoom";
import { deploymentShape, deploymentValidUntil, podsValidUntil, serviceShape } from "./liveRules";
import { filedAs, type RawEndpointSlice, type RawEndpoints, type RawPod, type RawService } from "../model/rawKinds";

interface Unit {
  findings: Finding[];
  malformed: MalformedObject[];
  /** Its output is the same for any `now` in [from, until) (the clock alone moving). */
  from: number;
  until: number;
}
interface DeploymentUnit extends Unit {
  facts?: DeploymentFacts;
}
interface ServiceUnit extends Unit {
  facts?: ServiceFacts;
  /** Keys of the pods and Deployments it read: their changes must recompute it. */
  pods: string[];
  deployments: string[];
}

export interface LiveRollouts {
  /** Applies watch events (as applyEvents reports them: in order, each one a change). */
  apply(events: readonly StoreEvent[]): void;
  /** Forgets everything and takes every object of `store` (a snapshot or relist). */
  reset(store: Store): void;
  /**
   * The response at `now`; `store` supplies what is not per object (degraded kinds, staleness).
   * With `more`, a slice of it: views are computed in the page's order (Deployments by namespace
   * and name, then Services) while `more()` says so (at least one per call), and the response
   * holds the views computed so far; `progress()` says how many are left for the next calls.
   */
  response(store: Store, now: number, more?: () => boolean): RolloutsResponse;
  /** Views current out of those in scope (Deployments and Services); `done === total` when complete. */
  progress(): LiveProgress;
}

export interface LiveProgress {
  done: number;
  total: number;
  /** Nothing is left to compute: the last response is the whole one. */
  complete: boolean;
}

/** A live response for one namespace, or every namespace when `namespace` is undefined. */
export function createLiveRollouts(namespace?: string): LiveRollouts {
  return new Live(namespace);
}

class Live implements LiveRollouts {
  private readonly index = new LiveIndex();
  /** Room on the nodes (every namespace's pods count): marks a Deployment when its RoomFit changes. */
  private readonly room = new LiveRoom((key) => this.dirtyDeployments.add(key));
  private readonly deploymentUnits = new Map<string, DeploymentUnit>();
  private readonly serviceUnits = new Map<string, ServiceUnit>();
  private readonly orphanUnits = new Map<string, Unit>();
  private readonly dirtyDeployments = new Set<string>();
  private readonly dirtyServices = new Set<string>();
  private readonly dirtyOrphans = new Set<string>();
  /** Reverse of ServiceUnit.pods / .deployments: object key → Service keys. */
  private readonly servicesReading = new Map<string, Set<string>>();
  /**
   * A hint per pod object: the facts of the Deployment whose view drew it, or null when two
   * Deployments' facts held it (then ownerFacts takes the owner chain). Only ever a shortcut:
   * ownerFacts checks that the facts are still current and hold the pod.
   */
  private podOwner = new WeakMap<RawPod, DeploymentFacts | null>();
  private computedAt: number | undefined;
  private last: { deployments: DeploymentView[]; services: ServiceView[]; findings: Finding[]; malformed: MalformedObject[] } | undefined;

  constructor(private readonly namespace: string | undefined) {}

  reset(store: Store): void {
    this.index.clear();
    this.room.clear();
    for (const m of [this.deploymentUnits, this.serviceUnits, this.orphanUnits, this.servicesReading]) m.clear();
    this.computedAt = undefined;
    this.last = undefined;
    this.podOwner = new WeakMap();
    for (const kind of Object.keys(store.objects) as Kind[]) {
      for (const o of Object.values(store.objects[kind])) {
        this.room.take(kind, objectKey(o), o);
        if (kind !== "Node" && this.inScope(o)) this.index.put(kind, o);
      }
    }
    this.markAll();
  }

  apply(events: readonly StoreEvent[]): void {
    for (const e of events) {
      this.room.take(e.kind, objectKey(e.object), e.type === "DELETED" ? undefined : e.object);
      if (e.kind === "Node") continue;
      if (!this.inScope(e.object)) {
        // The store keys objects without their namespace: one out of scope under the key of an
        // object in scope replaced (or deleted) it there too.
        const gone = this.index.delete(e.kind, objectKey(e.object));
        if (gone) this.touched(e.kind, gone, undefined);
        continue;
      }
      const prev = e.type === "DELETED" ? this.index.delete(e.kind, objectKey(e.object)) : this.index.put(e.kind, e.object);
      this.touched(e.kind, prev, e.type === "DELETED" ? undefined : e.object);
    }
  }

  response(store: Store, now: number, more?: () => boolean): RolloutsResponse {
    const moved = this.computedAt !== now;
    this.computedAt = now;
    if (moved) this.markClockDependent();
    const changed = this.computeDirty(now, more);
    if (changed || !this.last) this.last = this.assemble();
    const response: RolloutsResponse = {
      generatedAt: new Date(now).toISOString(),
      namespaces: this.namespaces(),
      deployments: this.last.deployments,
      services: this.last.services,
      findings: this.last.findings,
      degraded: Object.entries(store.degraded).map(([kind, message]) => ({ kind, message: message ?? "" })),
    };
    if (store.stale) response.stale = store.stale;
    if (this.last.malformed.length > 0) response.malformed = this.last.malformed;
    return response;
  }

  progress(): LiveProgress {
    const total = this.index.size("Deployment") + this.index.size("Service");
    const pending = this.dirtyDeployments.size + this.dirtyServices.size;
    const complete = pending + this.dirtyOrphans.size === 0;
    return { done: complete ? total : Math.max(0, total - pending), total, complete };
  }

  /**
   * Computes the marked units, Deployments first (Services read their facts), each kind in the
   * page's order so that a slice fills the top of the page; whether any was computed.
   */
  private computeDirty(now: number, more: () => boolean = () => true): boolean {
    let computed = 0;
    const go = () => computed === 0 || more();
    for (const key of this.inPageOrder("Deployment", this.dirtyDeployments)) {
      if (!go()) return true;
      this.dirtyDeployments.delete(key);
      this.computeDeployment(key, now);
      computed++;
    }
    for (const ns of [...this.dirtyOrphans].sort(compareStrings)) {
      if (!go()) return true;
      this.dirtyOrphans.delete(ns);
      this.computeOrphans(ns, now);
      computed++;
    }
    for (const key of this.inPageOrder("Service", this.dirtyServices)) {
      if (!go()) return true;
      this.dirtyServices.delete(key);
      this.computeService(key, now);
      computed++;
    }
    return computed > 0;
  }

  /** `keys` of `kind` by namespace and name (keys of deleted objects first: they cost nothing). */
  private inPageOrder(kind: Kind, keys: ReadonlySet<string>): string[] {
    if (keys.size < 2) return [...keys];
    const sortKey = (key: string) => {
      const o = this.index.get(kind, key);
      return o ? `${o.metadata.namespace ?? ""}\u0000${o.metadata.name ?? ""}` : "";
    };
    return [...keys]
      .map((key) => [sortKey(key), key] as const)
      .sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(a[1], b[1]))
      .map(([, key]) => key);
  }

  private inScope(o: RawObject): boolean {
    return this.namespace === undefined || o.metadata.namespace === this.namespace;
  }

  private markAll(): void {
    for (const ns of this.index.namespacesOf("Deployment")) this.markNamespaceDeployments(ns);
    for (const ns of this.index.namespacesOf("Service")) this.markNamespaceServices(ns);
    for (const ns of this.index.namespacesOf("Pod")) this.dirtyOrphans.add(ns);
  }

  private markClockDependent(): void {
    const now = this.computedAt ?? 0;
    const stale = (u: Unit) => now < u.from || now >= u.until;
    for (const [key, u] of this.deploymentUnits) if (stale(u)) this.dirtyDeployments.add(key);
    for (const [key, u] of this.serviceUnits) if (stale(u)) this.dirtyServices.add(key);
    for (const [ns, u] of this.orphanUnits) if (stale(u)) this.dirtyOrphans.add(ns);
  }

  private markNamespaceDeployments(ns: string): void {
    for (const d of this.index.inNamespace("Deployment", ns)) this.dirtyDeployments.add(objectKey(d));
  }

  private markNamespaceServices(ns: string): void {
    for (const s of this.index.inNamespace("Service", ns)) this.dirtyServices.add(objectKey(s));
  }

  private markReaders(objectKeyOf: string): void {
    for (const s of this.servicesReading.get(objectKeyOf) ?? []) this.dirtyServices.add(s);
  }

  /** Services of `ns` whose selector matches `labels`. */
  private markSelecting(ns: string, labels: Readonly<Record<string, string>> | undefined): void {
    for (const s of this.index.servicesSelecting(ns, labels)) this.dirtyServices.add(objectKey(s));
  }

  /** Marks the units that read an object of `kind` that was `prev` and is now `next`. */
  private touched(kind: Kind, prev: RawObject | undefined, next: RawObject | undefined): void {
    const objects = [prev, next].filter((o): o is RawObject => o !== undefined);
    const ns = objects[0]?.metadata.namespace ?? "";
    switch (kind) {
      case "Deployment":
        for (const d of objects) this.dirtyDeployments.add(objectKey(d));
        if (deploymentShape(filedAs(kind, prev)) !== deploymentShape(filedAs(kind, next))) {
          this.markNamespaceDeployments(ns);
          this.markNamespaceServices(ns);
          this.dirtyOrphans.add(ns);
        }
        return;
      case "ReplicaSet":
        for (const rs of objects) {
          for (const d of this.index.ownersOf(rs, "Deployment")) this.dirtyDeployments.add(objectKey(d));
          this.markSelecting(ns, templateLabels(filedAs(kind, rs)));
          const seen = new Set<string>();
          for (const p of this.index.childrenOf(rs, "ReplicaSet", "Pod")) {
            const labels = JSON.stringify(p.metadata.labels ?? {});
            if (seen.has(labels)) continue;
            seen.add(labels);
            this.markSelecting(ns, p.metadata.labels);
          }
        }
        this.dirtyOrphans.add(ns);
        return;
      case "Pod":
        for (const p of objects) this.touchedPod(filedAs(kind, p));
        return;
      case "Service":
        for (const s of objects) this.dirtyServices.add(objectKey(s));
        if (serviceShape(filedAs(kind, prev)) !== serviceShape(filedAs(kind, next))) this.markNamespaceDeployments(ns);
        return;
      case "EndpointSlice":
        for (const slice of objects) {
          const service = slice.metadata.labels?.["kubernetes.io/service-name"];
          if (service !== undefined) for (const s of this.index.named("Service", ns, service)) this.dirtyServices.add(objectKey(s));
        }
        return;
      case "Endpoints":
        for (const ep of objects)
          for (const s of this.index.named("Service", ns, ep.metadata.name ?? "")) this.dirtyServices.add(objectKey(s));
        return;
      case "Event":
        for (const e of objects) for (const { kind: k, object } of this.involved(e)) this.touched(k, object, object);
        return;
      case "PodDisruptionBudget":
        for (const d of this.index.inNamespace("Deployment", ns))
          if (objects.some((pdb) => pdbSelects(filedAs(kind, pdb), d))) this.dirtyDeployments.add(objectKey(d));
        return;
    }
  }

  private touchedPod(p: RawPod): void {
    const ns = p.metadata.namespace ?? "";
    let owned = false;
    for (const rs of this.index.ownersOf(p, "ReplicaSet")) {
      for (const d of this.index.ownersOf(rs, "Deployment")) {
        this.dirtyDeployments.add(objectKey(d));
        owned = true;
      }
    }
    if (!owned) this.dirtyOrphans.add(ns);
    this.markSelecting(ns, p.metadata.labels);
    this.markReaders(`Pod/${objectKey(p)}`);
  }

  /** The stored objects an Event is about (by uid, and by kind and name as latestEvent matches). */
  private involved(e: RawObject): { kind: Kind; object: RawObject }[] {
    const io = e.involvedObject as { uid?: string; name?: string; kind?: string } | undefined;
    const kind = io?.kind as Kind | undefined;
    if (!io || !kind || !["Deployment", "ReplicaSet", "Pod", "Service"].includes(kind)) return [];
    const found = this.index.named(kind, e.metadata.namespace ?? "", io.name ?? "");
    const byUid = io.uid ? this.index.get(kind, io.uid) : undefined;
    if (byUid && !found.includes(byUid)) found.push(byUid);
    return found.map((object) => ({ kind, object }));
  }

  private computeDeployment(key: string, now: number): void {
    const d = this.index.get("Deployment", key);
    const old = this.deploymentUnits.get(key);
    if (!d) {
      this.room.forget(key);
      this.deploymentUnits.delete(key);
      if (old) this.markReaders(`Deployment/${key}`);
      return;
    }
    const ns = d.metadata.namespace ?? "";
    const owned = this.index.childrenOf(d, "Deployment", "ReplicaSet");
    const pods = owned.flatMap((rs) => this.index.childrenOf(rs, "ReplicaSet", "Pod"));
    const malformed: MalformedObject[] = [];
    const [facts] = buildEach([d], malformed, (o) =>
      buildDeploymentFacts(o, owned, pods, this.index.inNamespace("Deployment", ns), this.index.inNamespace("Service", ns), now),
    );
    const unit: DeploymentUnit = { findings: [], malformed, from: now, until: now };
    let asked = false;
    if (!facts) this.room.forget(key);
    if (facts) {
      unit.facts = facts;
      for (const p of facts.pods) this.hintOwner(p, facts);
      const ctx = this.context(
        now,
        {
          deployments: [facts],
          pods: [...facts.pods].sort(byName),
          replicaSets: owned,
          ownerOfPod: new Map(facts.pods.map((p) => [p, facts])),
          room: (o) => {
            asked = true;
            return this.room.fit(key, o);
          },
          pdbs: this.index.inNamespace("PodDisruptionBudget", ns),
        },
        ns,
      );
      unit.findings = runChecks(ctx, WORKLOAD_CHECKS, unit.malformed);
      // A Deployment whose findings did not ask for room does not follow the nodes' room.
      if (!asked) this.room.forget(key);
      if (unit.malformed.length === 0) unit.until = deploymentValidUntil(facts.view, facts.pods, now);
    }
    this.deploymentUnits.set(key, unit);
    // Services read this Deployment's facts (backends, findings about what they select).
    this.markReaders(`Deployment/${key}`);
    this.markSelecting(ns, templateLabels(d));
  }

  private computeOrphans(ns: string, now: number): void {
    const pods = this.index.inNamespace("Pod", ns).filter((p) => !this.ownerFacts(p));
    if (pods.length === 0) {
      this.orphanUnits.delete(ns);
      return;
    }
    const malformed: MalformedObject[] = [];
    const findings = runChecks(this.context(now, { pods }, ns), WORKLOAD_CHECKS, malformed);
    this.orphanUnits.set(ns, { findings, malformed, from: now, until: malformed.length === 0 ? podsValidUntil(pods, now) : now });
  }

  private computeService(key: string, now: number): void {
    const old = this.serviceUnits.get(key);
    const s = this.index.get("Service", key);
    if (!s || !selectsPods(s)) {
      this.serviceUnits.delete(key);
      this.readBy(key, old, undefined);
      return;
    }
    const ns = s.metadata.namespace ?? "";
    const slices = this.index.slicesOf(ns, s.metadata.name ?? "");
    const endpoints = this.index.named("Endpoints", ns, s.metadata.name ?? "");
    const pods = this.podsOfService(s, slices, endpoints);
    const deployments = this.index.inNamespace("Deployment", ns);
    const malformed: MalformedObject[] = [];
    const [facts] = buildEach([s], malformed, (o) =>
      buildServiceFacts(o, slices, endpoints, pods, deployments, this.index.inNamespace("ReplicaSet", ns)),
    );
    const unit: ServiceUnit = {
      findings: [],
      malformed,
      from: now,
      until: now,
      pods: pods.map((p) => `Pod/${objectKey(p)}`),
      deployments: [],
    };
    const ownerOfPod = new Map<RawPod, DeploymentFacts>();
    for (const p of pods) {
      const owner = this.ownerFacts(p);
      if (!owner) continue;
      ownerOfPod.set(p, owner);
      unit.deployments.push(`Deployment/${objectKey(owner.raw)}`);
    }
    // Its colour switch counts the ready pods of every colour's Deployments, the idle one's too.
    const switched = new Set(facts?.view.colourSwitch?.options.flatMap((o) => o.deployments));
    for (const d of deployments) if (switched.has(d.metadata.name ?? "")) unit.deployments.push(`Deployment/${objectKey(d)}`);
    if (facts) {
      const nsFacts = deployments.flatMap((d) => this.deploymentUnits.get(objectKey(d))?.facts ?? []);
      const ctx = this.context(
        now,
        { deployments: nsFacts, services: [facts], ownerOfPod, replicaSets: this.index.inNamespace("ReplicaSet", ns) },
        ns,
      );
      unit.facts = facts;
      unit.findings = runChecks(ctx, SERVICE_CHECKS, unit.malformed);
      if (unit.malformed.length === 0) unit.until = podsValidUntil(pods, now);
    }
    this.readBy(key, old, unit);
    this.serviceUnits.set(key, unit);
  }

  /** Keeps servicesReading in step with what Service `key` read before and reads now. */
  private readBy(key: string, before: ServiceUnit | undefined, after: ServiceUnit | undefined): void {
    const was = before ? [...before.pods, ...before.deployments] : [];
    const is = after ? [...after.pods, ...after.deployments] : [];
    if (was.length === is.length && was.every((k, i) => k === is[i])) return;
    for (const k of was) this.servicesReading.get(k)?.delete(key);
    for (const k of is) {
      let set = this.servicesReading.get(k);
      if (!set) this.servicesReading.set(k, (set = new Set()));
      set.add(key);
    }
  }

  /** The pods a Service's view can read: those its selector matches and those its endpoints name. */
  private podsOfService(s: RawService, slices: readonly RawEndpointSlice[], endpoints: readonly RawEndpoints[]): RawPod[] {
    const ns = s.metadata.namespace ?? "";
    const pods = new Set(this.index.podsSelected(ns, serviceSelector(s)));
    for (const e of serviceEndpoints(s, slices, endpoints).items) {
      const byUid = e.podUid ? this.index.get("Pod", e.podUid) : undefined;
      if (byUid?.metadata.namespace === ns) pods.add(byUid);
      if (e.podName) for (const p of this.index.named("Pod", ns, e.podName)) pods.add(p);
    }
    return [...pods].sort(byName);
  }

  private isCurrent(facts: DeploymentFacts): boolean {
    return this.deploymentUnits.get(objectKey(facts.raw))?.facts === facts;
  }

  private hintOwner(p: RawPod, facts: DeploymentFacts): void {
    const was = this.podOwner.get(p);
    // Another Deployment's current facts hold it too (a former version of this one's do not count).
    const shared = was === null || (was !== undefined && objectKey(was.raw) !== objectKey(facts.raw) && this.isCurrent(was));
    this.podOwner.set(p, shared ? null : facts);
  }

  /** The facts of the Deployment that owns pod `p`, if it was computed. */
  private ownerFacts(p: RawPod): DeploymentFacts | undefined {
    const hint = this.podOwner.get(p);
    if (hint && this.isCurrent(hint) && podSet(hint).has(p)) return hint;
    for (const rs of this.index.ownersOf(p, "ReplicaSet")) {
      for (const d of this.index.ownersOf(rs, "Deployment")) {
        const facts = this.deploymentUnits.get(objectKey(d))?.facts;
        if (facts && podSet(facts).has(p)) return facts;
      }
    }
    return undefined;
  }

  private context(now: number, part: Partial<DiagnoseContext>, ns: string): DiagnoseContext {
    return {
      now,
      ownerOfPod: new Map(),
      deployments: [],
      services: [],
      pods: [],
      replicaSets: [],
      events: this.index.inNamespace("Event", ns),
      ...part,
    };
  }

  private namespaces(): string[] {
    const all = new Set([
      ...this.index.namespacesOf("Deployment"),
      ...this.index.namespacesOf("Service"),
      ...this.index.namespacesOf("Pod"),
    ]);
    if (this.namespace) all.add(this.namespace);
    return [...all].sort();
  }

  private assemble(): NonNullable<Live["last"]> {
    const deployments: DeploymentView[] = [];
    const services: ServiceView[] = [];
    const findings: Finding[] = [];
    const built: MalformedObject[] = [];
    const diagnosis = new Map<string, MalformedObject>();
    const take = (u: Unit) => {
      findings.push(...u.findings);
      for (const m of u.malformed) {
        if (m.kind !== "diagnosis") built.push(m);
        else if (!diagnosis.has(m.name)) diagnosis.set(m.name, m);
      }
    };
    const sortedNs = (kind: Kind) => this.index.namespacesOf(kind).sort(compareStrings);
    for (const ns of sortedNs("Deployment")) {
      for (const d of this.index.inNamespace("Deployment", ns)) {
        const u = this.deploymentUnits.get(objectKey(d));
        if (!u) continue;
        if (u.facts) deployments.push(u.facts.view);
        take(u);
      }
    }
    for (const ns of [...this.orphanUnits.keys()].sort(compareStrings)) take(this.orphanUnits.get(ns)!);
    for (const ns of sortedNs("Service")) {
      for (const s of this.index.inNamespace("Service", ns)) {
        const u = this.serviceUnits.get(objectKey(s));
        if (!u) continue;
        if (u.facts) services.push(u.facts.view);
        take(u);
      }
    }
    return { deployments, services, findings: findings.sort(compareFindings), malformed: [...built, ...diagnosis.values()] };
  }
}

const podSets = new WeakMap<DeploymentFacts, Set<RawPod>>();

/** The pods of a Deployment's facts as a set (ownerFacts asks per pod). */
function podSet(facts: DeploymentFacts): Set<RawPod> {
  let set = podSets.get(facts);
  if (!set) podSets.set(facts, (set = new Set(facts.pods)));
  return set;
}

function byName(a: RawObject, b: RawObject): number {
  return compareStrings(a.metadata.name ?? "", b.metadata.name ?? "");
}
