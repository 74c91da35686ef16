import { describe, expect, it } from "vitest";
import type { HubStatus } from "@/lib/kube/stream-protocol";
import { rolloutsResponse } from "@/lib/response";
import { clusterNow, initialStreamState, streamReducer } from "./streamState";

const status: HubStatus = { synced: true, degraded: [], endpointSource: "EndpointSlice" };
const pod = (name: string, rv: string) => ({ kind: "Pod", metadata: { name, namespace: "lab", uid: `u-${name}`, resourceVersion: rv } });

describe("streamReducer", () => {
  it("snapshot replaces the store, deltas apply through the model's reducer", () => {
    let s = initialStreamState();
    s = streamReducer(s, {
      type: "snapshot",
      at: 1000,
      msg: { objects: { Pod: [[pod("a", "1")]] }, status, clock: { now: 5000, rate: 1 }, namespaces: ["lab"] },
    });
    expect(Object.keys(s.store.objects.Pod)).toEqual(["u-a"]);
    expect(s.connection).toBe("live");
    s = streamReducer(s, {
      type: "delta",
      at: 1100,
      msg: {
        changes: [
          { t: "A", k: "Pod", o: pod("b", "2") },
          { t: "D", k: "Pod", m: pod("a", "3").metadata },
        ],
      },
    });
    expect(Object.keys(s.store.objects.Pod)).toEqual(["u-b"]);
    // The journal holds what changed, so followers need not diff stores; a repeat is no change.
    expect(s.journal.batches.at(-1)?.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED b", "DELETED a"]);
    const journal = s.journal;
    s = streamReducer(s, { type: "delta", at: 1150, msg: { changes: [{ t: "M", k: "Pod", o: pod("b", "2") }] } });
    expect(s.journal).toBe(journal);
    // A new snapshot (resync) forgets objects it does not contain.
    s = streamReducer(s, { type: "snapshot", at: 1200, msg: { objects: {}, status, clock: { now: 5000, rate: 1 }, namespaces: [] } });
    expect(Object.keys(s.store.objects.Pod)).toEqual([]);
    expect(s.journal.resets).toBe(2);
  });

  it("a broken stream after data says reconnecting and keeps the time of the last message", () => {
    let s = streamReducer(initialStreamState(), {
      type: "snapshot",
      at: 1000,
      msg: { objects: {}, status, clock: { now: 0, rate: 1 }, namespaces: [] },
    });
    s = streamReducer(s, { type: "broken", at: 9000 });
    expect(s.connection).toBe("reconnecting");
    expect(s.lastMessageAt).toBe(1000);
    expect(streamReducer(initialStreamState(), { type: "broken", at: 1 }).connection).toBe("connecting");
  });

  it("status carries degraded kinds and cluster staleness into the store the views read", () => {
    let s = streamReducer(initialStreamState(), {
      type: "snapshot",
      at: 0,
      msg: { objects: {}, status, clock: { now: 0, rate: 1 }, namespaces: [] },
    });
    s = streamReducer(s, {
      type: "status",
      at: 10,
      msg: {
        ...status,
        degraded: [{ kind: "Pod", message: "Forbidden: cannot list/watch pods" }],
        stale: { since: "2026-01-01T00:00:00Z", reason: "ECONNRESET" },
      },
    });
    const res = rolloutsResponse(s.store, { now: 0 });
    expect(res.degraded).toEqual([{ kind: "Pod", message: "Forbidden: cannot list/watch pods" }]);
    expect(res.stale).toEqual({ since: "2026-01-01T00:00:00Z", reason: "ECONNRESET" });
    // Same outage, new reason (a 401 after the network came back; a failed credential re-read): shown.
    s = streamReducer(s, {
      type: "status",
      at: 20,
      msg: { ...status, stale: { since: "2026-01-01T00:00:00Z", reason: "Unauthorized: …" } },
    });
    expect(rolloutsResponse(s.store, { now: 0 }).stale).toEqual({ since: "2026-01-01T00:00:00Z", reason: "Unauthorized: …" });
  });

  it("extrapolates a faster lab clock", () => {
    const s = streamReducer(initialStreamState(), {
      type: "heartbeat",
      at: 1000,
      msg: { clock: { now: 50_000, rate: 5 }, namespaces: [] },
    });
    expect(clusterNow(s, 3000)).toBe(60_000);
  });
});
