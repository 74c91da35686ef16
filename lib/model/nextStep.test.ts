import { describe, expect, it } from "vitest";
import { isScalingEvent, proportionalScale } from "./proportionalScale";
import { rolloutView } from "./rollout";
import { deployment, pod, podTemplate, replicaSet, T0 } from "@/test/support/model/objects";
import type { RawReplicaSet } from "./rawKinds";

const t1 = podTemplate({ app: "inference" }, { version: "v1" });
const t2 = podTemplate({ app: "inference" }, { version: "v2" });

function annotate(rs: RawReplicaSet, desired: number, max: number): RawReplicaSet {
  rs.metadata.annotations = {
    ...rs.metadata.annotations,
    "deployment.kubernetes.io/desired-replicas": String(desired),
    "deployment.kubernetes.io/max-replicas": String(max),
  };
  return rs;
}

describe("proportional scaling (ROLLOUT-SPEC §7)", () => {
  // R 10 → 15 with maxSurge 3 mid-rollout: v1 = 8, v2 = 5, both annotated max-replicas 13.
  const d = deployment({
    name: "inference",
    replicas: 15,
    template: t2,
    revision: 2,
    maxSurge: 3,
    maxUnavailable: 2,
    status: { replicas: 13, updated: 5, ready: 8, available: 8 },
    progressing: { status: "True", reason: "ReplicaSetUpdated", message: "m", updatedAgo: 5 },
  });
  const v1 = annotate(
    replicaSet({
      deployment: d,
      hash: "5d4f8b9c7",
      template: t1,
      revision: 1,
      replicas: 8,
      status: { replicas: 8, ready: 8, available: 8 },
      createdAgo: 3600,
    }),
    10,
    13,
  );
  const v2 = annotate(
    replicaSet({
      deployment: d,
      hash: "7c9d8f6b54",
      template: t2,
      revision: 2,
      replicas: 5,
      status: { replicas: 5, ready: 0, available: 0 },
      createdAgo: 30,
    }),
    10,
    13,
  );

  it("detects the scaling event from desired-replicas", () => {
    expect(isScalingEvent(15, [v1, v2])).toBe(true);
    expect(isScalingEvent(10, [v1, v2])).toBe(false);
  });

  it("splits 5 extra replicas as v1 8 → 11 and v2 5 → 7", () => {
    const changes = proportionalScale(15, 3, true, [v1, v2], v2, 0, 13);
    expect(changes.map((c) => [c.replicaSet.metadata.name, c.from, c.to])).toEqual([
      ["inference-5d4f8b9c7", 8, 11],
      ["inference-7c9d8f6b54", 5, 7],
    ]);
  });

  it("scaling down takes from the largest, oldest first", () => {
    const changes = proportionalScale(5, 2, true, [v1, v2], v2, 0, 13);
    // allowed 7, toAdd −6: v1 round(8·7/13)=4 → −4, v2 round(5·7/13)=3 → −2.
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      [8, 4],
      [5, 3],
    ]);
  });

  it("sets a single active ReplicaSet straight to R", () => {
    const only = annotate(
      replicaSet({
        deployment: d,
        hash: "5d4f8b9c7",
        template: t1,
        revision: 1,
        replicas: 3,
        status: { replicas: 3, ready: 3, available: 3 },
        createdAgo: 3600,
      }),
      3,
      4,
    );
    expect(proportionalScale(6, 2, true, [only], only, 3, 3).map((c) => [c.from, c.to])).toEqual([[3, 6]]);
  });

  it("becomes the predicted next step", () => {
    const pods = Array.from({ length: 8 }, (_, i) =>
      pod({ rs: v1, suffix: `a${i}bcd`, createdAgo: 3000, shape: { kind: "ready", startedAgo: 2990, readyAgo: 2980 } }),
    );
    const next = rolloutView(d, [v1, v2], pods, T0).next;
    expect(next).toMatchObject({ action: "create", replicaSet: "inference-5d4f8b9c7" });
    expect(next?.why).toContain("inference-5d4f8b9c7 8 → 11, inference-7c9d8f6b54 5 → 7");
  });
});

describe("Recreate next steps", () => {
  const d = deployment({
    name: "inference",
    template: t2,
    revision: 2,
    strategy: "Recreate",
    status: { replicas: 3, updated: 0, ready: 3, available: 3 },
    progressing: { status: "True", reason: "NewReplicaSetCreated", message: "m", updatedAgo: 2 },
  });
  const old = (n: number) =>
    replicaSet({
      deployment: d,
      hash: "5d4f8b9c7",
      template: t1,
      revision: 1,
      replicas: n,
      status: { replicas: n, ready: n, available: n },
      createdAgo: 3600,
    });
  const fresh = (n: number) =>
    replicaSet({
      deployment: d,
      hash: "7c9d8f6b54",
      template: t2,
      revision: 2,
      replicas: n,
      status: { replicas: 0, ready: 0, available: 0 },
      createdAgo: 5,
    });

  it("scales old ReplicaSets to 0 first", () => {
    const v1 = old(3);
    const pods = Array.from({ length: 3 }, (_, i) =>
      pod({ rs: v1, suffix: `o${i}xyz`, createdAgo: 3000, shape: { kind: "ready", startedAgo: 2990, readyAgo: 2980 } }),
    );
    const next = rolloutView(d, [v1, fresh(0)], pods, T0).next;
    expect(next).toMatchObject({ action: "delete", replicaSet: "inference-5d4f8b9c7" });
    expect(next?.why).toContain("3 → 0");
  });

  it("has a ceiling of R and a floor of 0 (no overlap, no availability promise)", () => {
    const v1 = old(0);
    expect(rolloutView(d, [v1, fresh(3)], [], T0).budget).toMatchObject({ maxTotal: 3, minAvailable: 0, available: 0, unavailableUsed: 3 });
  });

  it("waits for old pods to finish terminating, then creates all new pods", () => {
    const v1 = old(0);
    const leaving = pod({
      rs: v1,
      suffix: "o0xyz",
      createdAgo: 3000,
      shape: { kind: "ready", startedAgo: 2990, readyAgo: 2980 },
      deletingAgo: 2,
    });
    expect(rolloutView(d, [v1, fresh(0)], [leaving], T0).next?.action).toBe("wait");
    const next = rolloutView(d, [v1, fresh(0)], [], T0).next;
    expect(next).toMatchObject({ action: "create", replicaSet: "inference-7c9d8f6b54" });
  });
});
