/**
 * The planner against the controllers' rules: the steps of a rolling update (the lab's r3
 * rollout, maxSurge 1 / maxUnavailable 0), the GPU pool with no room for a surge pod and its
 * fix (maxSurge 0 / maxUnavailable 1), Recreate, and the static risks of manifests with no cluster.
 */
import { describe, expect, it } from "vitest";
import { Board, nodeRooms, podRequests } from "../diagnose/capacity";
import { simulateRollout, type RolloutInput } from "./simulate";
import { planManifests, setFieldsEqual } from "./plan";
import type { RawDeployment, RawNode, RawPod, RawPodDisruptionBudget, RawService } from "../model/rawKinds";

const base: RolloutInput = {
  replicas: 3,
  strategy: "RollingUpdate",
  maxSurge: 1,
  maxUnavailable: 0,
  oldPods: 3,
  oldAvailable: 3,
  newPods: 0,
  readySeconds: 10,
  oldRequests: { pods: 1 },
  newRequests: { pods: 1 },
};
const counts = (sim: ReturnType<typeof simulateRollout>) => sim.steps.map((s) => `${s.at}s ${s.oldPods}/${s.newPods}`);

describe("simulateRollout", () => {
  it("steps maxSurge 1 / maxUnavailable 0 one pod at a time, as the captured r3 rollout did", () => {
    const sim = simulateRollout(base);
    expect(counts(sim)).toEqual([
      "0s 3/0",
      "0s 3/1",
      "10s 3/1",
      "10s 2/1",
      "10s 2/2",
      "20s 2/2",
      "20s 1/2",
      "20s 1/3",
      "30s 1/3",
      "30s 0/3",
    ]);
    expect(sim.peakPods).toBe(4);
    expect(sim.seconds).toBe(30);
  });
  it("with maxUnavailable 1 and maxSurge 1 replaces two at a time", () => {
    const sim = simulateRollout({ ...base, maxUnavailable: 1 });
    expect(sim.steps[1]).toMatchObject({ oldPods: 3, newPods: 1 });
    expect(sim.steps[2]).toMatchObject({ oldPods: 2, newPods: 1 });
    expect(sim.steps[3]).toMatchObject({ oldPods: 2, newPods: 2 });
    expect(sim.seconds).toBe(20);
  });
  it("Recreate stops every old pod before it starts the new ones", () => {
    const sim = simulateRollout({ ...base, strategy: "Recreate", maxSurge: 0 });
    expect(counts(sim)).toEqual(["0s 3/0", "0s 0/0", "0s 0/3", "10s 0/3"]);
    expect(sim.steps[1]?.available).toBe(0);
  });

  const gpuNodes: RawNode[] = [1, 2].map((i) => ({
    kind: "Node",
    metadata: { name: `gpu-${i}` },
    status: { allocatable: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1", pods: "110" } },
  }));
  const gpuPod = (i: number): RawPod => ({
    kind: "Pod",
    metadata: { name: `llm-old-${i}` },
    spec: { nodeName: `gpu-${i}`, containers: [{ resources: { limits: { "nvidia.com/gpu": "1" }, requests: { cpu: "2" } } }] },
    status: { phase: "Running" },
  });
  const gpuReq = podRequests(gpuPod(1).spec);
  const gpuInput = (maxSurge: number, maxUnavailable: number): RolloutInput => ({
    ...base,
    replicas: 2,
    maxSurge,
    maxUnavailable,
    oldPods: 2,
    oldAvailable: 2,
    oldNodes: ["gpu-1", "gpu-2"],
    oldRequests: gpuReq,
    newRequests: gpuReq,
    board: new Board(nodeRooms(gpuNodes, [gpuPod(1), gpuPod(2)])),
  });

  it("a GPU limit counts as a request", () => expect(gpuReq).toEqual({ pods: 1, "nvidia.com/gpu": 1, cpu: 2 }));
  it("stalls when the full GPU pool has no room for the surge pod (maxSurge 1)", () => {
    const sim = simulateRollout(gpuInput(1, 0));
    expect(sim.seconds).toBeUndefined();
    expect(sim.stall).toEqual({ at: 0, pending: 1, oldPods: 2, newPods: 1 });
  });
  it("finishes with maxSurge 0 / maxUnavailable 1: each old pod frees its GPU first", () => {
    const sim = simulateRollout(gpuInput(0, 1));
    expect(sim.stall).toBeUndefined();
    expect(sim.seconds).toBe(20);
    expect(sim.peakResources["nvidia.com/gpu"]).toBe(2);
  });
});

const deployment = (extra: Record<string, unknown> = {}): RawDeployment => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "llm" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "llm" } },
    template: {
      metadata: { labels: { app: "llm" } },
      spec: { containers: [{ name: "llm", image: "vllm:1", resources: { limits: { "nvidia.com/gpu": "1" } } }] },
    },
    ...extra,
  },
});
const svc: RawService = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "llm" },
  spec: { selector: { app: "llm" }, ports: [{ port: 80 }] },
};
const pdb = (spec: Record<string, unknown>): RawPodDisruptionBudget => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: "llm" },
  spec: { selector: { matchLabels: { app: "llm" } }, ...spec },
});

describe("planManifests with no cluster (lint)", () => {
  it("a safe manifest has no finding and plans its creation", () => {
    const plan = planManifests([deployment(), svc, pdb({ minAvailable: 1 })], undefined);
    expect(plan.findings).toEqual([]);
    expect(plan.deployments[0]).toMatchObject({
      change: "create",
      replicas: 2,
      maxSurge: 1,
      maxUnavailable: 0,
      readySource: "probe estimate",
    });
    expect(plan.deployments[0]?.fitsNow).toBeUndefined();
  });
  it("revisionHistoryLimit 0 → RollbackNotPossible (warning)", () => {
    const plan = planManifests([deployment({ revisionHistoryLimit: 0 })], undefined);
    expect(plan.findings.map((f) => `${f.code}:${f.severity}`)).toEqual(["RollbackNotPossible:warning"]);
  });
  it("Recreate behind a Service → RolloutEmptiesService, an error for the pipeline", () => {
    const plan = planManifests([deployment({ strategy: { type: "Recreate" } }), svc], undefined, "prod");
    expect(plan.findings.map((f) => `${f.code}:${f.severity}:${f.object.namespace}/${f.object.name}`)).toEqual([
      "RolloutEmptiesService:error:prod/llm",
    ]);
  });
  it("a budget below the PDB's minAvailable → RolloutBelowDisruptionBudget", () => {
    const plan = planManifests(
      [deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }), pdb({ minAvailable: 2 })],
      undefined,
    );
    const [f] = plan.findings;
    expect(f).toMatchObject({ code: "RolloutBelowDisruptionBudget", severity: "warning" });
    expect(f?.evidence).toEqual([
      "poddisruptionbudget/llm minAvailable=2 (resolved: 2 of 2 available)",
      "deployment/llm maxUnavailable resolves to 1: at least 1 available during a rollout",
    ]);
    expect(
      planManifests(
        [deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }), pdb({ maxUnavailable: 1 })],
        undefined,
      ).findings,
    ).toEqual([]);
  });
});

describe("setFieldsEqual", () => {
  it("ignores fields only the stored object has (apiserver defaults), not changed values", () => {
    expect(setFieldsEqual({ a: 1, b: [{ c: "x" }] }, { a: 1, b: [{ c: "x", d: 2 }], e: 3 })).toBe(true);
    expect(setFieldsEqual({ a: 1, b: [{ c: "x" }] }, { a: 1, b: [{ c: "y" }] })).toBe(false);
  });
});
