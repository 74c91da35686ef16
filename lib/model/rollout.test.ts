import { describe, expect, it } from "vitest";
import { rolloutView, rolloutPhase, deploymentConditions, revisionDiff } from "./rollout";
import { deployment, pod, podTemplate, replicaSet, T0 } from "@/test/support/model/objects";
import { loadFixture } from "@/test/support/model/fixtures";
import { listKind } from "./store";
import type { RawDeployment, RawPod, RawReplicaSet } from "./rawKinds";

const t1 = podTemplate({ app: "inference" }, { version: "v1" });
const t2 = podTemplate({ app: "inference" }, { version: "v2" });

interface Row {
  v1: number;
  v2?: number;
  v2Ready: number;
  v2Pods: number;
  status: [number, number, number, number];
  reason: string;
}

/** ROLLOUT-SPEC §6 table A: R=3, maxSurge 1, maxUnavailable 0; v1 pods are all Ready. */
const TABLE_A: Row[] = [
  { v1: 3, v2Ready: 0, v2Pods: 0, status: [3, 3, 3, 3], reason: "NewReplicaSetAvailable" },
  { v1: 3, v2: 1, v2Ready: 0, v2Pods: 0, status: [3, 0, 3, 3], reason: "NewReplicaSetCreated" },
  { v1: 3, v2: 1, v2Ready: 0, v2Pods: 1, status: [4, 1, 3, 3], reason: "ReplicaSetUpdated" },
  { v1: 2, v2: 1, v2Ready: 1, v2Pods: 1, status: [3, 1, 3, 3], reason: "ReplicaSetUpdated" },
  { v1: 2, v2: 2, v2Ready: 1, v2Pods: 2, status: [4, 2, 3, 3], reason: "ReplicaSetUpdated" },
  { v1: 1, v2: 2, v2Ready: 2, v2Pods: 2, status: [3, 2, 3, 3], reason: "ReplicaSetUpdated" },
  { v1: 1, v2: 3, v2Ready: 2, v2Pods: 3, status: [4, 3, 3, 3], reason: "ReplicaSetUpdated" },
  { v1: 0, v2: 3, v2Ready: 3, v2Pods: 3, status: [3, 3, 3, 3], reason: "NewReplicaSetAvailable" },
];

function rowObjects(row: Row): { d: RawDeployment; rss: RawReplicaSet[]; pods: RawPod[] } {
  const rev = row.v2 === undefined ? 1 : 2;
  const [replicas, updated, ready, available] = row.status;
  const d = deployment({
    name: "inference",
    template: rev === 1 ? t1 : t2,
    revision: rev,
    maxSurge: 1,
    maxUnavailable: 0,
    status: { replicas, updated, ready, available },
    progressing: { status: "True", reason: row.reason, message: "m", updatedAgo: 5 },
  });
  const rs1 = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: row.v1,
    status: { replicas: row.v1, ready: row.v1, available: row.v1 },
    createdAgo: 3600,
  });
  const pods = Array.from({ length: row.v1 }, (_, i) =>
    pod({ rs: rs1, suffix: `old${i}x`, createdAgo: 3600, shape: { kind: "ready", startedAgo: 3590, readyAgo: 3580 } }),
  );
  const rss = [rs1];
  if (row.v2 !== undefined) {
    const rs2 = replicaSet({
      deployment: d,
      hash: "7c9d8f6b54",
      template: t2,
      revision: 2,
      replicas: row.v2,
      status: { replicas: row.v2Pods, ready: row.v2Ready, available: row.v2Ready },
      createdAgo: 60,
    });
    rss.push(rs2);
    for (let i = 0; i < row.v2Pods; i++) {
      pods.push(
        pod({
          rs: rs2,
          suffix: `new${i}x`,
          createdAgo: 50 - i,
          shape: i < row.v2Ready ? { kind: "ready", startedAgo: 48 - i, readyAgo: 40 - i } : { kind: "notReady", startedAgo: 30 },
        }),
      );
    }
  }
  return { d, rss, pods };
}

