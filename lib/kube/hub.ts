/**
 * The process's one view of the cluster: one informer per kind feeding one lib/model store of
 * projections (lib/model/projection.ts), a numbered log of the changes every browser stream reads
 * from, and the connection status. Streams never open watches. The parts, one job each:
 * change-log.ts (numbering, resume), freshness.ts (synced / stale / unreachable),
 * endpoint-source.ts (EndpointSlices or Endpoints), event-batcher.ts (one store copy per I/O turn),
 * sync-waiters.ts (whenSynced).
 */
import { randomBytes } from "node:crypto";
import { projector, type ProjectionOptions } from "@/lib/model/projection";
import { KINDS } from "@/lib/model/raw";
import { applyEventsInPlace, type AppliedEvent } from "@/lib/model/ownedStore";
import { emptyStore, replaceKind, setDegraded, setStale, type Kind, type RawObject, type Store } from "@/lib/model/store";
import { createChangeLog, type Change, type SeqEvent } from "./change-log";
import { unauthorizedReason, type Credentials } from "./credentials";
import type { HubStatus } from "./stream-protocol";
import { createEndpointSourcePolicy, type EndpointSourcePolicy } from "./endpoint-source";
import { createEventBatcher } from "./event-batcher";
import { createFreshness, type Freshness } from "./freshness";
import { createInformer, type Informer, type InformerIO, type InformerNotice, type InformerOptions } from "./informer";
import { PRIMARY_KINDS, qualifiedName, RESOURCES } from "./resources";
import { createSyncWaiters } from "./sync-waiters";

export type { SeqEvent } from "./change-log";

export type { HubStatus };

export type HubMessage = { type: "events"; events: SeqEvent[] } | { type: "status"; status: HubStatus };

export interface HubOptions {
  /** I/O for one kind (the namespace scope is baked in by the caller). */
  ioFor(kind: Kind): InformerIO;
  now?: () => Date;
  informer?: InformerOptions;
  /** How many changes a reconnecting stream can resume from. */
  logSize?: number;
  /** After falling back to Endpoints on a 403, how often to try EndpointSlices again. */
  endpointSliceProbeMs?: number;
  /** Named in the stale reason when the cluster answers 401, with the last re-read error. */
  credentials?: Pick<Credentials, "origin" | "reloadError">;
  /** What the store keeps of each object beyond the declared projection (a trace annotation). */
  projection?: ProjectionOptions;
}

export interface Hub {
  /** Random per hub: stream ids carry it, so a restarted server never resumes an old numbering. */
  readonly epoch: string;
  readonly store: Store;
  /** Sequence number of the last change (0 before any). */
  readonly seq: number;
  status(): HubStatus;
  /** Resolves once every primary kind has answered (or after `timeoutMs`). */
  whenSynced(timeoutMs?: number): Promise<void>;
  /** Changes after `seq`, or undefined when the log no longer reaches back that far (resync). */
  eventsSince(seq: number): SeqEvent[] | undefined;
  subscribe(listener: (m: HubMessage) => void): () => void;
  stop(): void;
}

function describeError(kind: Kind, statusCode: number, message: string): string {
  const what = qualifiedName(RESOURCES[kind]);
  if (statusCode === 403)
    return `Forbidden: cannot list/watch ${what} (${message}). Grant get, list and watch on ${what} to see this part.`;
  if (statusCode === 404) return `${what} is not served by this cluster.`;
  return message;
}

/** A relist as ordinary changes against the kind's records before and after, so streams never resync after a 410. */
function relistChanges(kind: Kind, before: Store["objects"][Kind], after: Store["objects"][Kind]): Change[] {
  const changes: Change[] = [];
  for (const [key, obj] of Object.entries(after)) {
    const prev = before[key];
    if (!prev) changes.push({ type: "ADDED", kind, object: obj });
    else if (prev.metadata.resourceVersion !== obj.metadata.resourceVersion)
      changes.push({ type: "MODIFIED", kind, object: obj, previous: prev });
  }
  for (const [key, obj] of Object.entries(before)) if (!(key in after)) changes.push({ type: "DELETED", kind, object: obj, previous: obj });
  return changes;
}

/** The status of a hub whose store, freshness and endpoint source are these. */
function hubStatus(store: Store, freshness: Freshness, endpoints: EndpointSourcePolicy): HubStatus {
  const primary = PRIMARY_KINDS.filter((k) => endpoints.reads(k));
  const unreachable = freshness.unreachable(primary);
  return {
    synced: freshness.synced(primary),
    degraded: Object.entries(store.degraded).map(([kind, message]) => ({ kind, message: message ?? "" })),
    ...(store.stale ? { stale: store.stale } : {}),
    endpointSource: endpoints.source,
    ...(unreachable !== undefined ? { unreachable } : {}),
  };
}

