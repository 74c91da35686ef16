import { describe, expect, it } from "vitest";
import { applyEvent, emptyStore, listKind, replaceKind, setDegraded, setStale, storeFromObjects, trimObject } from "./store";
import type { RawObject } from "./raw";
import type { RawPod, RawReplicaSet } from "./rawKinds";

const pod = (name: string, rv: string, extra: Partial<RawObject["metadata"]> = {}): RawObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "demo", uid: `uid-${name}`, resourceVersion: rv, ...extra },
  spec: { containers: [{ name: "app", image: "app:v1" }] },
  status: { phase: "Running" },
});

describe("store reducer", () => {
  it("adds, modifies and deletes by uid without mutating the previous store", () => {
    const s0 = emptyStore();
    const s1 = applyEvent(s0, { type: "ADDED", kind: "Pod", object: pod("a", "1") });
    expect(listKind(s0, "Pod")).toHaveLength(0);
    expect(listKind(s1, "Pod").map((p) => p.metadata.name)).toEqual(["a"]);
    const s2 = applyEvent(s1, { type: "MODIFIED", kind: "Pod", object: pod("a", "2", { labels: { x: "y" } }) });
    expect(listKind(s2, "Pod")[0].metadata.labels).toEqual({ x: "y" });
    expect(listKind(s1, "Pod")[0].metadata.labels).toBeUndefined();
    const s3 = applyEvent(s2, { type: "DELETED", kind: "Pod", object: pod("a", "3") });
    expect(listKind(s3, "Pod")).toHaveLength(0);
    expect(listKind(s2, "Pod")).toHaveLength(1);
  });

  it("returns the same store for a no-op (same resourceVersion, unknown delete) and shares untouched kinds", () => {
    const s1 = applyEvent(emptyStore(), { type: "ADDED", kind: "Pod", object: pod("a", "7") });
    expect(applyEvent(s1, { type: "MODIFIED", kind: "Pod", object: pod("a", "7") })).toBe(s1);
    expect(applyEvent(s1, { type: "DELETED", kind: "Pod", object: pod("zz", "9") })).toBe(s1);
    const s2 = applyEvent(s1, { type: "ADDED", kind: "Pod", object: pod("b", "8") });
    expect(s2.objects.Deployment).toBe(s1.objects.Deployment);
  });

  it("replaceKind relists one kind only", () => {
    const s1 = storeFromObjects([
      pod("a", "1"),
      pod("b", "1"),
      { kind: "Service", metadata: { name: "svc", namespace: "demo", uid: "s" } },
    ]);
    const s2 = replaceKind(s1, "Pod", [pod("c", "5")]);
    expect(listKind(s2, "Pod").map((p) => p.metadata.name)).toEqual(["c"]);
    expect(listKind(s2, "Service")).toHaveLength(1);
  });

  it("filters by namespace and sorts by name", () => {
    const other = pod("0", "1");
    other.metadata.namespace = "other";
    other.metadata.uid = "o";
    const s = storeFromObjects([pod("b", "1"), pod("a", "1"), other]);
    expect(listKind(s, "Pod", "demo").map((p) => p.metadata.name)).toEqual(["a", "b"]);
    expect(listKind(s, "Pod")).toHaveLength(3);
  });

  it("tracks degraded kinds and staleness immutably", () => {
    const s0 = emptyStore();
    const s1 = setDegraded(s0, "Event", "forbidden");
    expect(s1.degraded).toEqual({ Event: "forbidden" });
    expect(s0.degraded).toEqual({});
    expect(setDegraded(s1, "Event", undefined).degraded).toEqual({});
    const s2 = setStale(s1, { since: "2026-01-01T00:00:00Z", reason: "watch broke" });
    expect(s2.stale?.reason).toBe("watch broke");
    expect(setStale(s2, undefined).stale).toBeUndefined();
  });
});

describe("trimObject", () => {
  it("drops managedFields, last-applied and pod volumes but keeps templates", () => {
    const big: RawPod = {
      kind: "Pod",
      metadata: {
        name: "p",
        managedFields: [{ manager: "kubectl" }],
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{...}", keep: "me" },
      },
      spec: {
        volumes: [{ name: "kube-api-access" }],
        containers: [{ name: "app", image: "i", volumeMounts: [{ name: "kube-api-access" }] }],
      },
    };
    const t = trimObject(big);
    expect(t.metadata.managedFields).toBeUndefined();
    expect(t.metadata.annotations).toEqual({ keep: "me" });
    expect(t.spec!.volumes).toBeUndefined();
    expect(t.spec!.containers![0]).toEqual({ name: "app", image: "i" });
    expect(big.metadata.managedFields).toHaveLength(1);
    const rs: RawReplicaSet = {
      kind: "ReplicaSet",
      metadata: { name: "rs", managedFields: [] },
      spec: { template: { spec: { volumes: [{ name: "v" }] } } },
    };
    expect(trimObject(rs).spec!.template!.spec!.volumes).toHaveLength(1);
  });
});