describe("rolloutView over ROLLOUT-SPEC §6 table A", () => {
  const expectedBudget = [
    [3, 0, 3],
    [3, 0, 3],
    [4, 1, 3],
    [3, 0, 3],
    [4, 1, 3],
    [3, 0, 3],
    [4, 1, 3],
    [3, 0, 3],
  ];
  const expectedStatus = [
    'deployment "inference" successfully rolled out',
    'Waiting for deployment "inference" rollout to finish: 0 out of 3 new replicas have been updated...',
    'Waiting for deployment "inference" rollout to finish: 1 out of 3 new replicas have been updated...',
    'Waiting for deployment "inference" rollout to finish: 1 out of 3 new replicas have been updated...',
    'Waiting for deployment "inference" rollout to finish: 2 out of 3 new replicas have been updated...',
    'Waiting for deployment "inference" rollout to finish: 2 out of 3 new replicas have been updated...',
    'Waiting for deployment "inference" rollout to finish: 1 old replicas are pending termination...',
    'deployment "inference" successfully rolled out',
  ];
  const expectedNext: (string | undefined)[] = [undefined, "create", "wait", "create", "wait", "create", "wait", undefined];

  TABLE_A.forEach((row, i) => {
    it(`row ${i}: budget, status line, phase and next step`, () => {
      const { d, rss, pods } = rowObjects(row);
      const v = rolloutView(d, rss, pods, T0);
      const [total, surge, avail] = expectedBudget[i];
      expect(v.budget).toEqual({ totalPods: total, maxTotal: 4, surgeUsed: surge, available: avail, minAvailable: 3, unavailableUsed: 0 });
      expect(v.rolloutStatus).toBe(expectedStatus[i]);
      expect(v.phase).toBe(i === 0 || i === 7 ? "Complete" : "Progressing");
      expect(v.next?.action).toBe(expectedNext[i]);
      expect(v.maxSurge).toBe(1);
      expect(v.maxUnavailable).toBe(0);
    });
  });

  it("row 3 → 4: the next step scales the new ReplicaSet 1 → 2", () => {
    const { d, rss, pods } = rowObjects(TABLE_A[3]);
    const next = rolloutView(d, rss, pods, T0).next;
    expect(next).toMatchObject({ action: "create", replicaSet: "inference-7c9d8f6b54" });
    expect(next?.why).toContain("1 → 2");
  });

  it("after a new pod becomes Ready the old ReplicaSet shrinks, and the next pod to go follows the §8 ranking", () => {
    // Row 2 with the v2 pod now Ready: maxScaledDown = 4 − 3 − (1 − 1) = 1.
    const { d, rss, pods } = rowObjects({ ...TABLE_A[2], v2Ready: 1 });
    const next = rolloutView(d, rss, pods, T0).next;
    expect(next).toMatchObject({ action: "delete", replicaSet: "inference-5d4f8b9c7" });
    expect(next?.why).toContain("3 → 2");
    expect(next?.pod).toMatch(/^inference-5d4f8b9c7-old\dx$/);
  });
});

