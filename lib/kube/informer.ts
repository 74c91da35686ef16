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
 *
 * Parts: informer-io.ts (the transport contract), watch-attempt.ts (one watch and its watchdog),
 * backoff.ts; this file is the list/watch loop that applies the rules above.
 */

import { createBackoff } from "./backoff";
import { messageOf, statusOf, type InformerIO, type WireObject } from "./informer-io";
import { startWatchAttempt, type WatchAttempt, type WatchEnd } from "./watch-attempt";

export { KubeRequestError, statusOf } from "./informer-io";
export type { InformerIO, ListResult, WatchEventType, WatchHandle, WireObject } from "./informer-io";

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

export function createInformer(io: InformerIO, notify: (n: InformerNotice) => void, opts: InformerOptions = {}): Informer {
  const watchdogMs = opts.watchdogMs ?? 60_000;
  const backoff = createBackoff(opts.backoffInitialMs ?? 500, opts.backoffMaxMs ?? 30_000);
  let running = false;
  let rv: string | undefined;
  let watch: WatchAttempt | undefined;
  let cancelRetry: (() => void) | undefined;
  // Each list/watch gets a generation; callbacks from a superseded one are ignored.
  let generation = 0;
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
  const retryLater = (fn: () => void) => {
    const wait = backoff.next();
    cancelRetry?.();
    cancelRetry = io.setTimer(() => {
      cancelRetry = undefined;
      if (running) fn();
    }, wait);
  };
  const resume = () => watchFrom(rv ?? "");

  const relist = () => {
    const my = ++generation;
    watch?.cancel();
    watch = undefined;
    io.list().then(
      (res) => {
        if (!running || my !== generation) return;
        rv = res.resourceVersion;
        notify({ type: "sync", items: res.items });
        markHealthy();
        watchFrom(res.resourceVersion);
      },
      (err: unknown) => {
        if (!running || my !== generation) return;
        report(statusOf(err), messageOf(err));
        retryLater(relist);
      },
    );
  };

  const onWatchEnd = (end: WatchEnd) => {
    switch (end.how) {
      case "gone":
        return relist();
      case "silent":
        // The connection may be half-open: resume from where we are.
        return resume();
      case "error":
        report(end.statusCode, end.message);
        // A forbidden or missing watch will not heal by resuming: relist (and report) instead.
        return retryLater(!end.inStream && (end.statusCode === 403 || end.statusCode === 404) ? relist : resume);
      case "closed":
        // Resume right away, unless the watch never delivered anything (a server that hangs up at once would otherwise spin).
        return end.delivered ? resume() : retryLater(resume);
    }
  };

  const watchFrom = (from: string) => {
    const my = ++generation;
    const current = () => running && my === generation;
    watch = startWatchAttempt(io, from, watchdogMs, {
      onOpened: () => {
        if (current()) markHealthy();
      },
      onEvent: (type, object) => {
        if (!current()) return;
        backoff.reset();
        markHealthy();
        const objRv = object.metadata?.resourceVersion;
        if (objRv) rv = objRv;
        if (type !== "BOOKMARK") notify({ type, object });
      },
      onEnd: (end) => {
        if (current()) onWatchEnd(end);
      },
    });
  };

  return {
    start() {
      if (running) return;
      running = true;
      healthy = false;
      backoff.reset();
      relist();
    },
    stop() {
      running = false;
      generation++;
      cancelRetry?.();
      cancelRetry = undefined;
      watch?.cancel();
      watch = undefined;
    },
    get resourceVersion() {
      return rv;
    },
    get running() {
      return running;
    },
  };
}
