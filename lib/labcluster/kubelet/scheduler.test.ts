import { describe, expect, it } from "vitest";
import { buildNode, defaultNodeSpecs } from "./nodes";
import { parseQuantity } from "../../model/quantity";
import { podRequests, schedulePod } from "./scheduler";
import type { Pod } from "./wire";

const nodes = defaultNodeSpecs(3).map((s, i) => buildNode(s, i + 1, 0));

function pod(name: string, cpu?: string, extra: Partial<Pod["spec"]> = {}, owner = "rs-1"): Pod {
  return {
    metadata: { name, namespace: "lab", uid: name, ownerReferences: [{ uid: owner, controller: true }] },
    spec: { containers: [{ name: "app", ...(cpu ? { resources: { requests: { cpu, memory: "1Gi" } } } : {}) }], ...extra },
  };
}

describe("parseQuantity", () => {
  it("reads cpu, memory and exponent forms", () => {
    expect([
      parseQuantity("500m"),
      parseQuantity("2"),
      parseQuantity("16Gi"),
      parseQuantity("1G"),
      parseQuantity("1e3"),
      parseQuantity("x"),
    ]).toEqual([0.5, 2, 16 * 2 ** 30, 1e9, 1000, 0]);
  });
});

describe("schedulePod", () => {
  it("spreads replicas of one owner across nodes", () => {
    const placed = new Map<string, Pod[]>();
    const on = (n: string) => placed.get(n) ?? [];
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = pod(`p${i}`, "1");
      const r = schedulePod(p, nodes, on);
      if (!("node" in r)) throw new Error(r.unschedulable);
      names.push(r.node);
      placed.set(r.node, [...on(r.node), { ...p, spec: { ...p.spec, nodeName: r.node } }]);
    }
    expect(names.sort()).toEqual(["lab-node-1", "lab-node-2", "lab-node-3"]);
  });

  it("spreads pods without requests too", () => {
    const bare = (n: string): Pod => ({
      metadata: { name: n, namespace: "lab", uid: n },
      spec: { containers: [{ name: "app" }], nodeName: "lab-node-1" },
    });
    expect(schedulePod(bare("b"), nodes, (n) => (n === "lab-node-1" ? [bare("a")] : []))).toEqual({ node: "lab-node-2" });
  });

  it("says why no node fits, in the real scheduler's words", () => {
    expect(schedulePod(pod("big", "6"), nodes, () => [])).toEqual({
      unschedulable:
        "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    });
    expect(schedulePod(pod("gpu", undefined, { nodeSelector: { "nvidia.com/gpu.present": "true" } }), nodes, () => [])).toEqual({
      unschedulable:
        "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    });
  });

  it("counts requests already on the node and honours nodeSelector labels", () => {
    const full = (n: string) => (n === "lab-node-3" ? [] : [pod(`x-${n}`, "3.5", {}, "other")]);
    expect(schedulePod(pod("p", "1"), nodes, full)).toEqual({ node: "lab-node-3" });
    expect(
      schedulePod(
        pod("q", undefined, { nodeSelector: { "kubernetes.io/hostname": "lab-node-2", "kubernetes.io/os": "linux" } }),
        nodes,
        () => [],
      ),
    ).toEqual({ node: "lab-node-2" });
  });

  it("honours required node affinity", () => {
    const gpu = [buildNode({ name: "cpu-1" }, 1, 0), buildNode({ name: "gpu-1", labels: { "nvidia.com/gpu.count": "4" } }, 2, 0)];
    const want = (operator: "In" | "Gt" | "DoesNotExist", values?: string[]) =>
      pod("p", undefined, {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "nvidia.com/gpu.count", operator, values }] }],
            },
          },
        },
      });
    expect(schedulePod(want("Gt", ["2"]), gpu, () => [])).toEqual({ node: "gpu-1" });
    expect(schedulePod(want("DoesNotExist"), gpu, () => [])).toEqual({ node: "cpu-1" });
    expect(schedulePod(want("In", ["8"]), gpu, () => [])).toMatchObject({
      unschedulable: expect.stringContaining("2 node(s) didn't match Pod's node affinity/selector"),
    });
  });

  it("respects NoSchedule taints unless tolerated", () => {
    const tainted = [buildNode({ name: "gpu-1", taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] }, 1, 0)];
    expect(schedulePod(pod("p"), tainted, () => [])).toMatchObject({
      unschedulable: expect.stringContaining("1 node(s) had untolerated taint {nvidia.com/gpu: present}"),
    });
    expect(schedulePod(pod("p", undefined, { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }] }), tainted, () => [])).toEqual({
      node: "gpu-1",
    });
  });

  it("sums container requests and takes the largest init container", () => {
    const p: Pod = {
      metadata: { name: "p", namespace: "lab", uid: "p" },
      spec: {
        containers: [
          { name: "a", resources: { requests: { cpu: "250m" } } },
          { name: "b", resources: { requests: { cpu: "250m" } } },
        ],
        initContainers: [{ name: "i", resources: { requests: { cpu: "2" } } }],
      },
    };
    expect(podRequests(p).get("cpu")).toBe(2);
  });
});
