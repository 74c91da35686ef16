import type { Clock } from "../clock";
import { ConflictError, type KubeletApi } from "./api";
import type { EventRecorder } from "./event-recorder";
import { buildNode, nodeConditions, nodeIP, type NodeSpec } from "./nodes";
import type { LabNode } from "./pod-agent";

const CONDITION_TAINTS = new Set(["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]);

/** Simulated ms between node status heartbeats (the real kubelet's nodeStatusUpdateFrequency). */
export const HEARTBEAT_MS = 10_000;

/**
 * Registers the lab Nodes and keeps them Ready. A Node that already exists (a restarted lab
 * kubelet, a reused real cluster) is adopted: its status is rewritten, its labels merged.
 */
export class NodeAgent {
  readonly nodes = new Map<string, LabNode>();
  private readonly cancels = new Map<string, () => void>();
  private stopped = false;
  private readonly since: number;

  constructor(
    private readonly api: Pick<KubeletApi, "createNode" | "readNode" | "patchNode" | "patchNodeStatus">,
    private readonly recorder: EventRecorder,
    private readonly clock: Clock,
    private readonly specs: readonly NodeSpec[],
    private readonly log: (msg: string) => void,
  ) {
    this.since = clock.now();
  }

  async register(): Promise<void> {
    await Promise.all(this.specs.map((spec, i) => this.registerOne(spec, i + 1)));
  }

  private async registerOne(spec: NodeSpec, index: number): Promise<void> {
    const node = buildNode(spec, index, this.clock.now());
    try {
      await this.api.createNode({ ...node });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Labels are merged; a cordon someone set stays, as with a real kubelet restart.
      await this.api.patchNode(spec.name, { metadata: { labels: node.metadata.labels } });
    }
    // Nodes may be created with status, but an adopted Node keeps its old one: always write it.
    await this.api.patchNodeStatus(spec.name, { status: node.status ?? {} });
    await this.clearConditionTaints(spec.name);
    this.nodes.set(spec.name, { name: spec.name, index, hostIP: nodeIP(index), images: new Set(), usedIPs: new Set(), nextIP: 2 });
    const target = { kind: "Node", namespace: "default", name: spec.name, uid: spec.name };
    const source = { component: "kubelet" as const, host: spec.name };
    this.recorder.record(target, source, "Normal", "Starting", "Starting kubelet.");
    this.recorder.record(target, source, "Normal", "NodeReady", `Node ${spec.name} status is now: NodeReady`);
    this.heartbeat(spec.name);
  }

  /**
   * A real apiserver's TaintNodesByCondition admission taints every new Node
   * `node.kubernetes.io/not-ready:NoSchedule`; the node-lifecycle controller lifts it once the
   * Node is Ready. Lab Nodes are Ready from the start and that controller may not run (the
   * real-control-plane tests), so the lab kubelet lifts the condition taints itself.
   */
  private async clearConditionTaints(name: string): Promise<void> {
    const current = (await this.api.readNode(name)) as { spec?: { taints?: { key: string }[] } };
    const taints = current.spec?.taints ?? [];
    const kept = taints.filter((t) => !CONDITION_TAINTS.has(t.key));
    if (kept.length !== taints.length) await this.api.patchNode(name, { spec: { taints: kept.length ? kept : null } });
  }

  private heartbeat(name: string): void {
    const cancel = this.clock.after(HEARTBEAT_MS, () => {
      if (this.stopped) return;
      this.api
        .patchNodeStatus(name, { status: { conditions: nodeConditions(this.clock.now(), this.since) } })
        .catch((err: unknown) => this.log(`heartbeat ${name}: ${String(err)}`))
        .finally(() => this.heartbeat(name));
    });
    this.cancels.set(name, cancel);
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.cancels.values()) c();
  }
}
