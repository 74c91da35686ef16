/**
 * The informer's contract with the transport (transport.ts over HTTP, fakes in tests): what a
 * list returns, how a watch delivers events and ends, and the timer. The shape of client-node's
 * watch.ts: I/O passed in, so tests fire events synchronously.
 */

/** A raw Kubernetes object as it comes off the wire. */
export interface WireObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; [k: string]: unknown };
  [field: string]: unknown;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface ListResult {
  items: WireObject[];
  resourceVersion: string;
}

/** Error carrying the HTTP status the API answered with (0 = no answer). */
export class KubeRequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface WatchHandle {
  abort(): void;
}

export interface InformerIO {
  list(): Promise<ListResult>;
  /**
   * Starts a watch from `resourceVersion`; `done` is called once when it ends (err null = clean).
   * `opened`, when the I/O can tell, is called once the server has accepted the watch (HTTP 200):
   * a quiet kind is healthy again after an outage without waiting for its next event.
   */
  watch(
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: WireObject) => void,
    done: (err: unknown) => void,
    opened?: () => void,
  ): WatchHandle;
  /** setTimeout-like; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** The HTTP status of a failed request (0 = no answer). */
export function statusOf(err: unknown): number {
  if (err instanceof KubeRequestError) return err.statusCode;
  if (err && typeof err === "object" && "statusCode" in err && typeof err.statusCode === "number") return err.statusCode;
  if (err && typeof err === "object" && "code" in err && typeof err.code === "number") return err.code;
  return 0;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
