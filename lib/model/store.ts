/**
 * The normalised store of raw objects the views are computed from: one record per kind, keyed by
 * uid. Immutable: every change returns a new store and leaves unchanged kinds shared, so callers
 * can compare references to skip work (the headlamp KubeList pattern, STYLE.md).
 */
import { sanitizeObject } from "./sanitize";
import { ANN_LAST_APPLIED, compareStrings, KINDS, objectKey, type Kind, type RawObject } from "./raw";
import type { RawOf } from "./rawKinds";

export type { Kind, RawObject } from "./raw";

/** Each kind's objects keyed by uid, typed as that kind. */
export type StoreObjects = { readonly [K in Kind]: Readonly<Record<string, RawOf<K>>> };

/** Raw objects per kind keyed by uid, plus what the reader knows about their freshness. */
export interface Store {
  readonly objects: StoreObjects;
  /** Kinds that could not be read (403, unreachable), with the reason. */
  readonly degraded: Readonly<Partial<Record<Kind, string>>>;
  /** Set by the reader when its watch broke and the data may be behind the cluster. */
  readonly stale?: { since: string; reason: string };
}

/** Watch event types the store applies (BOOKMARK never reaches it). */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

/** One watch event, as lib/kube delivers it. */
export interface StoreEvent {
  type: WatchEventType;
  kind: Kind;
  object: RawObject;
}

/** A store with no objects. */
export function emptyStore(): Store {
  const objects: Partial<Record<Kind, Record<string, RawObject>>> = {};
  for (const k of KINDS) objects[k] = {};
  return { objects: objects as StoreObjects, degraded: {} };
}

/**
 * Applies one watch event. Returns the same store when nothing changed (same resourceVersion on
 * ADDED/MODIFIED, or deleting an unknown object), so reference equality means "no re-render".
 * resourceVersions are compared for equality only (they are opaque, STYLE.md principle 6).
 */
export function applyEvent(store: Store, event: StoreEvent): Store {
  const object = sanitizeObject(event.object);
  if (!object) return store;
  event = object === event.object ? event : { ...event, object };
  const key = objectKey(event.object);
  const current = store.objects[event.kind];
  if (event.type === "DELETED") {
    if (!(key in current)) return store;
    const next = { ...current };
    delete next[key];
    return withKind(store, event.kind, next);
  }
  const prev = current[key];
  const rv = event.object.metadata.resourceVersion;
  if (prev && rv !== undefined && prev.metadata.resourceVersion === rv) return store;
  return withKind(store, event.kind, { ...current, [key]: event.object });
}

/**
 * Applies a batch of watch events in order, copying each touched kind's record once for the whole
 * batch instead of once per event (the stream delivers deltas in batches; at thousands of pods
 * the per-event copy is what costs). Same result as folding applyEvent over the batch. `applied`,
 * when given, receives the events that changed something (sanitized), in order.
 */
export function applyEvents(store: Store, events: readonly StoreEvent[], applied?: StoreEvent[]): Store {
  if (events.length <= 1 && !applied) return events.length === 1 ? applyEvent(store, events[0]!) : store;
  const drafts = new Map<Kind, Record<string, RawObject>>();
  for (const raw of events) {
    const object = sanitizeObject(raw.object);
    if (!object) continue;
    const key = objectKey(object);
    const current = drafts.get(raw.kind) ?? store.objects[raw.kind];
    if (raw.type === "DELETED") {
      if (!(key in current)) continue;
    } else {
      const prev = current[key];
      const rv = object.metadata.resourceVersion;
      if (prev && rv !== undefined && prev.metadata.resourceVersion === rv) continue;
    }
    let draft = drafts.get(raw.kind);
    if (!draft) drafts.set(raw.kind, (draft = { ...store.objects[raw.kind] }));
    if (raw.type === "DELETED") delete draft[key];
    else draft[key] = object;
    applied?.push(object === raw.object ? raw : { ...raw, object });
  }
  if (drafts.size === 0) return store;
  return { ...store, objects: filed({ ...store.objects, ...Object.fromEntries(drafts) }) };
}

