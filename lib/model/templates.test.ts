import { describe, expect, it } from "vitest";
import { findNewReplicaSet, templateChanges, templatesEqual } from "./templates";
import { deployment, podTemplate, replicaSet } from "@/test/support/model/objects";

const t1 = podTemplate({ app: "inference" }, { version: "v1" });
const t2 = podTemplate({ app: "inference" }, { version: "v2" });

describe("templatesEqual (EqualIgnoreHash)", () => {
  it("ignores pod-template-hash and nothing else", () => {
    const withHash = { ...t1, metadata: { labels: { app: "inference", "pod-template-hash": "abc" } } };
    expect(templatesEqual(t1, withHash)).toBe(true);
    expect(templatesEqual(t1, t2)).toBe(false);
    const otherLabel = { ...t1, metadata: { labels: { app: "inference", tier: "gpu" } } };
    expect(templatesEqual(t1, otherLabel)).toBe(false);
  });
});

describe("findNewReplicaSet", () => {
  const d = deployment({ name: "inference", template: t2, revision: 2, status: { replicas: 3, updated: 3, ready: 3, available: 3 } });
  const rsOld = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: 0,
    status: { replicas: 0, ready: 0, available: 0 },
    createdAgo: 3600,
  });
  const rsNew = replicaSet({
    deployment: d,
    hash: "7c9d8f6b54",
    template: t2,
    revision: 2,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 60,
  });
  it("finds the RS whose template equals the Deployment's", () => {
    expect(findNewReplicaSet(d, [rsOld, rsNew])?.metadata.name).toBe("inference-7c9d8f6b54");
  });
  it("picks the oldest of equal templates", () => {
    const dup = replicaSet({
      deployment: d,
      hash: "9b8c7d6f5",
      template: t2,
      revision: 2,
      replicas: 0,
      status: { replicas: 0, ready: 0, available: 0 },
      createdAgo: 30,
    });
    expect(findNewReplicaSet(d, [dup, rsNew])?.metadata.name).toBe("inference-7c9d8f6b54");
  });
  it("returns undefined when no template matches (edit not yet observed, or paused)", () => {
    expect(findNewReplicaSet(d, [rsOld])).toBeUndefined();
  });
});

describe("templateChanges", () => {
  it("lists image and env changes, then other fields", () => {
    const a = podTemplate({ app: "inference" }, { version: "v1" });
    const b = podTemplate({ app: "inference" }, { version: "v2", image: "registry.invalid/inference:v2", probe: "http" });
    expect(templateChanges(a, b)).toEqual([
      "image: registry.k8s.io/e2e-test-images/agnhost:2.53 → registry.invalid/inference:v2",
      "env VERSION: v1 → v2",
      "other: readinessProbe",
    ]);
  });
  it("reports template label and annotation changes (kubectl rollout restart)", () => {
    const restarted = {
      ...t1,
      metadata: { ...(t1.metadata as object), annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-24T03:00:00Z" } },
    };
    expect(templateChanges(t1, restarted)).toEqual(["other: metadata.annotations"]);
  });
  it("is empty for equal templates", () => expect(templateChanges(t1, t1)).toEqual([]));
});
