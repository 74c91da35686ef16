import { isoTime } from "../clock";
import type { Node, Taint } from "./wire";

/** A lab node to register. Capacity entries override the defaults (cpu 4, memory 16Gi, pods 110). */
export interface NodeSpec {
  name: string;
  /** e.g. `{ cpu: "8", "nvidia.com/gpu": "1" }`; allocatable equals capacity. */
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
}

export const KUBELET_VERSION = "v1.35.0";

export function defaultNodeSpecs(count: number): NodeSpec[] {
  return Array.from({ length: count }, (_, i) => ({ name: `lab-node-${i + 1}` }));
}

/** kind-style addressing: node i (1-based) is 172.18.0.(i+1) and owns 10.244.i.0/24. */
export function nodeIP(index: number): string {
  return `172.18.0.${index + 1}`;
}

export function podCIDR(index: number): string {
  return `10.244.${index}.0/24`;
}

export function nodeConditions(now: number, since: number): NonNullable<Node["status"]>["conditions"] {
  const hb = isoTime(now);
  const lt = isoTime(since);
  const c = (type: string, status: "True" | "False", reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: hb,
    lastTransitionTime: lt,
    reason,
    message,
  });
  return [
    c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    c("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}

/** The Node object a real kubelet registers, for lab node `index` (1-based). */
export function buildNode(spec: NodeSpec, index: number, now: number): Node {
  const capacity = { cpu: "4", "ephemeral-storage": "100Gi", "hugepages-2Mi": "0", memory: "16Gi", pods: "110", ...spec.capacity };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: spec.name,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": spec.name,
        "kubernetes.io/os": "linux",
        ...spec.labels,
      },
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "rollscope.dev/lab-node": "true" },
    },
    spec: { podCIDR: podCIDR(index), podCIDRs: [podCIDR(index)], ...(spec.taints?.length ? { taints: spec.taints } : {}) },
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: nodeConditions(now, now),
      addresses: [
        { type: "InternalIP", address: nodeIP(index) },
        { type: "Hostname", address: spec.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `lab${index}`.padEnd(32, "0"),
        systemUUID: `00000000-0000-0000-0000-${String(index).padStart(12, "0")}`,
        bootID: `00000000-0000-0000-0000-${String(index).padStart(12, "0")}`,
        kernelVersion: "6.8.0-lab",
        osImage: "Rollscope lab node",
        containerRuntimeVersion: "containerd://2.1.0",
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: "",
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}
