import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { ApiException, KubeConfig } from "@kubernetes/client-node";
import { ConflictError, GoneError, KubeletApi, type WireObject } from "./api";
import { EventRecorder } from "./event-recorder";
import { HEARTBEAT_MS, NodeAgent } from "./node-agent";
import { buildNode, defaultNodeSpecs } from "./nodes";
import { PodAgent, type LabNode } from "./pod-agent";
import { SchedulingLoop } from "./scheduling";
import type { Pod } from "./wire";

// The API shell against a fake API: what it writes, and how it reacts to 404, 409 and failures.
type Call = { op: string; args: unknown[] };

function fakeApi() {
  const calls: Call[] = [];
  /** Errors to throw from the next calls of an operation, in order. */
  const failures = new Map<string, Error[]>();
  const op =
    (name: string) =>
    async (...args: unknown[]): Promise<void> => {
      calls.push({ op: name, args });
      const err = failures.get(name)?.shift();
      if (err) throw err;
    };
  return {
    calls,
    failures,
    api: {
      bind: op("bind"),
      patchPodStatus: op("patchPodStatus"),
      deletePod: op("deletePod"),
      createEvent: op("createEvent"),
      patchEvent: op("patchEvent"),
    },
    of: (name: string) => calls.filter((c) => c.op === name),
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};

function labNode(): LabNode {
  return { name: "lab-node-1", index: 1, hostIP: "172.18.0.2", images: new Set(), usedIPs: new Set(), nextIP: 2 };
}

const pod = (name: string, extra: Partial<Pod["spec"]> = {}, meta: Partial<Pod["metadata"]> = {}): Pod => ({
  metadata: { name, namespace: "lab", uid: `uid-${name}`, ...meta },
  spec: { containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "sleep infinity"] }], ...extra },
});

describe("EventRecorder", () => {
  it("creates an event once, then patches count and lastTimestamp", async () => {
    const clock = new ManualClock();
    const f = fakeApi();
    const rec = new EventRecorder(f.api, clock, () => {});
    const target = { kind: "Pod", namespace: "lab", name: "web", uid: "u", fieldPath: "spec.containers{app}" };
    rec.record(target, { component: "kubelet", host: "lab-node-1" }, "Warning", "Unhealthy", "Readiness probe failed: x");
    clock.advance(10_000);
    rec.record(target, { component: "kubelet", host: "lab-node-1" }, "Warning", "Unhealthy", "Readiness probe failed: x");
    await settle();
    expect(f.of("createEvent")).toHaveLength(1);
    const ev = f.of("createEvent")[0].args[1] as WireObject;
    expect(ev).toMatchObject({
      reason: "Unhealthy",
      type: "Warning",
      count: 1,
      source: { component: "kubelet", host: "lab-node-1" },
      involvedObject: { kind: "Pod", namespace: "lab", fieldPath: "spec.containers{app}" },
    });
    expect(f.of("patchEvent").map((c) => c.args[2])).toEqual([{ count: 2, lastTimestamp: "2026-01-01T00:00:10Z" }]);
  });
});