/** Replaces every object of one kind (a relist after 410 Gone or a reconnect). */
export function replaceKind(store: Store, kind: Kind, objects: readonly RawObject[]): Store {
  const next: Record<string, RawObject> = {};
  for (const raw of objects) {
    const o = sanitizeObject(raw);
    if (o) next[objectKey(o)] = o;
  }
  return withKind(store, kind, next);
}

/** Marks a kind unreadable (message) or readable again (undefined). */
export function setDegraded(store: Store, kind: Kind, message: string | undefined): Store {
  if (store.degraded[kind] === message) return store;
  const degraded = { ...store.degraded };
  if (message === undefined) delete degraded[kind];
  else degraded[kind] = message;
  return { ...store, degraded };
}

/** Marks the store stale (watch broken since `since`) or fresh again (undefined). */
export function setStale(store: Store, stale: { since: string; reason: string } | undefined): Store {
  if (store.stale === stale) return store;
  const { stale: _drop, ...rest } = store;
  return stale ? { ...rest, stale } : rest;
}

/** All objects of a kind, optionally in one namespace, in a stable order (namespace, name). */
export function listKind<K extends Kind>(store: Store, kind: K, namespace?: string): RawOf<K>[] {
  const all: RawOf<K>[] = Object.values(store.objects[kind]);
  const inNs = namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  return inNs.sort(byNamespaceName);
}

/** Builds a store from a list of objects of mixed kinds (fixtures, a one-shot `diagnose`). */
export function storeFromObjects(objects: readonly RawObject[]): Store {
  // One replaceKind per kind: applying objects one by one would copy each kind's record per object.
  const byKind = new Map<Kind, RawObject[]>();
  for (const o of objects) {
    const kind = o?.kind as Kind;
    if (!KINDS.includes(kind)) continue;
    const list = byKind.get(kind);
    if (list) list.push(o);
    else byKind.set(kind, [o]);
  }
  let store = emptyStore();
  for (const [kind, list] of byKind) store = replaceKind(store, kind, list);
  return store;
}

function withKind(store: Store, kind: Kind, next: Record<string, RawObject>): Store {
  return { ...store, objects: filed({ ...store.objects, [kind]: next }) };
}

/**
 * The store's one typing boundary: an object is filed under the kind lib/kube listed or watched
 * it as (or, for fixtures, the kind it names), so objects[K] holds RawOf<K>. Its spec and status
 * stay wire JSON typed as far as the code reads; the readers stay defensive (wire.ts).
 */
function filed(objects: Record<Kind, Readonly<Record<string, RawObject>>>): StoreObjects {
  return objects as StoreObjects;
}

function byNamespaceName(a: RawObject, b: RawObject): number {
  const ns = compareStrings(a.metadata.namespace ?? "", b.metadata.namespace ?? "");
  return ns !== 0 ? ns : compareStrings(a.metadata.name ?? "", b.metadata.name ?? "");
}

/**
 * A copy without what no view reads and what makes objects heavy on the wire: managedFields,
 * the last-applied-configuration annotation (a second copy of the object), and pod volume
 * plumbing. Pod templates of Deployments and ReplicaSets are kept whole: FindNewReplicaSet
 * compares them field by field.
 */
export function trimObject<T extends RawObject>(obj: T): T {
  const { managedFields: _mf, ...meta } = obj.metadata;
  const annotations = meta.annotations;
  if (annotations && ANN_LAST_APPLIED in annotations) {
    const { [ANN_LAST_APPLIED]: _la, ...rest } = annotations;
    meta.annotations = rest;
  }
  if (!(obj.kind === "Pod" && obj.spec)) return { ...obj, metadata: meta };
  const { volumes: _v, ...spec } = obj.spec as Record<string, unknown>;
  const strip = (cs: unknown): unknown => (Array.isArray(cs) ? cs.map((c: Record<string, unknown>) => omit(c, "volumeMounts")) : cs);
  const podSpec: Record<string, unknown> = { ...spec, containers: strip(spec.containers), initContainers: strip(spec.initContainers) };
  if (podSpec.initContainers === undefined) delete podSpec.initContainers;
  return { ...obj, metadata: meta, spec: podSpec };
}

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _x, ...rest } = o;
  return rest;
}
