import { describe, expect, it } from "vitest";
import type { Kind, RawObject } from "@/lib/model/store";
import type { RawPodStatus } from "@/lib/model/rawKinds";
import { createHub } from "./hub";
import type { InformerIO, WatchEventType, WireObject } from "./informer";
import { decodeDeltaChecked, decodeSnapshot } from "./stream-protocol";
import { startStreamSession } from "./stream-session";

const pod = (name: string, rv: string, ready = "False", ns = "lab"): WireObject => ({
  kind: "Pod",
  metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: rv },
  status: { phase: "Running", conditions: [{ type: "Ready", status: ready }] },
});

async function setup(now?: () => number) {
  let emit: ((t: WatchEventType, o: WireObject) => void) | undefined;
  const ioFor = (kind: Kind): InformerIO => ({
    list: () => Promise.resolve({ items: kind === "Pod" ? [pod("a", "1")] : [], resourceVersion: "1" }),
    watch(_rv, onEvent) {
      if (kind === "Pod") emit = onEvent;
      return { abort() {} };
    },
    setTimer: () => () => {},
  });
  const hub = createHub({ ioFor });
  await new Promise((r) => setTimeout(r, 0));
  const timers: (() => void)[] = [];
  const delays: number[] = [];
  /** A client like the page: applies what it reads to its own copy of the objects. */
  const client = (namespace?: string, lastEventId?: string) => {
    const frames: string[] = [];
    const objects = new Map<string, RawObject>();
    let missing = 0;
    const read = () => {
      for (const f of frames.splice(0)) {
        const data = JSON.parse(/data: (.*)/.exec(f)![1]!);
        if (f.startsWith("id:") && f.includes("event: snapshot")) {
          objects.clear();
          for (const [kind, list] of Object.entries(decodeSnapshot(data)))
            for (const o of list ?? []) objects.set(`${kind}/${o.metadata.uid}`, o);
        } else if (f.includes("event: delta")) {
          const d = decodeDeltaChecked((kind, key) => objects.get(`${kind}/${key}`), data);
          missing += d.missingBase;
          for (const e of d.events) {
            if (e.type === "DELETED") objects.delete(`${e.kind}/${e.object.metadata.uid}`);
            else objects.set(`${e.kind}/${e.object.metadata.uid}`, e.object);
          }
        }
      }
    };
    const close = startStreamSession({
      hub,
      namespace,
      lastEventId,
      write: (c) => frames.push(c),
      setTimer: (fn, ms) => (timers.push(fn), delays.push(ms), () => {}),
      setRepeating: () => () => {},
      clock: () => ({ now: 0, rate: 1 }),
      now,
    });
    return { frames, objects, read, close, missing: () => missing };
  };
  const tick = async () => {
    await new Promise((r) => setImmediate(r));
    timers.splice(0).forEach((f) => f());
  };
  return { hub, client, tick, delays, emit: (t: WatchEventType, o: WireObject) => emit!(t, o) };
}

const state = (objects: Map<string, RawObject>) =>
  [...objects.values()]
    .map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}:${(o.status as RawPodStatus | undefined)?.conditions?.[0]?.status}`)
    .sort();

describe("stream fanout", () => {
  it("every stream of a namespace gets the same delta string, one serialisation per flush", async () => {
    const s = await setup();
    const one = s.client("lab");
    const two = s.client("lab");
    const all = s.client();
    [one, two, all].forEach((c) => c.frames.splice(0));
    s.emit("MODIFIED", pod("a", "2", "True"));
    await s.tick();
    expect(one.frames).toHaveLength(1);
    expect(one.frames[0]).toBe(two.frames[0]);
    expect(all.frames).toHaveLength(1);
    // A patch, in version 3 (a pod's patch needs neither its type nor its kind spelled out).
    expect(one.frames[0]).toContain('"v":3');
    expect(one.frames[0]).toContain('"b":"1"');
    expect(one.frames[0]).not.toContain('"o":');
  });

  it("frames are throttled, not delayed: a change after a quiet spell goes out at once, the next within the window waits for its end", async () => {
    let ms = 10_000;
    const s = await setup(() => ms);
    const c = s.client("lab");
    c.frames.splice(0);
    const settle = () => new Promise((r) => setImmediate(r));
    s.emit("MODIFIED", pod("a", "2", "True"));
    await settle();
    expect(s.delays).toEqual([0]);
    await s.tick();
    expect(c.frames).toHaveLength(1);
    ms += 20;
    s.emit("MODIFIED", pod("a", "3", "False"));
    s.emit("MODIFIED", pod("a", "4", "True"));
    await settle();
    expect(s.delays).toEqual([0, 30]);
    await s.tick();
    expect(c.frames).toHaveLength(2);
    ms += 500;
    s.emit("MODIFIED", pod("a", "5", "False"));
    await settle();
    expect(s.delays).toEqual([0, 30, 0]);
  });

  it("a stream that joins while changes are pending starts from a snapshot and then follows the patches", async () => {
    const s = await setup();
    const early = s.client("lab");
    early.read();
    s.emit("MODIFIED", pod("a", "2", "True"));
    s.emit("ADDED", pod("b", "3"));
    await new Promise((r) => setImmediate(r));
    const late = s.client("lab");
    late.read();
    s.emit("MODIFIED", pod("a", "4", "False"));
    s.emit("DELETED", pod("b", "5"));
    s.emit("ADDED", pod("c", "6", "True"));
    await s.tick();
    early.read();
    late.read();
    expect(state(early.objects)).toEqual(["a@4:False", "c@6:True"]);
    expect(state(late.objects)).toEqual(state(early.objects));
    expect(early.missing() + late.missing()).toBe(0);
  });

  it("a resumed stream gets whole objects for what it missed, then patches it can apply", async () => {
    const s = await setup();
    const first = s.client("lab");
    first.read();
    const at = s.hub.seq;
    s.emit("MODIFIED", pod("a", "2", "True"));
    await s.tick();
    first.close();
    const resumed = s.client("lab", `${s.hub.epoch}.${at}`);
    for (const [k, o] of first.objects) resumed.objects.set(k, o);
    resumed.read();
    expect(state(resumed.objects)).toEqual(["a@2:True"]);
    s.emit("MODIFIED", pod("a", "3", "False"));
    await s.tick();
    resumed.read();
    expect(state(resumed.objects)).toEqual(["a@3:False"]);
    expect(resumed.missing()).toBe(0);
  });

  it("the last stream of a scope leaving stops the fanout; the next one starts afresh", async () => {
    const s = await setup();
    const a = s.client("lab");
    a.close();
    s.emit("MODIFIED", pod("a", "2", "True"));
    await s.tick();
    expect(a.frames.filter((f) => f.includes("delta"))).toEqual([]);
    const b = s.client("lab");
    b.read();
    expect(state(b.objects)).toEqual(["a@2:True"]);
  });
});
