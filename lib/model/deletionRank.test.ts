import { describe, expect, it } from "vitest";
import { rankPodsForDeletion } from "./deletionRank";
import { deployment, pod, podTemplate, replicaSet, T0 } from "@/test/support/model/objects";
import type { RawPod } from "./rawKinds";

const t = podTemplate({ app: "inference" }, { version: "v1" });
const d = deployment({ name: "inference", template: t, revision: 1, status: { replicas: 3, updated: 3, ready: 3, available: 3 } });
const rs = replicaSet({
  deployment: d,
  hash: "5d4f8b9c7",
  template: t,
  revision: 1,
  replicas: 3,
  status: { replicas: 3, ready: 3, available: 3 },
  createdAgo: 3600,
});
const names = (ps: RawPod[]): string[] => ps.map((p) => (p.metadata.name ?? "").slice(-5));

describe("rankPodsForDeletion (ActivePodsWithRanks.Less, ROLLOUT-SPEC §8)", () => {
  it("unscheduled < pending < not ready < ready", () => {
    const ready = pod({ rs, suffix: "ready", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n1" });
    const notReady = pod({ rs, suffix: "notrd", createdAgo: 100, shape: { kind: "notReady", startedAgo: 99 }, node: "n2" });
    const pending = pod({ rs, suffix: "pendg", createdAgo: 100, shape: { kind: "creating" }, node: "n3" });
    const unsched = pod({ rs, suffix: "unsch", createdAgo: 100, shape: { kind: "unschedulable", message: "no" } });
    expect(names(rankPodsForDeletion([ready, notReady, pending, unsched]))).toEqual(["unsch", "pendg", "notrd", "ready"]);
  });
  it("lower pod-deletion-cost goes first", () => {
    const a = pod({ rs, suffix: "costa", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n1" });
    const b = pod({ rs, suffix: "costb", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n2" });
    b.metadata.annotations = { "controller.kubernetes.io/pod-deletion-cost": "-10" };
    expect(names(rankPodsForDeletion([a, b]))).toEqual(["costb", "costa"]);
  });
  it("pods doubled up on a node go before lone ones", () => {
    const lone = pod({ rs, suffix: "lone1", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n1" });
    const dup1 = pod({ rs, suffix: "dupl1", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n2" });
    const dup2 = pod({ rs, suffix: "dupl2", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n2" });
    expect(names(rankPodsForDeletion([lone, dup1, dup2])).at(-1)).toBe("lone1");
  });
  it("more recently Ready, then more restarts, then newer go first", () => {
    const old = pod({ rs, suffix: "olddd", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n1" });
    const recent = pod({ rs, suffix: "recnt", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 10 }, node: "n2" });
    expect(names(rankPodsForDeletion([old, recent]))).toEqual(["recnt", "olddd"]);
    const older = pod({ rs, suffix: "older", createdAgo: 200, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n3" });
    const newer = pod({ rs, suffix: "newer", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n4" });
    expect(names(rankPodsForDeletion([older, newer]))).toEqual(["newer", "older"]);
    newer.status!.containerStatuses![0].restartCount = 0;
    older.status!.containerStatuses![0].restartCount = 2;
    expect(names(rankPodsForDeletion([newer, older]))).toEqual(["older", "newer"]);
  });
  it("with now, ready times in the same power-of-two age bucket tie and fall back to uid (LogarithmicScaleDown)", () => {
    const a = pod({ rs, suffix: "aaaaa", createdAgo: 200, shape: { kind: "ready", startedAgo: 199, readyAgo: 100 }, node: "n1" });
    const b = pod({ rs, suffix: "bbbbb", createdAgo: 200, shape: { kind: "ready", startedAgo: 199, readyAgo: 90 }, node: "n2" });
    // Ages 100 s and 90 s are both in [2^36, 2^37) ns.
    const byUid = [a, b]
      .sort((x, y) => ((x.metadata.uid ?? "") < (y.metadata.uid ?? "") ? -1 : 1))
      .map((p) => (p.metadata.name ?? "").slice(-5));
    expect(names(rankPodsForDeletion([a, b], T0))).toEqual(byUid);
    expect(names(rankPodsForDeletion([b, a], T0))).toEqual(byUid);
    // Without now, plain comparison: the more recently Ready pod goes first.
    expect(names(rankPodsForDeletion([a, b]))).toEqual(["bbbbb", "aaaaa"]);
    // 10 s vs 90 s are different buckets: the recent one still goes first.
    const c = pod({ rs, suffix: "ccccc", createdAgo: 200, shape: { kind: "ready", startedAgo: 199, readyAgo: 10 }, node: "n3" });
    expect(names(rankPodsForDeletion([b, c], T0))).toEqual(["ccccc", "bbbbb"]);
  });
  it("counts colocation over related pods of other ReplicaSets too", () => {
    const mine = pod({ rs, suffix: "mine1", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n1" });
    const lone = pod({ rs, suffix: "lone2", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n2" });
    const other = pod({ rs, suffix: "other", createdAgo: 100, shape: { kind: "ready", startedAgo: 99, readyAgo: 90 }, node: "n1" });
    expect(names(rankPodsForDeletion([lone, mine], undefined, [lone, mine, other]))[0]).toBe("mine1");
  });
});
