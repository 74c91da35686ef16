import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock";
import { EVENT_TTL_MS, startEventTtl } from "./event-ttl";
import { recordEvent } from "./events";
import { Store } from "./store";

describe("Event TTL (kube-apiserver --event-ttl, 1 h by default)", () => {
  it("deletes an Event an hour after its last write; a repeat renews it; watchers see DELETED", () => {
    const clock = new ManualClock();
    const store = new Store(clock);
    const d = store.create("deployments", "apps", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "lab" },
      spec: {},
    });
    const stop = startEventTtl(store, clock);
    const seen: string[] = [];
    store.subscribe((e) => {
      if (e.storage === "events") seen.push(`${e.type} ${e.object.reason}`);
    });
    recordEvent(store, d, "Normal", "ScalingReplicaSet", "Scaled up replica set web-abc from 0 to 3", "deployment-controller");
    recordEvent(store, d, "Warning", "BackOff", "Back-off restarting failed container", "kubelet");
    clock.advance(EVENT_TTL_MS / 2);
    // The BackOff repeats: count and lastTimestamp grow, its lease starts again.
    recordEvent(store, d, "Warning", "BackOff", "Back-off restarting failed container", "kubelet");
    clock.advance(EVENT_TTL_MS / 2 + 60_000);
    expect(store.list("events", "lab").map((e) => e.reason)).toEqual(["BackOff"]);
    expect(seen).toContain("DELETED ScalingReplicaSet");
    clock.advance(EVENT_TTL_MS / 2 + 60_000);
    expect(store.list("events", "lab")).toEqual([]);
    stop();
  });
});
