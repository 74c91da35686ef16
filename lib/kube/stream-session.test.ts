import { describe, expect, it } from "vitest";
import type { Kind } from "@/lib/model/store";
import { createHub } from "./hub";
import type { InformerIO, WatchEventType, WireObject } from "./informer";
import { decodeDelta, decodeSnapshot, streamId } from "./stream-protocol";
import { startStreamSession } from "./stream-session";

const flush = () => new Promise((r) => setTimeout(r, 0));
const pod = (name: string, rv: string, ns = "lab"): WireObject => ({
  kind: "Pod",
  metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: rv },
});

async function setup() {
  let emitPod: ((t: WatchEventType, o: WireObject) => void) | undefined;
  const ioFor = (kind: Kind): InformerIO => ({
    list: () => Promise.resolve({ items: kind === "Pod" ? [pod("a", "1"), pod("other", "1", "elsewhere")] : [], resourceVersion: "1" }),
    watch(_rv, onEvent) {
      if (kind === "Pod") emitPod = onEvent;
      return { abort() {} };
    },
    setTimer: () => () => {},
  });
  const hub = createHub({ ioFor });
  await flush();
  const out: string[] = [];
  const timers: (() => void)[] = [];
  const repeating: (() => void)[] = [];
  const open = (lastEventId?: string, namespace = "lab") =>
    startStreamSession({
      hub,
      namespace,
      lastEventId,
      write: (c) => out.push(c),
      setTimer: (fn) => {
        timers.push(fn);
        return () => {};
      },
      setRepeating: (fn) => {
        repeating.push(fn);
        return () => {};
      },
      clock: () => ({ now: Date.UTC(2026, 0, 1), rate: 5 }),
    });
  // The hub applies watch events in batches once the current I/O turn is over (setImmediate).
  const fireTimers = async () => {
    await new Promise((r) => setImmediate(r));
    timers.splice(0).forEach((f) => f());
  };
  return { hub, out, open, fireTimers, repeating, emit: (t: WatchEventType, o: WireObject) => emitPod!(t, o) };
}

const frames = (out: string[]) =>
  out.map((c) => {
    const event = /event: (\w+)/.exec(c)![1];
    const id = /id: (\S+)/.exec(c)?.[1];
    return { event, id, data: JSON.parse(/data: (.*)/.exec(c)![1]) };
  });

describe("startStreamSession", () => {
  it("starts with a snapshot of the namespace, numbered with the hub's change count", async () => {
    const s = await setup();
    s.open();
    const [first] = frames(s.out);
    expect(first.event).toBe("snapshot");
    expect(decodeSnapshot(first.data).Pod!.map((p) => p.metadata.name)).toEqual(["a"]);
    expect(first.id).toBe(streamId(s.hub.epoch, s.hub.seq));
  });

  it("coalesces a burst into one delta with the last version of each object", async () => {
    const s = await setup();
    s.open();
    const held = decodeSnapshot(frames(s.out)[0].data);
    s.out.length = 0;
    s.emit("MODIFIED", pod("a", "2"));
    s.emit("MODIFIED", pod("a", "3"));
    s.emit("ADDED", pod("b", "4"));
    s.emit("ADDED", pod("x", "5", "elsewhere"));
    expect(s.out).toEqual([]);
    await s.fireTimers();
    const f = frames(s.out);
    expect(f).toHaveLength(1);
    expect(f[0].event).toBe("delta");
    const events = decodeDelta((kind, key) => held[kind]?.find((o) => o.metadata.uid === key), f[0].data);
    expect(events.map((e) => [e.object.metadata.name, e.object.metadata.resourceVersion])).toEqual([
      ["a", "3"],
      ["b", "4"],
    ]);
    expect(f[0].id).toBe(streamId(s.hub.epoch, s.hub.seq));
  });

  it("resumes from Last-Event-ID with only the missed changes, or resyncs when it is unknown", async () => {
    const s = await setup();
    const at = s.hub.seq;
    s.emit("MODIFIED", pod("a", "7"));
    s.open(streamId(s.hub.epoch, at));
    const f = frames(s.out);
    expect(f.map((x) => x.event)).toEqual(["status", "heartbeat", "delta"]);
    expect(decodeDelta(() => undefined, f[2].data)[0]!.object.metadata.resourceVersion).toBe("7");
    s.out.length = 0;
    s.open(streamId(s.hub.epoch, 999999));
    expect(frames(s.out)[0].event).toBe("snapshot");
    // The same number from another hub (the server restarted and counts from 0 again): a snapshot,
    // never deltas from another numbering (a page would keep objects that no longer exist).
    s.out.length = 0;
    s.open(streamId("0ther0", at));
    expect(frames(s.out)[0].event).toBe("snapshot");
    s.out.length = 0;
    s.open(String(at));
    expect(frames(s.out)[0].event).toBe("snapshot");
  });

  it("sends heartbeats on its repeating timer", async () => {
    const s = await setup();
    s.open();
    s.out.length = 0;
    s.repeating[0]();
    expect(frames(s.out)).toEqual([
      { event: "heartbeat", id: undefined, data: { clock: { now: Date.UTC(2026, 0, 1), rate: 5 }, namespaces: ["elsewhere", "lab"] } },
    ]);
  });
});