describe("PodAgent", () => {
  function agent() {
    const clock = new ManualClock();
    const f = fakeApi();
    const nodes = new Map([["lab-node-1", labNode()]]);
    const recorder = new EventRecorder(f.api, clock, () => {});
    const a = new PodAgent(f.api, recorder, clock, nodes, () => {});
    const statuses = () => f.of("patchPodStatus").map((c) => (c.args[2] as { status: { phase: string } }).status);
    return { clock, f, a, statuses };
  }

  it("writes coalesced status patches as the pod starts, and ignores pods of other nodes", async () => {
    const { clock, f, a, statuses } = agent();
    a.observe(pod("elsewhere", { nodeName: "other-node" }));
    a.observe(pod("web", { nodeName: "lab-node-1" }));
    await settle();
    expect(statuses().map((s) => s.phase)).toEqual(["Pending"]);
    clock.advance(10_000);
    await settle();
    expect(statuses().at(-1)).toMatchObject({ phase: "Running", podIP: "10.244.1.2", hostIP: "172.18.0.2" });
    expect(f.of("patchPodStatus").every((c) => c.args[1] === "web")).toBe(true);
    expect((f.of("patchPodStatus")[0].args[2] as WireObject).metadata).toEqual({ uid: "uid-web" });
  });

  it("forgets a pod whose status write says 404", async () => {
    const { f, a } = agent();
    f.failures.set("patchPodStatus", [new GoneError("gone")]);
    a.observe(pod("web", { nodeName: "lab-node-1" }));
    await settle();
    expect(a.runtime("uid-web")).toBeUndefined();
  });

  it("retries a failed status write with backoff", async () => {
    const { clock, f, a } = agent();
    f.failures.set("patchPodStatus", [new Error("conflict")]);
    a.observe(pod("web", { nodeName: "lab-node-1" }));
    await settle();
    expect(f.of("patchPodStatus")).toHaveLength(1);
    clock.advance(200);
    await settle();
    expect(f.of("patchPodStatus")).toHaveLength(2);
  });

  it("deletes a terminating pod with grace 0 after its final status", async () => {
    const { clock, f, a, statuses } = agent();
    const p = pod("web", { nodeName: "lab-node-1", terminationGracePeriodSeconds: 5 });
    a.observe(p);
    clock.advance(10_000);
    await settle();
    a.observe({ ...p, metadata: { ...p.metadata, deletionTimestamp: "2026-01-01T00:00:10Z", deletionGracePeriodSeconds: 5 } });
    clock.advance(4_999);
    await settle();
    expect(f.of("deletePod")).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(statuses().at(-1)).toMatchObject({ phase: "Failed" });
    expect(f.of("deletePod").map((c) => c.args)).toEqual([["lab", "web", "uid-web"]]);
  });

  it("removes at once a pod deleted before it ran here", async () => {
    const { f, a } = agent();
    a.observe(pod("web", { nodeName: "lab-node-1" }, { deletionTimestamp: "2026-01-01T00:00:00Z" }));
    await settle();
    expect(f.of("deletePod")).toHaveLength(1);
    expect(f.of("patchPodStatus")).toHaveLength(0);
  });
});

describe("SchedulingLoop", () => {
  function loop(nodeCount = 3) {
    const clock = new ManualClock();
    const f = fakeApi();
    const recorder = new EventRecorder(f.api, clock, () => {});
    const pods: Pod[] = [];
    const nodes = defaultNodeSpecs(nodeCount).map((s, i) => buildNode(s, i + 1, 0));
    const l = new SchedulingLoop(f.api, recorder, clock, { nodes: () => nodes, pods: () => pods }, () => {});
    return { clock, f, l, pods };
  }

  it("binds a pending pod and records Scheduled", async () => {
    const { f, l } = loop();
    l.observe(pod("web"));
    await settle();
    expect(f.of("bind").map((c) => c.args)).toEqual([["lab", "web", "uid-web", "lab-node-1"]]);
    const ev = f.of("createEvent").map((c) => c.args[1] as WireObject);
    expect(ev).toMatchObject([
      { reason: "Scheduled", message: "Successfully assigned lab/web to lab-node-1", source: { component: "default-scheduler" } },
    ]);
  });

  it("does not double-book: pods bound but not yet seen still count", async () => {
    const { f, l } = loop(1);
    const big = (n: string) => pod(n, { containers: [{ name: "app", image: "busybox", resources: { requests: { cpu: "3" } } }] });
    l.observe(big("a"));
    l.observe(big("b"));
    await settle();
    expect(f.of("bind").map((c) => c.args[1])).toEqual(["a"]);
    const cond = (f.of("patchPodStatus")[0].args[2] as { status: { conditions: unknown[] } }).status.conditions;
    expect(cond).toMatchObject([
      {
        type: "PodScheduled",
        status: "False",
        reason: "Unschedulable",
        message: expect.stringMatching(/^0\/1 nodes are available: 1 Insufficient cpu\./),
      },
    ]);
  });

  it("waits for a change before retrying an unschedulable pod, and writes the condition once", async () => {
    const { f, l } = loop();
    const p = pod("huge", { containers: [{ name: "app", image: "busybox", resources: { requests: { cpu: "64" } } }] });
    l.observe(p);
    await settle();
    expect(f.of("patchPodStatus")).toHaveLength(1);
    const written = (f.of("patchPodStatus")[0].args[2] as { status: Pod["status"] }).status;
    // Our own write comes back through the watch: no new attempt.
    l.observe({ ...p, status: written });
    await settle();
    expect(f.of("createEvent").length + f.of("patchEvent").length).toBe(1);
    l.nodesChanged();
    await settle();
    expect(f.of("patchEvent").map((c) => (c.args[2] as { count: number }).count)).toEqual([2]);
    expect(f.of("patchPodStatus")).toHaveLength(1);
  });
});

