import { describe, expect, it } from "vitest";
import { controlledBy, findByName, findByUid, inNamespace, selectByLabels, slicesOf } from "./objectIndex";
import type { RawObject } from "./raw";

const obj = (kind: string, ns: string, name: string, extra: Partial<RawObject["metadata"]> = {}): RawObject => ({
  kind,
  metadata: { namespace: ns, name, ...extra },
});
const owned = (
  kind: string,
  ns: string,
  name: string,
  owner: { kind: string; name: string; uid: string },
  labels?: Record<string, string>,
): RawObject => obj(kind, ns, name, { uid: `uid-${name}`, labels, ownerReferences: [{ ...owner, controller: true }] });

describe("controlledBy", () => {
  const rs = obj("ReplicaSet", "a", "web-1", { uid: "rs-uid" });
  const pods = [
    owned("Pod", "a", "p1", { kind: "ReplicaSet", name: "web-1", uid: "rs-uid" }),
    owned("Pod", "a", "p2", { kind: "ReplicaSet", name: "web-1", uid: "old-uid" }),
    owned("Pod", "b", "p3", { kind: "ReplicaSet", name: "web-1", uid: "rs-uid" }),
    obj("Pod", "a", "orphan", { ownerReferences: [{ kind: "ReplicaSet", name: "web-1", uid: "rs-uid" }] }),
  ];
  it("matches the controller reference by uid and namespace; not by name when the owner has a uid", () => {
    expect(controlledBy(rs, "ReplicaSet", pods).map((p) => p.metadata.name)).toEqual(["p1"]);
  });
  it("falls back to the name for owners without a uid (hand-written objects)", () => {
    const noUid = obj("ReplicaSet", "a", "web-1");
    expect(controlledBy(noUid, "ReplicaSet", pods).map((p) => p.metadata.name)).toEqual(["p1", "p2"]);
  });
  it("computes a fresh index for a new list", () => {
    expect(
      controlledBy(rs, "ReplicaSet", [...pods, owned("Pod", "a", "p4", { kind: "ReplicaSet", name: "web-1", uid: "rs-uid" })]),
    ).toHaveLength(2);
  });
});

describe("lookups", () => {
  const pods = [
    obj("Pod", "a", "x", { uid: "u1", labels: { app: "web", color: "blue" } }),
    obj("Pod", "a", "y", { uid: "u2", labels: { app: "web", color: "green" } }),
    obj("Pod", "b", "x", { uid: "u3", labels: { app: "web", color: "blue" } }),
  ];
  it("finds by uid, by namespace/name, and lists a namespace", () => {
    expect(findByUid(pods, "u2")?.metadata.name).toBe("y");
    expect(findByName(pods, "b", "x")?.metadata.uid).toBe("u3");
    expect(inNamespace(pods, "a").map((p) => p.metadata.name)).toEqual(["x", "y"]);
    expect(inNamespace(pods, "c")).toEqual([]);
  });
  it("selects by every selector pair within the namespace; empty selector selects nothing", () => {
    expect(selectByLabels(pods, "a", { app: "web" }).map((p) => p.metadata.uid)).toEqual(["u1", "u2"]);
    expect(selectByLabels(pods, "a", { app: "web", color: "blue" }).map((p) => p.metadata.uid)).toEqual(["u1"]);
    expect(selectByLabels(pods, "a", { app: "web", color: "Blue" })).toEqual([]);
    expect(selectByLabels(pods, "a", {})).toEqual([]);
    expect(selectByLabels(pods, "a", undefined)).toEqual([]);
  });
  it("groups EndpointSlices by their Service label", () => {
    const slices = [
      obj("EndpointSlice", "a", "s-1", { labels: { "kubernetes.io/service-name": "s" } }),
      obj("EndpointSlice", "a", "t-1", { labels: { "kubernetes.io/service-name": "t" } }),
    ];
    expect(slicesOf(slices, "a", "s").map((x) => x.metadata.name)).toEqual(["s-1"]);
    expect(slicesOf(slices, "b", "s")).toEqual([]);
  });
});
