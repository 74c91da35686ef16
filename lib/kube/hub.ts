/**
 * The process's one view of the cluster: one informer per kind feeding one lib/model store,
 * a numbered log of trimmed changes that every browser stream reads from, and the connection
 * status (which kinds are degraded, whether the data is stale). Streams never open watches.
 */
import { randomBytes } from "node:crypto";
import { applyEvents, emptyStore, replaceKind, setDegraded, setStale, trimObject, type Kind, type RawObject, type Store, type StoreEvent } from "@/lib/model/store";
import { unauthorizedReason, type Credentials } from "./credentials";
import { createInformer, type Informer, type InformerIO, type InformerNotice, type InformerOptions } from "./informer";
import { PRIMARY_KINDS, qualifiedName, RESOURCES } from "./resources";

export interface SeqEvent extends StoreEvent {
  seq: number;
}

export interface HubStatus {
  /** Every primary kind has answered once (listed, or failed). */
  synced: boolean;
  degraded: { kind: string; message: string }[];
  stale?: { since: string; reason: string };
  /** Which kind serves endpoint counts. */
  endpointSource: "EndpointSlice" | "Endpoints" | "none";
  /** The cluster could not be reached at all (every kind failed with no answer). */
  unreachable?: string;
}

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
  if (statusCode === 403) return `Forbidden: cannot list/watch ${what} (${message}). Grant get, list and watch on ${what} to see this part.`;
  if (statusCode === 404) return `${what} is not served by this cluster.`;
  return message;
}

