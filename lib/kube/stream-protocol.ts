/**
 * What GET /api/stream sends (Server-Sent Events), shared by the route and the browser.
 * Every `snapshot` and `delta` carries an SSE id (the hub's change number): a reconnecting
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

/** One SSE frame. Data is a single JSON line, so no escaping is needed. */
export function sseFrame(event: StreamEventName, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
