/**
 * The browser's copy of the cluster, fed by /api/stream: the same lib/model store the server
 * keeps, plus what the page needs to say about the connection. The hook owns I/O and time. The
 * store is this reducer's alone and deltas update it in place (applyEventsInPlace): a state's
 * store is current only until the next delta, which every consumer follows through `journal`.
 */
import {
  applyEventsInPlace,
  emptyStore,
  replaceKind,
  setDegraded,
  setStale,
  KINDS,
  type AppliedEvent,
  type Kind,
  type Store,
} from "@/lib/model";
import type { HubStatus } from "@/lib/kube/stream-protocol";
import { emptyJournal, journalAppend, journalReset, type Journal } from "./journal";
import {
  decodeDelta,
  decodeSnapshot,
  type ClockSync,
  type DeltaMessage,
  type HeartbeatMessage,
  type SnapshotMessage,
  type SnapshotObjects,
} from "@/lib/kube/stream-protocol";

export type Connection = "connecting" | "live" | "reconnecting" | "fatal";

export interface StreamState {
  store: Store;
  /** The changes applied to `store`, for consumers that follow it event by event. */
  journal: Journal;
  connection: Connection;
  /** Wall-clock ms of the last message from the server (for "showing data from HH:MM:SS"). */
  lastMessageAt?: number;
  /** Server clock at `clockReceivedAt` (wall ms); the lab cluster's may run `rate`× faster. */
  clock?: ClockSync;
  clockReceivedAt?: number;
  status?: HubStatus;
  namespaces: string[];
  fatal?: string;
  /** Whether a snapshot arrived since the page opened (so "no deployments" means it). */
  hasData: boolean;
}

export type StreamAction =
  | { type: "snapshot"; msg: SnapshotMessage; at: number }
  | { type: "delta"; msg: DeltaMessage; at: number }
  | { type: "status"; msg: HubStatus; at: number }
  | { type: "heartbeat"; msg: HeartbeatMessage; at: number }
  | { type: "broken"; at: number }
  | { type: "fatal"; message: string };

export function initialStreamState(): StreamState {
  return { store: emptyStore(), journal: emptyJournal(), connection: "connecting", namespaces: [], hasData: false };
}

function withStatus(store: Store, status: HubStatus): Store {
  let next = store;
  const degraded = new Map(status.degraded.map((d) => [d.kind, d.message]));
  for (const kind of KINDS) next = setDegraded(next, kind, degraded.get(kind));
  const same = status.stale && next.stale?.since === status.stale.since && next.stale.reason === status.stale.reason;
  return setStale(next, same ? next.stale : status.stale);
}

const appliedDeltas = new WeakMap<StreamAction, { from: StreamState; to: StreamState }>();

export function streamReducer(state: StreamState, action: StreamAction): StreamState {
  switch (action.type) {
    case "snapshot": {
      let store = emptyStore();
      for (const [kind, objects] of Object.entries(decodeSnapshot(action.msg)) as [Kind, SnapshotObjects[Kind]][]) {
        store = replaceKind(store, kind, objects ?? []);
      }
      return {
        ...state,
        store: withStatus(store, action.msg.status),
        journal: journalReset(state.journal),
        status: action.msg.status,
        connection: "live",
        lastMessageAt: action.at,
        clock: action.msg.clock,
        clockReceivedAt: action.at,
        namespaces: action.msg.namespaces,
        hasData: true,
        fatal: undefined,
      };
    }
    case "delta": {
      // In place: the store belongs to this reducer alone, and copying a kind's record per message
      // costs what the cluster holds. A second call with the same action (React StrictMode calls
      // reducers twice) must not apply it again, so the first result is remembered.
      const done = appliedDeltas.get(action);
      if (done?.from === state) return done.to;
      const applied: AppliedEvent[] = [];
      const store = applyEventsInPlace(
        state.store,
        decodeDelta((kind, key) => state.store.objects[kind][key], action.msg),
        applied,
      );
      const next: StreamState = {
        ...state,
        store,
        journal: journalAppend(state.journal, applied),
        connection: "live",
        lastMessageAt: action.at,
      };
      appliedDeltas.set(action, { from: state, to: next });
      return next;
    }
    case "status":
      return { ...state, store: withStatus(state.store, action.msg), status: action.msg, connection: "live", lastMessageAt: action.at };
    case "heartbeat":
      return {
        ...state,
        connection: "live",
        lastMessageAt: action.at,
        clock: action.msg.clock,
        clockReceivedAt: action.at,
        namespaces: action.msg.namespaces,
      };
    case "broken":
      return state.connection === "reconnecting" || state.connection === "fatal"
        ? state
        : { ...state, connection: state.hasData ? "reconnecting" : "connecting" };
    case "fatal":
      return { ...state, connection: "fatal", fatal: action.message };
  }
}

/** The cluster's "now" (epoch ms) at wall time `wallNow`, extrapolated from the last clock sync. */
export function clusterNow(state: StreamState, wallNow: number): number {
  if (!state.clock || state.clockReceivedAt === undefined) return wallNow;
  return state.clock.now + (wallNow - state.clockReceivedAt) * state.clock.rate;
}
