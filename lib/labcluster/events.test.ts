import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock";
import { recordEvent } from "./events";
import { Store } from "./store";
import type { KObj } from "./types";

describe("recordEvent", () => {
  const deploy = (store: Store): KObj =>
    store.create("deployments", "apps", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "lab" },
      spec: {},
    });

  it("creates a core/v1 Event pointing at the object", () => {
    const clock = new ManualClock();
    const store = new Store(clock);
    const d = deploy(store);
    recordEvent(store, d, "Normal", "ScalingReplicaSet", "Scaled up replica set web-abc to 3", "deployment-controller");
    const [ev] = store.list("events", "lab");
    expect(ev).toMatchObject({
      kind: "Event",
      involvedObject: { kind: "Deployment", name: "web", namespace: "lab", uid: d.metadata.uid },
      reason: "ScalingReplicaSet",
      type: "Normal",
      count: 1,
      source: { component: "deployment-controller" },
      reportingComponent: "deployment-controller",
      firstTimestamp: "2026-01-01T00:00:00Z",
    });
    expect(ev!.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
  });

  it("aggregates identical events into count and lastTimestamp", () => {
    const clock = new ManualClock();
    const store = new Store(clock);
    const d = deploy(store);
    recordEvent(store, d, "Warning", "BackOff", "Back-off restarting", "kubelet");
    clock.advance(20_000);
    recordEvent(store, d, "Warning", "BackOff", "Back-off restarting", "kubelet");
    recordEvent(store, d, "Warning", "Other", "Back-off restarting", "kubelet");
    const evs = store.list("events", "lab");
    expect(evs).toHaveLength(2);
    const backoff = evs.find((e) => e.reason === "BackOff")!;
    expect(backoff.count).toBe(2);
    expect(backoff.firstTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(backoff.lastTimestamp).toBe("2026-01-01T00:00:20Z");
  });

  it("puts events of cluster-scoped objects in default", () => {
    const store = new Store(new ManualClock());
    const node = store.create("nodes", "", { apiVersion: "v1", kind: "Node", metadata: { name: "lab-node-1" } });
    recordEvent(store, node, "Normal", "NodeReady", "Node lab-node-1 status is now: NodeReady", "kubelet");
    expect(store.list("events", "default")).toHaveLength(1);
  });
});