export function createHub(opts: HubOptions): Hub {
  const now = opts.now ?? (() => new Date());
  const logSize = opts.logSize ?? 5000;
  let store = emptyStore();
  let seq = 0;
  let log: SeqEvent[] = [];
  const listeners = new Set<(m: HubMessage) => void>();
  const informers = new Map<Kind, Informer>();
  const answered = new Set<Kind>();
  /**
   * Kinds whose last attempt failed, with since/reason: without an answer (network), or with
   * 401 (`rejected`: our credentials are no longer good). Either way the data is stale.
   */
  const broken = new Map<Kind, { since: string; reason: string; rejected: boolean }>();
  let endpointSource: HubStatus["endpointSource"] = "EndpointSlice";
  let syncWaiters: (() => void)[] = [];

  const primaryKinds = (): Kind[] => PRIMARY_KINDS.filter((k) => k !== "EndpointSlice" || endpointSource === "EndpointSlice");

  const status = (): HubStatus => {
    const degraded = Object.entries(store.degraded).map(([kind, message]) => ({ kind, message: message ?? "" }));
    // A 401 is an answer: the cluster is reachable, only our credentials are not good.
    const allUnanswered = primaryKinds().every((k) => broken.has(k) && !broken.get(k)!.rejected);
    return {
      synced: primaryKinds().every((k) => answered.has(k)),
      degraded,
      ...(store.stale ? { stale: store.stale } : {}),
      endpointSource,
      ...(allUnanswered && broken.size > 0 ? { unreachable: [...broken.values()][0].reason } : {}),
    };
  };

  const broadcast = (m: HubMessage) => {
    for (const l of listeners) l(m);
  };

  const publishStatus = () => {
    const oldest = [...broken.values()].sort((a, b) => a.since.localeCompare(b.since))[0];
    const same = oldest && store.stale?.since === oldest.since && store.stale.reason === oldest.reason;
    store = setStale(store, oldest ? (same ? store.stale : { since: oldest.since, reason: oldest.reason }) : undefined);
    if (status().synced) {
      const waiters = syncWaiters;
      syncWaiters = [];
      waiters.forEach((w) => w());
    }
    broadcast({ type: "status", status: status() });
  };

  const record = (events: StoreEvent[]) => {
    if (events.length === 0) return;
    const numbered = events.map((e) => ({ ...e, seq: ++seq }));
    log.push(...numbered);
    if (log.length > logSize) log = log.slice(log.length - logSize);
    broadcast({ type: "events", events: numbered });
  };

  const onSync = (kind: Kind, items: RawObject[]) => {
    const before = store.objects[kind];
    const trimmed = items.map((o) => trimObject(o));
    const next = replaceKind(store, kind, trimmed);
    const after = next.objects[kind];
    // A relist becomes ordinary deltas, so streams never need to resync after a 410.
    const events: StoreEvent[] = [];
    for (const [key, obj] of Object.entries(after)) {
      const prev = before[key];
      if (!prev) events.push({ type: "ADDED", kind, object: obj });
      else if (prev.metadata.resourceVersion !== obj.metadata.resourceVersion) events.push({ type: "MODIFIED", kind, object: obj });
    }
    for (const [key, obj] of Object.entries(before)) if (!(key in after)) events.push({ type: "DELETED", kind, object: obj });
    store = next;
    record(events);
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
    broken.delete(kind);
  };

  /** Reads endpoint counts from `to` instead of the other kind; the other's objects leave as DELETED changes. */
  const switchEndpointSource = (to: "EndpointSlice" | "Endpoints") => {
    const from: Kind = to === "Endpoints" ? "EndpointSlice" : "Endpoints";
    flush();
    stopKind(from);
    endpointSource = to;
    store = setDegraded(store, from, undefined);
    onSync(from, []);
    startKind(to);
    publishStatus();
  };

  let cancelProbe: (() => void) | undefined;
  const probeEndpointSlices = () => {
    const io = opts.ioFor("EndpointSlice");
    cancelProbe?.();
    cancelProbe = io.setTimer(() => {
      cancelProbe = undefined;
      io.list().then(
        () => {
          if (stopped || endpointSource === "EndpointSlice") return;
          switchEndpointSource("EndpointSlice");
        },
        () => {
          if (!stopped) probeEndpointSlices();
        },
      );
    }, opts.endpointSliceProbeMs ?? 30_000);
  };
  let stopped = false;

  /**
   * Watch events wait here until the I/O callbacks of this turn have run, then go into the store
   * together. Everything that reads or replaces the store flushes first, so order is kept and
   * nobody sees a store without the events already received.
   */
  let pending: StoreEvent[] = [];
  let flushScheduled = false;
  function flush(): void {
    flushScheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const applied: StoreEvent[] = [];
    store = applyEvents(store, batch, applied);
    record(applied);
  }

  function onNotice(kind: Kind, n: InformerNotice) {
    if (n.type !== "ADDED" && n.type !== "MODIFIED" && n.type !== "DELETED") flush();
    switch (n.type) {
      case "sync":
        onSync(kind, n.items as RawObject[]);
        return;
      case "ADDED":
      case "MODIFIED":
      case "DELETED":
        // Applied in batches (see flush): one copy of a kind's record per batch, not per event.
        pending.push({ type: n.type, kind, object: trimObject(n.object as RawObject) });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
        return;
      case "connected":
        answered.add(kind);
        broken.delete(kind);
        store = setDegraded(store, kind, undefined);
        publishStatus();
        return;
      case "error": {
        answered.add(kind);
        if (kind === "EndpointSlice" && (n.statusCode === 403 || n.statusCode === 404)) {
          // discovery.k8s.io missing or forbidden: read the legacy Endpoints instead.
          switchEndpointSource("Endpoints");
          // A 403 may pass (a restarting apiserver denies until its RBAC caches are ready; a
          // role may be fixed): keep asking, and go back to EndpointSlices once they answer.
          if (n.statusCode === 403) probeEndpointSlices();
          return;
        }
        const prev = broken.get(kind);
        if (n.statusCode === 403 || n.statusCode === 404) {
          store = setDegraded(store, kind, describeError(kind, n.statusCode, n.message));
          if (kind === "Endpoints") endpointSource = "none";
          broken.delete(kind);
        } else if (n.statusCode === 401) {
          // Stale since the first failure; the reason is rewritten on every 401 so a failed re-read shows up.
          const reason = unauthorizedReason(opts.credentials?.origin ?? "the kubeconfig", opts.credentials?.reloadError);
          broken.set(kind, { since: prev?.since ?? now().toISOString(), reason, rejected: true });
        } else if (!prev || prev.rejected) {
          broken.set(kind, { since: prev?.since ?? now().toISOString(), reason: n.message, rejected: false });
        }
        publishStatus();
        return;
      }
    }
  }

  for (const k of PRIMARY_KINDS) startKind(k);

  const epoch = randomBytes(6).toString("hex");
  return {
    epoch,
    get store() {
      flush();
      return store;
    },
    get seq() {
      flush();
      return seq;
    },
    status,
    whenSynced(timeoutMs = 10_000) {
      if (status().synced) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        syncWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
    eventsSince(from) {
      flush();
      if (from === seq) return [];
      if (from > seq) return undefined;
      const first = log[0]?.seq;
      if (first === undefined || first > from + 1) return undefined;
      return log.filter((e) => e.seq > from);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      cancelProbe?.();
      for (const k of [...informers.keys()]) stopKind(k);
      listeners.clear();
    },
  };
}