describe("rolloutView on fixtures", () => {
  const view = (name: string, deploymentName = "inference") => {
    const f = loadFixture(name);
    const d = listKind(f.store, "Deployment").find((x) => x.metadata.name === deploymentName);
    if (!d) throw new Error("no deployment");
    return rolloutView(d, listKind(f.store, "ReplicaSet"), listKind(f.store, "Pod"), f.now);
  };

  it("rolling: per-RS counts include the terminating v1 pod, revisions list what changed", () => {
    const v = view("rolling");
    expect(v.replicaSets.map((r) => [r.revision, r.isNew, r.desired, r.current, r.ready, r.available, r.terminating])).toEqual([
      [1, false, 2, 2, 2, 2, 1],
      [2, true, 2, 2, 1, 1, 0],
    ]);
    expect(v.replicaSets[1].pods.map((p) => p.state)).toEqual(["Ready", "Starting"]);
    expect(v.revisions[1]).toMatchObject({
      revision: 2,
      changeCause: "set VERSION=v2",
      changes: ["env VERSION: v1 → v2"],
      undoCommand: "kubectl rollout undo deployment/inference --to-revision=2 -n rollscope-lab",
    });
    expect(v.deadlineSecondsLeft).toBe(596);
    expect(v.maxSurgeRaw).toBe(1);
  });

  it("stuck: phase Stuck, kubectl's deadline error, no deadline countdown", () => {
    const v = view("stuck");
    expect(v.phase).toBe("Stuck");
    expect(v.rolloutStatus).toBe('error: deployment "inference" exceeded its progress deadline');
    expect(v.deadlineSecondsLeft).toBeUndefined();
    expect(v.replicaSets.find((r) => r.isNew)?.revision).toBe(3);
    expect(v.revisions.map((r) => r.revision)).toEqual([1, 2, 3]);
    expect(v.revisions[2].changes).toEqual(["env VERSION: v2 → v3", "other: command"]);
    expect(v.next).toMatchObject({ action: "wait", replicaSet: "inference-8d6c5b9f47" });
    expect(v.rollbackRevision).toBe(2);
    expect(v.revisionHistoryLimit).toBe(10);
  });

  it("no-rollback: one revision left, so no rollback revision", () => {
    const v = view("no-rollback");
    expect(v.revisionHistoryLimit).toBe(0);
    expect(v.rollbackRevision).toBeUndefined();
  });

  it("paused: phase Paused and no ReplicaSet is new (template edited while paused)", () => {
    const v = view("paused");
    expect(v.phase).toBe("Paused");
    expect(v.paused).toBe(true);
    expect(v.replicaSets.some((r) => r.isNew)).toBe(false);
    expect(v.next?.action).toBe("wait");
  });

  it("no-rollback: availability lost after completion is not reported as complete", () => {
    const v = view("no-rollback");
    expect(v.phase).toBe("Progressing");
    expect(v.phaseReason).toContain("0 of 3 are available");
    expect(v.deadlineSecondsLeft).toBeUndefined();
  });

  it("ignores ReplicaSets owned by another Deployment with the same labels", () => {
    const f = loadFixture("canary");
    const d = listKind(f.store, "Deployment").find((x) => x.metadata.name === "inference-canary") as RawDeployment;
    const v = rolloutView(d, listKind(f.store, "ReplicaSet"), listKind(f.store, "Pod"), f.now);
    expect(v.replicaSets.map((r) => r.name)).toEqual(["inference-canary-9f8d7c6b5"]);
    expect(v.replicaSets[0].pods).toHaveLength(1);
  });
});

describe("rolloutPhase", () => {
  it("a rollback reuses the old ReplicaSet: it becomes new with its bumped revision and history", () => {
    const d = deployment({
      name: "inference",
      template: t1,
      revision: 3,
      maxSurge: 1,
      maxUnavailable: 0,
      status: { replicas: 3, updated: 3, ready: 3, available: 3 },
      progressing: { status: "True", reason: "NewReplicaSetAvailable", message: "ok", updatedAgo: 5 },
    });
    const rs1 = replicaSet({
      deployment: d,
      hash: "5d4f8b9c7",
      template: t1,
      revision: 3,
      revisionHistory: "1",
      replicas: 3,
      status: { replicas: 3, ready: 3, available: 3 },
      createdAgo: 3600,
    });
    const rs2 = replicaSet({
      deployment: d,
      hash: "7c9d8f6b54",
      template: t2,
      revision: 2,
      replicas: 0,
      status: { replicas: 0, ready: 0, available: 0 },
      createdAgo: 600,
    });
    const v = rolloutView(d, [rs1, rs2], [], T0);
    expect(v.replicaSets.map((r) => [r.name, r.revision, r.isNew, r.revisionHistory])).toEqual([
      ["inference-7c9d8f6b54", 2, false, []],
      ["inference-5d4f8b9c7", 3, true, [1]],
    ]);
    expect(v.revisions.map((r) => r.revision)).toEqual([2, 3]);
    expect(v.revisions[1].changes).toEqual(["env VERSION: v2 → v1"]);
  });

  it("Paused wins over Stuck; Complete needs equal counts", () => {
    const stuck = deployment({
      name: "x",
      template: t1,
      revision: 2,
      paused: true,
      status: { replicas: 4, updated: 1, ready: 3, available: 3 },
      progressing: { status: "False", reason: "ProgressDeadlineExceeded", message: "t", updatedAgo: 5 },
    });
    expect(rolloutPhase(stuck, deploymentConditions(stuck)).phase).toBe("Paused");
    const notYet = deployment({
      name: "x",
      template: t1,
      revision: 2,
      status: { replicas: 4, updated: 3, ready: 3, available: 3 },
      progressing: { status: "True", reason: "NewReplicaSetAvailable", message: "ok", updatedAgo: 5 },
    });
    expect(rolloutPhase(notYet, deploymentConditions(notYet)).phase).toBe("Progressing");
  });
});

