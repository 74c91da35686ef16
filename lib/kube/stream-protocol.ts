/**
 * What GET /api/stream sends (Server-Sent Events), shared by the route and the browser.
 * Every `snapshot` and `delta` carries an SSE id (the hub's epoch and change number): a reconnecting
 * EventSource sends it back as Last-Event-ID and gets the missed deltas, or a fresh snapshot
 * when the server no longer has them.
 */
import type { Kind, RawObject, StoreEvent } from "@/lib/model/store";
import type { HubStatus } from "./hub";

/**
 * The cluster's clock at the moment of sending. A lab cluster may run faster than wall time
 * (--time-scale): the browser extrapolates now + elapsed × rate for countdowns and ages.
 */
export interface ClockSync {
  now: number;
  rate: number;
}

export interface SnapshotMessage {
  objects: Partial<Record<Kind, RawObject[]>>;
  status: HubStatus;
  clock: ClockSync;
  /** Every namespace the process sees objects in, for the picker. */
  namespaces: string[];
}

export interface DeltaMessage {
  events: StoreEvent[];
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
 * The SSE id of change `seq` of the hub `epoch`: `<epoch>.<seq>`. The epoch is random per hub, so
 * after a server restart (a new hub counting from 0 again) an old page's Last-Event-ID matches
 * nothing and it gets a snapshot instead of deltas from another numbering.
 */
export function streamId(epoch: string, seq: number): string {
  return `${epoch}.${seq}`;
}

/** The change number in `id` when it was issued by the hub `epoch`, else undefined (resync). */
export function seqOfStreamId(id: string | null | undefined, epoch: string): number | undefined {
  const m = id ? /^([a-z0-9]+)\.(\d+)$/.exec(id) : null;
  return m && m[1] === epoch ? Number(m[2]) : undefined;
}

/** One SSE frame. Data is a single JSON line, so no escaping is needed. */
export function sseFrame(event: StreamEventName, data: unknown, id?: string): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
