/**
 * One watch request, from a resourceVersion until it ends, with its watchdog: a watch silent for
 * longer than `watchdogMs` (no event, no bookmark) may sit on a half-open connection and is
 * aborted. It says once how it ended; the informer decides what follows (informer.ts).
 */
import { messageOf, statusOf, type InformerIO, type WatchEventType, type WireObject } from "./informer-io";

export type WatchEnd =
  /** 410 Gone: the history is compacted, relist. */
  | { how: "gone" }
  /** Failed: the request (inStream false) or an ERROR event in the stream (inStream true). */
  | { how: "error"; statusCode: number; message: string; inStream: boolean }
  /** The server ended it cleanly (a watch timeout); `delivered`: it carried anything at all. */
  | { how: "closed"; delivered: boolean }
  /** Silent past the watchdog. */
  | { how: "silent" };

export interface WatchListener {
  /** An event or bookmark (ERROR events end the watch instead). */
  onEvent(type: Exclude<WatchEventType, "ERROR">, object: WireObject): void;
  /** The server accepted the watch (when the I/O can tell). */
  onOpened(): void;
  onEnd(end: WatchEnd): void;
}

export interface WatchAttempt {
  /** Ends it without a word to the listener. */
  cancel(): void;
}

export function startWatchAttempt(io: InformerIO, from: string, watchdogMs: number, l: WatchListener): WatchAttempt {
  let live = true;
  let delivered = false;
  let handle: { abort(): void } | undefined;
  let cancelWatchdog: (() => void) | undefined;

  const finish = (end: WatchEnd | undefined, abort: boolean) => {
    if (!live) return;
    live = false;
    cancelWatchdog?.();
    cancelWatchdog = undefined;
    if (abort) handle?.abort();
    if (end) l.onEnd(end);
  };
  const armWatchdog = () => {
    cancelWatchdog?.();
    cancelWatchdog = io.setTimer(() => finish({ how: "silent" }, true), watchdogMs);
  };

  const onEvent = (type: WatchEventType, object: WireObject) => {
    if (!live) return;
    if (type === "ERROR") {
      const code = typeof object.code === "number" ? object.code : 0;
      return finish(
        code === 410
          ? { how: "gone" }
          : { how: "error", statusCode: code, message: String(object.message ?? "watch error"), inStream: true },
        true,
      );
    }
    armWatchdog();
    delivered = true;
    l.onEvent(type, object);
  };
  const done = (err: unknown) => {
    if (!err) return finish({ how: "closed", delivered }, false);
    const code = statusOf(err);
    finish(code === 410 ? { how: "gone" } : { how: "error", statusCode: code, message: messageOf(err), inStream: false }, false);
  };

  armWatchdog();
  try {
    handle = io.watch(from, onEvent, done, () => {
      if (live) l.onOpened();
    });
  } catch (err) {
    done(err);
  }
  return { cancel: () => finish(undefined, true) };
}
