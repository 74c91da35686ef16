import { describe, expect, it } from "vitest";
import { prepareForStatusUpdate, prepareForUpdate } from "./strategy";
import type { KObj } from "./types";

function obj(annotations?: Record<string, string>, replicas = 3): KObj {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", generation: 4, annotations },
    spec: { replicas },
  };
}

function updatedGeneration(storage: string, next: KObj, old: KObj): number | undefined {
  prepareForUpdate(storage, next, old);
  return next.metadata.generation;
}

describe("prepareForUpdate generation (pkg/registry/apps/deployment/strategy.go PrepareForUpdate)", () => {
  it("a Deployment annotation change bumps generation, as a spec change does", () => {
    expect(updatedGeneration("deployments", obj({ "kubernetes.io/change-cause": "v2" }), obj())).toBe(5);
    expect(updatedGeneration("deployments", obj({ a: "2" }), obj({ a: "1" }))).toBe(5);
    expect(updatedGeneration("deployments", obj(undefined, 5), obj())).toBe(5);
  });

  it("equal annotations (nil and empty alike) and label-only edits keep it", () => {
    expect(updatedGeneration("deployments", obj({}), obj())).toBe(4);
    expect(updatedGeneration("deployments", obj({ a: "1" }), obj({ a: "1" }))).toBe(4);
    const labelled = obj();
    labelled.metadata.labels = { tier: "web" };
    expect(updatedGeneration("deployments", labelled, obj())).toBe(4);
  });

  it("ReplicaSets bump on spec only (pkg/registry/apps/replicaset/strategy.go)", () => {
    const rs = (a?: Record<string, string>, r = 3): KObj => ({ ...obj(a, r), kind: "ReplicaSet" });
    expect(updatedGeneration("replicasets", rs({ a: "2" }), rs({ a: "1" }))).toBe(4);
    expect(updatedGeneration("replicasets", rs(undefined, 1), rs())).toBe(5);
  });
});

describe("prepareForStatusUpdate (the real status strategies keep the spec, not the metadata)", () => {
  it("lands the annotations written through /status (the deployment controller's revision), keeps the spec and a Deployment's labels", () => {
    const old = { ...obj(), metadata: { ...obj().metadata, labels: { app: "web" } } };
    const sent = {
      ...obj({ "deployment.kubernetes.io/revision": "2" }, 9),
      metadata: { ...obj({ "deployment.kubernetes.io/revision": "2" }).metadata, labels: { app: "other" } },
      status: { replicas: 3 },
    };
    const next = prepareForStatusUpdate(sent, old, "deployments");
    expect(next.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "2" });
    expect(next.metadata.labels).toEqual({ app: "web" });
    expect(next.spec).toEqual({ replicas: 3 });
    expect(next.status).toEqual({ replicas: 3 });
  });
});
