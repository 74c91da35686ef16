import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { Store } from "../store";
import type { KObj } from "../types";
import { STORE, type PodSpec, type PodStatus } from "../kinds";
import { deleteWithPolicy, deletePod } from "./deletion";

function setup(spec: PodSpec, status: PodStatus = { phase: "Running" }) {
  const clock = new ManualClock();
  const store = new Store(clock);
  const pod = store.create(STORE.pods, "", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns", generation: 1 },
    spec,
    status,
  });
  return { clock, store, pod };
}

describe("deletePod", () => {
  it("marks a bound pod with deletionTimestamp = now + grace and bumps its generation", () => {
    const { clock, store, pod } = setup({ nodeName: "n1", terminationGracePeriodSeconds: 45 });
    const out = deletePod(store, pod, clock)!;
    expect(out.metadata.deletionGracePeriodSeconds).toBe(45);
    expect(Date.parse(out.metadata.deletionTimestamp!)).toBe(clock.now() + 45_000);
    expect(out.metadata.generation).toBe(2);
    expect(store.get("pods", "ns", "p")).toBeDefined();
  });

  it("defaults the grace to 30 s, and a later delete may only shorten it", () => {
    const { clock, store, pod } = setup({ nodeName: "n1" });
    const first = deletePod(store, pod, clock)!;
    expect(first.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(deletePod(store, first, clock, 60)).toBe(first);
    const shorter = deletePod(store, first, clock, 5)!;
    expect(shorter.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(deletePod(store, shorter, clock, 0)).toBeUndefined();
    expect(store.get("pods", "ns", "p")).toBeUndefined();
  });

  it("removes an unbound or finished pod at once, unless finalizers hold it", () => {
    const a = setup({});
    expect(deletePod(a.store, a.pod, a.clock)).toBeUndefined();
    expect(a.store.get("pods", "ns", "p")).toBeUndefined();
    const b = setup({ nodeName: "n1" }, { phase: "Succeeded" });
    expect(deletePod(b.store, b.pod, b.clock)).toBeUndefined();
    const c = setup({});
    const held = c.store.update(STORE.pods, "", { ...c.pod, metadata: { ...c.pod.metadata, finalizers: ["x/y"] } });
    const out = deletePod(c.store, held, c.clock)!;
    expect(out.metadata.deletionTimestamp).toBeDefined();
    expect(out.metadata.deletionGracePeriodSeconds).toBe(0);
  });

  it("writes with the read resourceVersion, so a stale copy conflicts", () => {
    const { clock, store, pod } = setup({ nodeName: "n1" });
    store.update("pods", "", { ...pod, metadata: { ...pod.metadata, labels: { a: "b" } } });
    expect(() => deletePod(store, pod, clock)).toThrow(/the object has been modified/);
  });
});

describe("deleteWithPolicy", () => {
  it("adds the propagation finalizer for Foreground and Orphan", () => {
    const clock = new ManualClock();
    const store = new Store(clock);
    const mk = (name: string): KObj =>
      store.create("replicasets", "apps", { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name, namespace: "ns" } });
    expect(deleteWithPolicy(store, clock, "replicasets", mk("f"), "Foreground")!.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(deleteWithPolicy(store, clock, "replicasets", mk("o"), "Orphan")!.metadata.finalizers).toEqual(["orphan"]);
    expect(deleteWithPolicy(store, clock, "replicasets", mk("b"), "Background")).toBeUndefined();
    expect(store.get("replicasets", "ns", "b")).toBeUndefined();
  });
});

describe("isReadyToRemove for namespaces", () => {
  it("keeps a terminating Namespace while its spec.finalizers are not empty", async () => {
    const { isReadyToRemove: ready } = await import("./deletion");
    const ns = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "lab", deletionTimestamp: "2026-01-01T00:00:00Z" },
      spec: { finalizers: ["kubernetes"] },
    };
    expect(ready(ns)).toBe(false);
    expect(ready({ ...ns, spec: { finalizers: [] } })).toBe(true);
  });
});