describe("ROLLOUT-SPEC §6 C, general stuck shape", () => {
  it("R=10 with 3/2: old holds R − maxUnavailable = 8, new holds surge + maxUnavailable = 5, nothing moves", () => {
    const d = deployment({
      name: "inference",
      replicas: 10,
      template: t2,
      revision: 2,
      maxSurge: 3,
      maxUnavailable: 2,
      status: { replicas: 13, updated: 5, ready: 8, available: 8 },
      progressing: { status: "False", reason: "ProgressDeadlineExceeded", message: "timed out", updatedAgo: 30 },
    });
    const v1 = replicaSet({
      deployment: d,
      hash: "5d4f8b9c7",
      template: t1,
      revision: 1,
      replicas: 8,
      status: { replicas: 8, ready: 8, available: 8 },
      createdAgo: 3600,
      maxSurge: 3,
    });
    const v2 = replicaSet({
      deployment: d,
      hash: "7c9d8f6b54",
      template: t2,
      revision: 2,
      replicas: 5,
      status: { replicas: 5, ready: 0, available: 0 },
      createdAgo: 700,
      maxSurge: 3,
    });
    const pods = [
      ...Array.from({ length: 8 }, (_, i) =>
        pod({ rs: v1, suffix: `old${i}x`, createdAgo: 3600, shape: { kind: "ready", startedAgo: 3590, readyAgo: 3580 } }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        pod({ rs: v2, suffix: `new${i}x`, createdAgo: 690, shape: { kind: "notReady", startedAgo: 680 } }),
      ),
    ];
    const v = rolloutView(d, [v1, v2], pods, T0);
    expect(v.budget).toEqual({ totalPods: 13, maxTotal: 13, surgeUsed: 3, available: 8, minAvailable: 8, unavailableUsed: 2 });
    expect(v.phase).toBe("Stuck");
    expect(v.next?.action).toBe("wait");
  });

  it("a Deployment the controller has not seen yet waits for observation and will create its first ReplicaSet", () => {
    const fresh = deployment({
      name: "fresh",
      template: t1,
      revision: 1,
      generation: 1,
      observedGeneration: 0,
      status: { replicas: 0, updated: 0, ready: 0, available: 0 },
    });
    delete fresh.metadata.annotations;
    const v = rolloutView(fresh, [], [], T0);
    expect(v.rolloutStatus).toBe("Waiting for deployment spec update to be observed...");
    expect(v.phase).toBe("Progressing");
    expect(v.replicaSets).toEqual([]);
    expect(v.next?.action).toBe("create");
  });
});

describe("revisionDiff (the history's compare, from the view alone)", () => {
  const f = loadFixture("stuck");
  const d = listKind(f.store, "Deployment")[0]!;
  const v = rolloutView(d, listKind(f.store, "ReplicaSet"), listKind(f.store, "Pod"), f.now);

  it("any two revisions, either way; the previous one agrees with the revision's own changes", () => {
    expect(revisionDiff(v, 2, 3)).toEqual(["env VERSION: v2 → v3", "other: command"]);
    expect(revisionDiff(v, 3, 1)).toEqual(["env VERSION: v3 → v1", "other: command"]);
    for (const r of v.revisions.slice(1)) expect(revisionDiff(v, r.revision - 1, r.revision)).toEqual(r.changes);
  });

  it("[] for the same revision, undefined when a revision's ReplicaSet is gone", () => {
    expect(revisionDiff(v, 2, 2)).toEqual([]);
    expect(revisionDiff(v, 1, 9)).toBeUndefined();
    expect(revisionDiff(v, 9, 1)).toBeUndefined();
  });
});