describe("NodeAgent", () => {
  it("registers Ready nodes and lifts the not-ready taint a real apiserver adds at creation", async () => {
    const clock = new ManualClock();
    const f = fakeApi();
    const patches: [string, WireObject][] = [];
    const api = {
      createNode: async (n: WireObject) => n,
      readNode: async (name: string): Promise<WireObject> => ({
        metadata: { name },
        spec: {
          taints: [
            { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
            { key: "gpu", value: "true", effect: "NoSchedule" },
          ],
        },
      }),
      patchNode: async (name: string, patch: WireObject) => void patches.push([name, patch]),
      patchNodeStatus: async (name: string, patch: WireObject) => void patches.push([`${name}/status`, patch]),
    };
    const agent = new NodeAgent(api, new EventRecorder(f.api, clock, () => {}), clock, defaultNodeSpecs(1), () => {});
    await agent.register();
    expect(patches.map(([n]) => n)).toEqual(["lab-node-1/status", "lab-node-1"]);
    expect(patches[1][1]).toEqual({ spec: { taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }] } });
    expect([...agent.nodes.keys()]).toEqual(["lab-node-1"]);
    clock.advance(HEARTBEAT_MS);
    await settle();
    expect(patches.at(-1)?.[0]).toBe("lab-node-1/status");
    agent.stop();
  });
});

describe("KubeletApi.retry", () => {
  function api() {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server: "https://127.0.0.1:1" }],
      users: [{ name: "u", token: "t" }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    const clock = new ManualClock();
    return { clock, api: new KubeletApi(kc, clock, () => {}) };
  }
  const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });

  it("retries connection failures with doubling waits, then returns", async () => {
    const { clock, api: k } = api();
    let calls = 0;
    const done = k.retry("op", async () => {
      if (++calls <= 3) throw refused();
      return "ok";
    });
    await settle();
    expect(calls).toBe(1);
    clock.advance(199);
    await settle();
    expect(calls).toBe(1);
    clock.advance(1);
    await settle();
    clock.advance(400);
    await settle();
    clock.advance(800);
    await settle();
    expect(calls).toBe(4);
    await expect(done).resolves.toBe("ok");
  });

  it("maps 404 and 409 to Gone and Conflict and does not retry other client errors", async () => {
    const { api: k } = api();
    const http = (code: number) => async () => {
      throw new ApiException(code, "x", {}, {});
    };
    await expect(k.retry("op", http(404))).rejects.toBeInstanceOf(GoneError);
    await expect(k.retry("op", http(409))).rejects.toBeInstanceOf(ConflictError);
    await expect(k.retry("op", http(422))).rejects.toBeInstanceOf(ApiException);
    await expect(k.retry("op", async () => Promise.reject(new Error("HTTP protocol is not allowed")))).rejects.toThrow("HTTP protocol");
  });
});