export function createHub(opts: HubOptions): Hub {
  const now = opts.now ?? (() => new Date());
  const project = Object.fromEntries(KINDS.map((k) => [k, projector(k, opts.projection)])) as Record<Kind, (o: RawObject) => RawObject>;
  let store = emptyStore();
  const log = createChangeLog(opts.logSize ?? 5000);
  const freshness = createFreshness(now);
  const listeners = new Set<(m: HubMessage) => void>();
  const informers = new Map<Kind, Informer>();
  const syncWaiters = createSyncWaiters();

  const endpoints = createEndpointSourcePolicy({
    sliceIO: () => opts.ioFor("EndpointSlice"),
    probeMs: opts.endpointSliceProbeMs,
    switchTo(to) {
      // The other kind's objects leave as DELETED changes.
      const from: Kind = to === "Endpoints" ? "EndpointSlice" : "Endpoints";
      batcher.flush();
      stopKind(from);
      store = setDegraded(store, from, undefined);
      onSync(from, []);
      startKind(to);
      publishStatus();
    },
  });

  const status = (): HubStatus => hubStatus(store, freshness, endpoints);

  const broadcast = (m: HubMessage) => {
    for (const l of listeners) l(m);
  };

  const publishStatus = () => {
    const stale = freshness.stale();
    const same = stale && store.stale?.since === stale.since && store.stale.reason === stale.reason;
    store = setStale(store, same ? store.stale : stale);
    if (status().synced) syncWaiters.release();
    broadcast({ type: "status", status: status() });
  };

  const record = (changes: Change[]) => {
    if (changes.length > 0) broadcast({ type: "events", events: log.append(changes) });
  };

  // The store is the hub's alone and watch events update its kind records in place: copying a
  // 30,000-pod record per I/O turn was most of the hub's CPU per event. Readers get a new Store
  // object after each change and must not keep an older one expecting it unchanged.
  const batcher = createEventBatcher((batch) => {
    const applied: AppliedEvent[] = [];
    store = applyEventsInPlace(store, batch, applied);
    record(applied);
  });

  const onSync = (kind: Kind, items: RawObject[]) => {
    const before = store.objects[kind];
    store = replaceKind(store, kind, items.map(project[kind]));
    record(relistChanges(kind, before, store.objects[kind]));
  };

  const startKind = (kind: Kind) => {
    if (informers.has(kind)) return;
    const inf = createInformer(opts.ioFor(kind), (n) => onNotice(kind, n), opts.informer);
    informers.set(kind, inf);
    inf.start();
  };

  const stopKind = (kind: Kind) => {
    informers.get(kind)?.stop();
    informers.delete(kind);
    // A kind no longer read cannot make the data stale (EndpointSlice after the fallback).
    freshness.settled(kind, false);
  };

  const onError = (kind: Kind, statusCode: number, message: string) => {
    if (endpoints.onError(kind, statusCode)) {
      freshness.settled(kind, true);
      return;
    }
    if (statusCode === 403 || statusCode === 404) {
      store = setDegraded(store, kind, describeError(kind, statusCode, message));
      freshness.settled(kind, true);
    } else if (statusCode === 401) {
      freshness.failed(kind, unauthorizedReason(opts.credentials?.origin ?? "the kubeconfig", opts.credentials?.reloadError), true);
    } else {
      freshness.failed(kind, message, false);
    }
    publishStatus();
  };

  function onNotice(kind: Kind, n: InformerNotice) {
    switch (n.type) {
      case "ADDED":
      case "MODIFIED":
      case "DELETED":
        batcher.push({ type: n.type, kind, object: project[kind](n.object as RawObject) });
        return;
      case "sync":
        batcher.flush();
        onSync(kind, n.items as RawObject[]);
        return;
      case "connected":
        batcher.flush();
        freshness.connected(kind);
        store = setDegraded(store, kind, undefined);
        publishStatus();
        return;
      case "error":
        batcher.flush();
        onError(kind, n.statusCode, n.message);
        return;
    }
  }

  for (const k of PRIMARY_KINDS) startKind(k);

  return {
    // Random per hub, so an id from before a restart matches nothing; 3 bytes in base 36 (≤ 5 characters on every frame).
    epoch: randomBytes(3).readUIntBE(0, 3).toString(36),
    get store() {
      batcher.flush();
      return store;
    },
    get seq() {
      batcher.flush();
      return log.seq;
    },
    status,
    whenSynced: (timeoutMs = 10_000) => syncWaiters.wait(status().synced, timeoutMs),
    eventsSince(from) {
      batcher.flush();
      return log.since(from);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      endpoints.stop();
      for (const k of [...informers.keys()]) stopKind(k);
      listeners.clear();
    },
  };
}
