/**
 * What GET /api/stream sends (Server-Sent Events), shared by the route and the browser.
 * Every `snapshot` and `delta` carries an SSE id (the hub's epoch and change number): a reconnecting
 * EventSource sends it back as Last-Event-ID and gets the missed deltas, or a fresh snapshot
 * when the server no longer has them.
 *
 * Objects travel as projections (lib/model/projection.ts), compactly encoded (stream-codec.ts):
 * a delta patches the version the stream's clients hold; a snapshot chains each object to the one
 * before it. `decodeSnapshot` and `decodeDelta` turn them back into objects and store events.
 */
import type { Kind, RawObject, StoreEvent } from "@/lib/model/store";
import {
  changesOf,
  decodeChanges,
  decodeSnapshotObjects,
  type DecodedDelta,
  type DeltaV1,
  type DeltaV2,
  type DeltaV3,
  type SnapshotItem,
  type SnapshotObjects,
} from "./stream-codec";

export type { DecodedDelta, DeltaV1, DeltaV2, DeltaV3, SnapshotItem, SnapshotObjects, WireChange } from "./stream-codec";

/**
 * The browser-safe contract between the server and the page: the stream's messages, the hub
 * status it carries and the kube contexts the picker lists. Components import these types from
 * here, never from server modules.
 */
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

/** One kube context, as GET /api/contexts lists them. */
export interface ContextInfo {
  name: string;
  cluster: string;
  server?: string;
  namespace?: string;
  current: boolean;
}

/**
 * The cluster's clock at the moment of sending. A lab cluster may run faster than wall time
 * (--time-scale): the browser extrapolates now + elapsed × rate for countdowns and ages.
 */
export interface ClockSync {
  now: number;
  rate: number;
}

export interface SnapshotMessage {
  /** Per kind, in (namespace, name) order, each item a patch against the one before (decodeSnapshot). */
  objects: Partial<Record<Kind, SnapshotItem[]>>;
  status: HubStatus;
  clock: ClockSync;
  /** Every namespace the process sees objects in, for the picker. */
  namespaces: string[];
}

/**
 * A delta: version 1 (no `v`) carries the changes as they are; version 2 (`v: 2`) carries them
 * compacted (wire-compact.ts: fixed field names, timestamps as seconds after the message's base,
 * UIDs in base64, repeated strings once); version 3 (`v: 3`, what the server sends) is version 2
 * with the changes under `c` and kubelet message prefixes coded. decodeDelta reads all three.
 */
export type DeltaMessage = DeltaV1 | DeltaV2 | DeltaV3;

/** The objects of a snapshot, per kind. */
export function decodeSnapshot(msg: Pick<SnapshotMessage, "objects">): SnapshotObjects {
  return decodeSnapshotObjects(msg.objects);
}

/**
 * The store events of a delta; `lookup(kind, key)` reads the client's current object (its store
 * record by objectKey). A patch whose base the client does not hold is skipped, never merged onto
 * another version: use decodeDeltaChecked to see how many, and resync when there are any.
 */
export function decodeDelta(lookup: (kind: Kind, key: string) => RawObject | undefined, msg: DeltaMessage): StoreEvent[] {
  return decodeChanges(lookup, changesOf(msg)).events;
}

/** decodeDelta, plus the number of patches that found no base (then the client should resync). */
export function decodeDeltaChecked(lookup: (kind: Kind, key: string) => RawObject | undefined, msg: DeltaMessage): DecodedDelta {
  return decodeChanges(lookup, changesOf(msg));
}

export interface HeartbeatMessage {
  clock: ClockSync;
  namespaces: string[];
}

export type StreamEventName = "snapshot" | "delta" | "status" | "heartbeat" | "fatal";

/** Sent once, then the stream closes: the server cannot read any cluster (bad kubeconfig). */
export interface FatalMessage {
  message: string;
}

/**
 * The SSE id of change `seq` of the hub `epoch`: `<epoch>.<seq>`, seq in base 36 (every frame
 * carries it). The epoch is random per hub, so after a server restart (a new hub counting from 0
 * again) an old page's Last-Event-ID matches nothing and it gets a snapshot instead of deltas from
 * another numbering.
 */
export function streamId(epoch: string, seq: number): string {
  return `${epoch}.${seq.toString(36)}`;
}

/** The change number in `id` when it was issued by the hub `epoch`, else undefined (resync). */
export function seqOfStreamId(id: string | null | undefined, epoch: string): number | undefined {
  const m = id ? /^([a-z0-9]+)\.([a-z0-9]+)$/.exec(id) : null;
  return m && m[1] === epoch ? parseInt(m[2]!, 36) : undefined;
}

/** One SSE frame. Data is a single JSON line, so no escaping is needed. */
export function sseFrame(event: StreamEventName, data: unknown, id?: string): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
