import type { CoreV1Api, CoreV1Event, V1Pod } from "@kubernetes/client-node";
import { CoreV1Api as CoreV1ApiClass, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "../index";
import { loadKubeconfig, startKubelet, type KubeletHandle } from "./index";

// The lab kubelet against the lab cluster's HTTP API, through a kubeconfig, as in production.
// Simulated time runs 20× faster; every wait polls for a state, with a generous wall-clock cap.
let lab: LabCluster;
let kubelet: KubeletHandle;
let core: CoreV1Api;
const ns = "default";

beforeAll(async () => {
  lab = await startLabCluster({ timeScale: 20, kubelet: false, controllers: false });
  kubelet = await startKubelet({ kubeconfigPath: lab.kubeconfigPath, clock: lab.clock });
  core = loadKubeconfig(lab.kubeconfigPath).makeApiClient(CoreV1ApiClass);
});

afterAll(async () => {
  await kubelet?.stop();
  await lab?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function podWhere(name: string, ok: (p: V1Pod) => boolean, what: string): Promise<V1Pod> {
  return until(`${name}: ${what}`, async () => {
    const p = await core.readNamespacedPod({ name, namespace: ns });
    return ok(p) ? p : undefined;
  });
}

async function eventsOf(name: string): Promise<CoreV1Event[]> {
  const list = await core.listNamespacedEvent({ namespace: ns });
  return list.items.filter((e) => e.involvedObject.name === name);
}

const condition = (p: V1Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);

describe("lab kubelet on the lab cluster", () => {
  it("registers three Ready nodes with capacity and well-known labels", async () => {
    const nodes = (await core.listNode()).items;
    expect(nodes.map((n) => n.metadata?.name).sort()).toEqual(["lab-node-1", "lab-node-2", "lab-node-3"]);
    for (const n of nodes) {
      expect(n.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
      expect(n.status?.allocatable).toMatchObject({ cpu: "4", memory: "16Gi", pods: "110" });
      expect(n.metadata?.labels).toMatchObject({
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": n.metadata?.name,
      });
    }
  });

  it("schedules, runs and readies a pod whose script creates /tmp/ready", async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "model-v1" },
        spec: {
          containers: [
            {
              name: "inference",
              image: "ghcr.io/rollscope/inference:v1",
              command: ["sh", "-c", "echo loading; sleep 5; touch /tmp/ready; sleep infinity"],
              readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 2 },
            },
          ],
        },
      },
    });
    const running = await podWhere("model-v1", (p) => p.status?.phase === "Running", "Running");
    expect(running.spec?.nodeName).toMatch(/^lab-node-\d$/);
    expect(running.status?.podIP).toMatch(/^10\.244\.\d\.\d+$/);
    const ready = await podWhere("model-v1", (p) => condition(p, "Ready")?.status === "True", "Ready");
    expect(ready.status?.containerStatuses?.[0]).toMatchObject({ ready: true, restartCount: 0, image: "ghcr.io/rollscope/inference:v1" });
    const reasons = await until("kubelet events", async () => {
      const r = (await eventsOf("model-v1")).map((e) => e.reason);
      return r.includes("Started") && r.includes("Unhealthy") ? r : undefined;
    });
    expect(reasons).toEqual(expect.arrayContaining(["Scheduled", "Pulling", "Pulled", "Created", "Started", "Unhealthy"]));
  });

  it("marks a pod that fits nowhere Unschedulable with the scheduler's message", async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "too-big" },
        spec: { containers: [{ name: "app", image: "busybox", resources: { requests: { cpu: "6" } } }] },
      },
    });
    const p = await podWhere("too-big", (x) => condition(x, "PodScheduled")?.status === "False", "PodScheduled=False");
    expect(condition(p, "PodScheduled")).toMatchObject({ reason: "Unschedulable" });
    expect(condition(p, "PodScheduled")?.message).toMatch(/^0\/3 nodes are available: 3 Insufficient cpu\./);
    const ev = await until("FailedScheduling", async () => (await eventsOf("too-big")).find((e) => e.reason === "FailedScheduling"));
    expect(ev.type).toBe("Warning");
  });

  it("waits while every node is cordoned and schedules once one is uncordoned", async () => {
    const cordon = (name: string, unschedulable: boolean) =>
      core.patchNode({ name, body: { spec: { unschedulable } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    for (const n of ["lab-node-1", "lab-node-2", "lab-node-3"]) await cordon(n, true);
    try {
      await core.createNamespacedPod({
        namespace: ns,
        body: { metadata: { name: "patient" }, spec: { containers: [{ name: "app", image: "busybox:1.36" }] } },
      });
      const p = await podWhere("patient", (x) => condition(x, "PodScheduled")?.status === "False", "PodScheduled=False");
      expect(condition(p, "PodScheduled")?.message).toMatch(/^0\/3 nodes are available: 3 node\(s\) were unschedulable\./);
      await cordon("lab-node-2", false);
      const bound = await podWhere("patient", (x) => !!x.spec?.nodeName, "bound");
      expect(bound.spec?.nodeName).toBe("lab-node-2");
    } finally {
      for (const n of ["lab-node-1", "lab-node-2", "lab-node-3"]) await cordon(n, false);
    }
  });

  it("backs off pulling from a .invalid registry", async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: "model-v3" }, spec: { containers: [{ name: "model", image: "registry.invalid/model:v3" }] } },
    });
    const p = await podWhere(
      "model-v3",
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === "ImagePullBackOff",
      "ImagePullBackOff",
    );
    expect(p.status?.phase).toBe("Pending");
  });

  it("restarts a script that exits, into CrashLoopBackOff", async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "crasher" },
        spec: { containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "sleep 1; exit 1"] }] },
      },
    });
    const p = await podWhere(
      "crasher",
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff",
      "CrashLoopBackOff",
    );
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
    expect(p.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
  });

  it("stops a deleted pod at the end of its grace period and removes it", async () => {
    await podWhere("model-v1", (p) => p.status?.phase === "Running", "Running");
    await core.deleteNamespacedPod({ name: "model-v1", namespace: ns, gracePeriodSeconds: 10 });
    await until("model-v1 removed", async () => {
      const list = await core.listNamespacedPod({ namespace: ns });
      return list.items.some((p) => p.metadata?.name === "model-v1") ? undefined : true;
    });
    const reasons = (await eventsOf("model-v1")).map((e) => e.reason);
    expect(reasons).toContain("Killing");
  });

  it("restarts: adopts its existing Nodes and runs new pods", async () => {
    await kubelet.stop();
    kubelet = await startKubelet({ kubeconfigPath: lab.kubeconfigPath, clock: lab.clock });
    expect((await core.listNode()).items).toHaveLength(3);
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "after-restart" },
        spec: { containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }] },
      },
    });
    await podWhere("after-restart", (p) => condition(p, "Ready")?.status === "True", "Ready");
  });
});
