import { describe, expect, it } from "vitest";
import { KubeRequestError, type InformerIO, type WatchEventType, type WireObject } from "./informer-io";
import { startWatchAttempt, type WatchEnd } from "./watch-attempt";

function setup() {
  let emit!: (t: WatchEventType, o: WireObject) => void;
  let done!: (err: unknown) => void;
  let opened!: () => void;
  let aborted = 0;
  const timers: { fn: () => void; live: boolean }[] = [];
  const io: InformerIO = {
    list: () => Promise.reject(new Error("unused")),
    watch(_rv, onEvent, d, o) {
      emit = onEvent;
      done = d;
      opened = o!;
      return { abort: () => aborted++ };
    },
    setTimer(fn) {
      const t = { fn, live: true };
      timers.push(t);
      return () => (t.live = false);
    },
  };
  const seen: string[] = [];
  const ends: WatchEnd[] = [];
  const w = startWatchAttempt(io, "5", 1000, {
    onEvent: (t, o) => seen.push(`${t} ${o.metadata?.resourceVersion}`),
    onOpened: () => seen.push("opened"),
    onEnd: (e) => ends.push(e),
  });
  const fireWatchdog = () => timers.filter((t) => t.live).forEach((t) => t.fn());
  return {
    w,
    seen,
    ends,
    emit: (t: WatchEventType, o: WireObject) => emit(t, o),
    done: (e: unknown) => done(e),
    opened: () => opened(),
    aborted: () => aborted,
    fireWatchdog,
  };
}

describe("startWatchAttempt", () => {
  it("forwards events and bookmarks, then says how it ended, once", () => {
    const s = setup();
    s.opened();
    s.emit("ADDED", { metadata: { resourceVersion: "6" } });
    s.emit("BOOKMARK", { metadata: { resourceVersion: "7" } });
    s.done(null);
    s.done(new Error("late"));
    expect(s.seen).toEqual(["opened", "ADDED 6", "BOOKMARK 7"]);
    expect(s.ends).toEqual([{ how: "closed", delivered: true }]);
  });

  it("410 (request or ERROR event) is gone; other failures carry their status and where they came from", () => {
    const a = setup();
    a.emit("ERROR", { code: 410, message: "too old" } as WireObject);
    expect(a.ends).toEqual([{ how: "gone" }]);
    expect(a.aborted()).toBe(1);
    const b = setup();
    b.done(new KubeRequestError(403, "forbidden"));
    expect(b.ends).toEqual([{ how: "error", statusCode: 403, message: "forbidden", inStream: false }]);
    const c = setup();
    c.emit("ERROR", { code: 500, message: "boom" } as WireObject);
    expect(c.ends).toEqual([{ how: "error", statusCode: 500, message: "boom", inStream: true }]);
  });

  it("a watch silent past the watchdog is aborted and reported silent; events re-arm it; cancel says nothing", () => {
    const s = setup();
    s.emit("MODIFIED", { metadata: { resourceVersion: "6" } });
    s.fireWatchdog();
    expect(s.ends).toEqual([{ how: "silent" }]);
    expect(s.aborted()).toBe(1);
    s.emit("MODIFIED", { metadata: { resourceVersion: "7" } });
    expect(s.seen).toEqual(["MODIFIED 6"]);
    const t = setup();
    t.w.cancel();
    t.done(null);
    expect(t.ends).toEqual([]);
    expect(t.aborted()).toBe(1);
  });
});
