import { describe, expect, it } from "vitest";
import {
  createInformer,
  KubeRequestError,
  type InformerIO,
  type InformerNotice,
  type ListResult,
  type WatchEventType,
  type WireObject,
} from "./informer";

/** Fake I/O: lists answer from a queue, watches and timers are driven by the test. */
function fakeIO() {
  const lists: (ListResult | Error)[] = [];
  const watches: {
    from: string;
    emit: (t: WatchEventType, o: WireObject) => void;
    end: (err: unknown) => void;
    aborted: boolean;
  }[] = [];
  let timers: { fn: () => void; ms: number; live: boolean }[] = [];
  let listCalls = 0;
  const io: InformerIO = {
    list() {
      listCalls++;
      const next = lists.shift();
      if (!next) return new Promise(() => {});
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    watch(from, onEvent, done) {
      const w = { from, emit: onEvent, end: done, aborted: false };
      watches.push(w);
      return { abort: () => (w.aborted = true) };
    },
    setTimer(fn, ms) {
      const t = { fn, ms, live: true };
      timers.push(t);
      return () => (t.live = false);
    },
  };
  return {
    io,
    lists,
    watches,
    get listCalls() {
      return listCalls;
    },
    /** Fires the live timers (all of them, once) and returns their delays. */
    fireTimers(filter: (ms: number) => boolean = () => true): number[] {
      const due = timers.filter((t) => t.live && filter(t.ms));
      timers = timers.filter((t) => !due.includes(t));
      for (const t of due) {
        t.live = false;
        t.fn();
      }
      return due.map((t) => t.ms);
    },
    liveTimers: () => timers.filter((t) => t.live).map((t) => t.ms),
  };
}

const pod = (name: string, rv: string): WireObject => ({ kind: "Pod", metadata: { name, uid: `u-${name}`, resourceVersion: rv } });
const flush = () => new Promise((r) => setTimeout(r, 0));

function start(opts = {}) {
  const f = fakeIO();
  const notices: InformerNotice[] = [];
  const inf = createInformer(f.io, (n) => notices.push(n), { watchdogMs: 60_000, backoffInitialMs: 100, backoffMaxMs: 800, ...opts });
  return { f, notices, inf };
}

describe("createInformer", () => {
  it("lists, then watches from the list's resourceVersion and forwards events", async () => {
    const { f, notices, inf } = start();
    f.lists.push({ items: [pod("a", "5")], resourceVersion: "10" });
    inf.start();
    await flush();
    expect(notices[0]).toEqual({ type: "sync", items: [pod("a", "5")] });
    expect(f.watches).toHaveLength(1);
    expect(f.watches[0].from).toBe("10");
    f.watches[0].emit("ADDED", pod("b", "11"));
    f.watches[0].emit("BOOKMARK", { metadata: { resourceVersion: "12" } });
    expect(notices.at(-1)).toEqual({ type: "ADDED", object: pod("b", "11") });
    expect(inf.resourceVersion).toBe("12");
  });

  it("resumes from the last resourceVersion when a watch ends cleanly", async () => {
    const { f, inf } = start();
    f.lists.push({ items: [], resourceVersion: "10" });
    inf.start();
    await flush();
    f.watches[0].emit("MODIFIED", pod("a", "15"));
    f.watches[0].end(null);
    expect(f.watches).toHaveLength(2);
    expect(f.watches[1].from).toBe("15");
    expect(f.listCalls).toBe(1);
  });

  it("relists on 410 Gone, from an ERROR event or from the watch request", async () => {
    const { f, notices, inf } = start();
    f.lists.push(
      { items: [], resourceVersion: "10" },
      { items: [pod("x", "40")], resourceVersion: "40" },
      { items: [], resourceVersion: "50" },
    );
    inf.start();
    await flush();
    f.watches[0].emit("ERROR", { kind: "Status", code: 410, message: "too old resource version" });
    await flush();
    expect(f.listCalls).toBe(2);
    expect(notices.filter((n) => n.type === "sync")).toHaveLength(2);
    expect(f.watches.at(-1)!.from).toBe("40");
    f.watches.at(-1)!.end(new KubeRequestError(410, "Gone"));
    await flush();
    expect(f.listCalls).toBe(3);
    expect(f.watches.at(-1)!.from).toBe("50");
  });

  it("restarts a watch that stays silent past the watchdog", async () => {
    const { f, inf } = start({ watchdogMs: 5000 });
    f.lists.push({ items: [], resourceVersion: "7" });
    inf.start();
    await flush();
    f.watches[0].emit("MODIFIED", pod("a", "8"));
    expect(f.fireTimers((ms) => ms === 5000)).toEqual([5000]);
    expect(f.watches[0].aborted).toBe(true);
    expect(f.watches).toHaveLength(2);
    expect(f.watches[1].from).toBe("8");
    // Events from the abandoned watch are ignored.
    f.watches[0].emit("ADDED", pod("ghost", "99"));
    expect(inf.resourceVersion).toBe("8");
  });

  it("backs off with a cap on repeated failures and reports the status code", async () => {
    const { f, notices, inf } = start();
    for (let i = 0; i < 6; i++) f.lists.push(new KubeRequestError(503, "unavailable"));
    inf.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await flush();
      delays.push(...f.fireTimers());
    }
    expect(delays).toEqual([100, 200, 400, 800, 800]);
    expect(notices.filter((n) => n.type === "error").every((n) => n.type === "error" && n.statusCode === 503)).toBe(true);
  });

  it("reports 403 on list so the owner can degrade that kind", async () => {
    const { f, notices, inf } = start();
    f.lists.push(new KubeRequestError(403, "endpointslices.discovery.k8s.io is forbidden"));
    inf.start();
    await flush();
    expect(notices).toEqual([{ type: "error", statusCode: 403, message: "endpointslices.discovery.k8s.io is forbidden" }]);
    expect(f.watches).toHaveLength(0);
  });

  it("stops: no more watches, no callbacks after stop", async () => {
    const { f, notices, inf } = start();
    f.lists.push({ items: [], resourceVersion: "1" });
    inf.start();
    await flush();
    inf.stop();
    expect(f.watches[0].aborted).toBe(true);
    const before = notices.length;
    f.watches[0].emit("ADDED", pod("late", "2"));
    f.watches[0].end(null);
    expect(notices).toHaveLength(before);
    expect(f.watches).toHaveLength(1);
    expect(f.liveTimers()).toEqual([]);
  });
});
