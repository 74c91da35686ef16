/**
 * A list+watch informer for one kind, transport-agnostic: the list, watch, timers and clock are
 * passed in, so unit tests fire events synchronously (the shape of client-node's cache.ts).
 *
 * Reconnect rules:
 * - watch ends cleanly or with a network error → resume from the last resourceVersion seen,
 *   after a capped exponential backoff (reset once a watch delivers something);
 * - watch or list answers 410 Gone (or an ERROR event with code 410) → relist;
 * - a watch silent for longer than `watchdogMs` (no event, no bookmark) → abort and resume;
 * - list answers 403/404 → report it (the hub degrades that part of the view) and retry slowly;
 * - list or watch answers 401 → report it (the hub marks the data stale) and retry with the same
 *   backoff; the transport's credentials are re-read before that retry (credentials.ts).
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

/** What the informer tells its owner. `sync` carries the full list after every (re)list. */
export type InformerNotice =
  | { type: "sync"; items: WireObject[] }
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: WireObject }
  | { type: "error"; statusCode: number; message: string }
  /** The first successful list, and the first sign of life after an error. */
  | { type: "connected" };

export interface InformerOptions {
  /** Abort and resume a watch that has been silent this long. */
  watchdogMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

export interface Informer {
  start(): void;
  stop(): void;
  /** Last resourceVersion seen (list or event or bookmark); compare for equality only. */
  readonly resourceVersion: string | undefined;
  readonly running: boolean;
}

export function statusOf(err: unknown): number {
  if (err instanceof KubeRequestError) return err.statusCode;
  if (err && typeof err === "object" && "statusCode" in err && typeof err.statusCode === "number") return err.statusCode;
  if (err && typeof err === "object" && "code" in err && typeof err.code === "number") return err.code;
  return 0;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createInformer(
  io: InformerIO,
  notify: (n: InformerNotice) => void,
  opts: InformerOptions = {},
): Informer {
  const watchdogMs = opts.watchdogMs ?? 60_000;
  const backoffInitial = opts.backoffInitialMs ?? 500;
  const backoffMax = opts.backoffMaxMs ?? 30_000;

  let running = false;
  let rv: string | undefined;
  let backoff = backoffInitial;
  let handle: WatchHandle | undefined;
  let cancelWatchdog: (() => void) | undefined;
  let cancelRetry: (() => void) | undefined;
  // Each watch/list attempt gets a generation; callbacks from a superseded attempt are ignored.
  let attempt = 0;
  // False after an error until the next list or watch event proves the connection works.
  let healthy = false;
  const markHealthy = () => {
    if (healthy) return;
    healthy = true;
    notify({ type: "connected" });
  };
  const report = (statusCode: number, message: string) => {
    healthy = false;
    notify({ type: "error", statusCode, message });
  };

  const clearTimers = () => {
    cancelWatchdog?.();
    cancelWatchdog = undefined;
    cancelRetry?.();
    cancelRetry = undefined;
  };

  const retryLater = (fn: () => void) => {
    const wait = backoff;
    backoff = Math.min(backoffMax, backoff * 2);
    cancelRetry?.();
    cancelRetry = io.setTimer(() => {
      cancelRetry = undefined;
      if (running) fn();
    }, wait);
  };

  const relist = () => {
    const my = ++attempt;
    handle?.abort();
    handle = undefined;
    io.list().then(
      (res) => {
        if (!running || my !== attempt) return;
        rv = res.resourceVersion;
        notify({ type: "sync", items: res.items });
        markHealthy();
        watchFrom(res.resourceVersion);
      },
      (err: unknown) => {
        if (!running || my !== attempt) return;
        report(statusOf(err), messageOf(err));
        retryLater(relist);
      },
    );
  };

  const armWatchdog = (my: number) => {
    cancelWatchdog?.();
    cancelWatchdog = io.setTimer(() => {
      if (!running || my !== attempt) return;
      // Silent too long: the connection may be half-open. Resume from where we are.
      const h = handle;
      handle = undefined;
      attempt++;
      h?.abort();
      watchFrom(rv ?? "");
    }, watchdogMs);
  };

  const watchFrom = (from: string) => {
    const my = ++attempt;
    let ended = false;
    let delivered = false;
    armWatchdog(my);
    const onEvent = (type: WatchEventType, object: WireObject) => {
      if (!running || my !== attempt || ended) return;
      armWatchdog(my);
      if (type === "ERROR") {
        ended = true;
        const code = typeof object.code === "number" ? object.code : 0;
        handle?.abort();
        if (code === 410) relist();
        else {
          report(code, String(object.message ?? "watch error"));
          retryLater(() => watchFrom(rv ?? ""));
        }
        return;
      }
      delivered = true;
      backoff = backoffInitial;
      markHealthy();
      const objRv = object.metadata?.resourceVersion;
      if (objRv) rv = objRv;
      if (type === "BOOKMARK") return;
      notify({ type, object });
    };
    const done = (err: unknown) => {
      if (!running || my !== attempt || ended) return;
      ended = true;
      cancelWatchdog?.();
      cancelWatchdog = undefined;
      if (err && statusOf(err) === 410) return relist();
      if (err) {
        const code = statusOf(err);
        report(code, messageOf(err));
        // A forbidden or missing watch will not heal by resuming: relist (and report) instead.
        return retryLater(code === 403 || code === 404 ? relist : () => watchFrom(rv ?? ""));
      }
      // Clean end (server timeout): resume right away, unless the watch never delivered
      // anything (a server that hangs up at once would otherwise spin).
      if (delivered) watchFrom(rv ?? "");
      else retryLater(() => watchFrom(rv ?? ""));
    };
    try {
      handle = io.watch(from, onEvent, done, () => {
        if (running && my === attempt && !ended) markHealthy();
      });
    } catch (err) {
      done(err);
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      healthy = false;
      backoff = backoffInitial;
      relist();
    },
    stop() {
      running = false;
      attempt++;
      clearTimers();
      handle?.abort();
      handle = undefined;
    },
    get resourceVersion() {
      return rv;
    },
    get running() {
      return running;
    },
  };
}
