import { describe, expect, it } from "vitest";
import { isPodAvailable, podState, podView, summarizeProbe } from "./pod";
import { ago, deployment, pod, podTemplate, replicaSet, T0 } from "@/test/support/model/objects";
import type { RawPod } from "./rawKinds";

const t = podTemplate({ app: "inference" }, { version: "v1" });
const d = deployment({ name: "inference", template: t, revision: 1, status: { replicas: 1, updated: 1, ready: 1, available: 1 } });
const rs = replicaSet({
  deployment: d,
  hash: "5d4f8b9c7",
  template: t,
  revision: 1,
  replicas: 1,
  status: { replicas: 1, ready: 1, available: 1 },
  createdAgo: 600,
});
const mk = (shape: Parameters<typeof pod>[0]["shape"], extra: Partial<Parameters<typeof pod>[0]> = {}): RawPod =>
  pod({ rs, suffix: "abcde", createdAgo: 300, shape, ...extra });

describe("podState", () => {
  it("Ready when the Ready condition is True", () => {
    expect(podState(mk({ kind: "ready", startedAgo: 290, readyAgo: 280 }), T0)).toEqual({ state: "Ready" });
  });
  it("Starting inside initialDelaySeconds + one period, RunningNotReady after", () => {
    // Probe: initialDelay 2s, period 2s → a result can exist 4s after start.
    expect(podState(mk({ kind: "notReady", startedAgo: 3 }), T0)).toEqual({ state: "Starting", reason: "ReadinessProbePending" });
    expect(podState(mk({ kind: "notReady", startedAgo: 5 }), T0)).toEqual({ state: "RunningNotReady", reason: "ReadinessProbeFailing" });
  });
  it("Pending while containers are created", () => {
    expect(podState(mk({ kind: "creating" }), T0)).toEqual({ state: "Pending", reason: "ContainerCreating" });
  });
  it("Pending and unscheduled without a node and without an Unschedulable verdict", () => {
    const p = mk({ kind: "creating" });
    delete p.spec!.nodeName;
    p.status = { phase: "Pending" };
    expect(podState(p, T0)).toEqual({ state: "Pending", reason: "Unscheduled" });
  });
  it("Failed for Unschedulable, image pull errors, CrashLoopBackOff and phase Failed", () => {
    expect(podState(mk({ kind: "unschedulable", message: "0/1 nodes are available" }), T0)).toEqual({
      state: "Failed",
      reason: "Unschedulable",
    });
    expect(podState(mk({ kind: "imagePull", reason: "ErrImagePull", image: "x.invalid/a:1" }), T0)).toEqual({
      state: "Failed",
      reason: "ErrImagePull",
    });
    expect(podState(mk({ kind: "imagePull", reason: "ImagePullBackOff", image: "x.invalid/a:1" }), T0)).toEqual({
      state: "Failed",
      reason: "ImagePullBackOff",
    });
    expect(podState(mk({ kind: "crashLoop", restarts: 4, exitCode: 1 }), T0)).toEqual({ state: "Failed", reason: "CrashLoopBackOff" });
    const evicted = mk({ kind: "ready", startedAgo: 100, readyAgo: 90 });
    evicted.status = { ...evicted.status, phase: "Failed", reason: "Evicted" };
    expect(podState(evicted, T0)).toEqual({ state: "Failed", reason: "Evicted" });
  });
  it("Terminating wins once deletionTimestamp is set", () => {
    expect(podState(mk({ kind: "ready", startedAgo: 100, readyAgo: 90 }, { deletingAgo: 3 }), T0).state).toBe("Terminating");
  });
  it("RunningNotReady without a probe reports ContainersNotReady", () => {
    const noProbe = podTemplate({ app: "x" }, { probe: "none" });
    const rs2 = replicaSet({
      deployment: d,
      hash: "6c7d8b9f5",
      template: noProbe,
      revision: 2,
      replicas: 1,
      status: { replicas: 1, ready: 0, available: 0 },
      createdAgo: 10,
    });
    const p = pod({ rs: rs2, suffix: "zzzzz", createdAgo: 10, shape: { kind: "notReady", startedAgo: 1 } });
    expect(podState(p, T0)).toEqual({ state: "RunningNotReady", reason: "ContainersNotReady" });
  });
});

describe("isPodAvailable", () => {
  const p = mk({ kind: "ready", startedAgo: 100, readyAgo: 10 });
  it("is Ready when minReadySeconds is 0", () => expect(isPodAvailable(p, 0, T0)).toBe(true));
  it("needs Ready for minReadySeconds or more (v1.35 IsPodAvailable: Compare(now) <= 0)", () => {
    expect(isPodAvailable(p, 11, T0)).toBe(false);
    expect(isPodAvailable(p, 10, T0)).toBe(true);
    expect(isPodAvailable(p, 9, T0)).toBe(true);
  });
  it("never for a terminating pod", () =>
    expect(isPodAvailable(mk({ kind: "ready", startedAgo: 100, readyAgo: 10 }, { deletingAgo: 1 }), 0, T0)).toBe(false));
});

describe("podView", () => {
  it("carries probe, restarts, times and the kubelet's message", () => {
    const v = podView(mk({ kind: "crashLoop", restarts: 6, exitCode: 1 }), 0, T0);
    expect(v.state).toBe("Failed");
    expect(v.restarts).toBe(6);
    expect(v.ready).toBe(false);
    expect(v.readinessProbe?.detail).toBe("exec cat /tmp/ready");
    expect(v.probeMessage).toMatch(/^back-off 2m40s restarting failed container=inference/);
    const r = podView(mk({ kind: "ready", startedAgo: 200, readyAgo: 100 }), 0, T0);
    expect(r).toMatchObject({
      ready: true,
      available: true,
      readySince: ago(100),
      startedAt: ago(200),
      nodeName: "lab-node-1",
      podIP: "10.244.0.10",
    });
  });
});

describe("summarizeProbe", () => {
  it("fills the apiserver defaults and renders each kind", () => {
    expect(summarizeProbe({ httpGet: { path: "/v1/models", port: 8000 } })).toEqual({
      kind: "httpGet",
      detail: "GET :8000/v1/models",
      initialDelaySeconds: 0,
      periodSeconds: 10,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(summarizeProbe({ tcpSocket: { port: 9000 } }).detail).toBe("tcp :9000");
    expect(summarizeProbe({ grpc: { port: 50051 } }).kind).toBe("grpc");
  });
});
