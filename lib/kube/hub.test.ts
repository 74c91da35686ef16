import { describe, expect, it } from "vitest";
import type { Kind } from "@/lib/model/store";
import { createHub, type HubMessage } from "./hub";
import { KubeRequestError, type InformerIO, type ListResult, type WatchEventType, type WireObject } from "./informer";

type Emit = (t: WatchEventType, o: WireObject) => void;

/** Per-kind fake I/O: the first list answers `lists[kind]`, watches are captured. */
function fakeCluster(lists: Partial<Record<Kind, ListResult | Error | (ListResult | Error)[]>>) {
  const watches = new Map<Kind, { emit: Emit; end: (e: unknown) => void }>();
  const listed: Kind[] = [];
  const ioFor = (kind: Kind): InformerIO => ({
    list() {
      listed.push(kind);
      const entry = lists[kind];
      // An array answers one list per element (the last one repeats).
      const r = (Array.isArray(entry) ? (entry.length > 1 ? entry.shift() : entry[0]) : entry) ?? { items: [], resourceVersion: "1" };
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
    },
    watch(_rv, onEvent, done) {
      watches.set(kind, { emit: onEvent, end: done });
      return { abort() {} };
    },
    setTimer() {
      return () => {};
    },
  });
  return { ioFor, watches, listed };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const obj = (kind: string, name: string, rv: string, ns = "lab"): WireObject => ({
  kind,
  metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: rv, managedFields: [{ manager: "kubectl" }] },
});

describe("createHub", () => {
  it("feeds listed and watched objects into one store, trimmed, with numbered changes", async () => {
    const c = fakeCluster({ Pod: { items: [obj("Pod", "a", "3")], resourceVersion: "3" } });
    const hub = createHub({ ioFor: c.ioFor, now: () => new Date("2026-01-01T00:00:00Z") });
    await flush();
    expect(hub.status().synced).toBe(true);
    expect(hub.store.objects.Pod["uid-a"].metadata.managedFields).toBeUndefined();
    expect(hub.seq).toBe(1);
    c.watches.get("Pod")!.emit("MODIFIED", obj("Pod", "a", "4"));
    c.watches.get("Pod")!.emit("ADDED", obj("Pod", "b", "5"));
    expect(hub.eventsSince(1)!.map((e) => [e.seq, e.type, e.object.metadata.name])).toEqual([
      [2, "MODIFIED", "a"],
      [3, "ADDED", "b"],
    ]);
    expect(hub.eventsSince(3)).toEqual([]);
    hub.stop();
  });

  it("falls back to Endpoints when EndpointSlices are forbidden", async () => {
    const c = fakeCluster({ EndpointSlice: new KubeRequestError(403, "forbidden") });
    const hub = createHub({ ioFor: c.ioFor });
    await flush();
    expect(c.listed).toContain("Endpoints");
    expect(hub.status().endpointSource).toBe("Endpoints");
    expect(hub.status().degraded).toEqual([]);
    hub.stop();
  });

  it("degrades one kind on 403 with a message that says what to grant", async () => {
    const c = fakeCluster({ Pod: new KubeRequestError(403, 'pods is forbidden: User "dev" cannot list resource "pods"') });
    const hub = createHub({ ioFor: c.ioFor });
    await flush();
    const d = hub.status().degraded;
    expect(d).toHaveLength(1);
    expect(d[0].kind).toBe("Pod");
    expect(d[0].message).toMatch(/Forbidden.*Grant get, list and watch on pods/);
    expect(hub.store.degraded.Pod).toBe(d[0].message);
    hub.stop();
  });

  it("marks the data stale when a watch breaks and fresh again when it recovers", async () => {
    const c = fakeCluster({});
    const hub = createHub({ ioFor: c.ioFor, now: () => new Date("2026-01-01T10:00:00Z") });
    const messages: HubMessage[] = [];
    hub.subscribe((m) => messages.push(m));
    await flush();
    c.watches.get("Deployment")!.end(new KubeRequestError(0, "cannot reach https://x: ECONNREFUSED"));
    expect(hub.status().stale).toEqual({ since: "2026-01-01T10:00:00.000Z", reason: "cannot reach https://x: ECONNREFUSED" });
    expect(messages.at(-1)).toMatchObject({ type: "status", status: { stale: { reason: expect.stringContaining("ECONNREFUSED") } } });
    hub.stop();
  });

  it("keeps a bounded log: too-old resume points need a resync", async () => {
    const c = fakeCluster({ Pod: { items: [obj("Pod", "a", "3"), obj("Pod", "b", "4")], resourceVersion: "4" } });
    const hub = createHub({ ioFor: c.ioFor, logSize: 2 });
    await flush();
    expect(hub.eventsSince(0)).toHaveLength(2);
    c.watches.get("Pod")!.emit("DELETED", obj("Pod", "a", "9"));
    // The log keeps 2 changes: resuming from 0 is no longer possible.
    expect(hub.eventsSince(0)).toBeUndefined();
    expect(hub.eventsSince(1)!.map((e) => e.type)).toEqual(["ADDED", "DELETED"]);
    hub.stop();
  });

  it("turns a relist after 410 Gone into deltas: vanished objects are announced as DELETED", async () => {
    const c = fakeCluster({
      Pod: [
        { items: [obj("Pod", "a", "3"), obj("Pod", "b", "4")], resourceVersion: "4" },
        { items: [obj("Pod", "b", "4"), obj("Pod", "c", "9")], resourceVersion: "9" },
      ],
    });
    const hub = createHub({ ioFor: c.ioFor });
    await flush();
    const at = hub.seq;
    c.watches.get("Pod")!.emit("ERROR", { kind: "Status", code: 410, message: "too old resource version" } as WireObject);
    await flush();
    expect(hub.eventsSince(at)!.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "c"],
      ["DELETED", "a"],
    ]);
    expect(
      Object.values(hub.store.objects.Pod)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(["b", "c"]);
    hub.stop();
  });
});
