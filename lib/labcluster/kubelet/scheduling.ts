import type { Clock } from "../clock";
import { isoTime } from "../clock";
import { ConflictError, GoneError, type KubeletApi } from "./api";
import type { EventRecorder } from "./event-recorder";
import { schedulePod } from "./scheduler";
import type { Node, Pod } from "./wire";

export interface ClusterView {
  nodes: () => readonly Node[];
  pods: () => readonly Pod[];
}

/** How often unschedulable pods are retried even without a cluster change (the real flush is 5 min). */
export const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

const isTerminal = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";

/**
 * The API side of the lab's default-scheduler: one pod at a time (so two pods never take the same
 * last slot), bind through pods/{name}/binding, and for a pod nothing fits, the PodScheduled=False
 * condition plus a FailedScheduling event. Unschedulable pods wait for a change that could help
 * (a Node added or edited, a pod gone) or the periodic flush.
 */
export class SchedulingLoop {
  private readonly queue = new Map<string, Pod>();
  private readonly unschedulable = new Map<string, { pod: Pod; message: string }>();
  /** Bound by us but not yet seen bound through the watch. */
  private readonly assumed = new Map<string, Pod>();
  private busy = false;
  private stopped = false;
  private cancelFlush: (() => void) | undefined;

  constructor(
    private readonly api: Pick<KubeletApi, "bind" | "patchPodStatus">,
    private readonly recorder: EventRecorder,
    private readonly clock: Clock,
    private readonly view: ClusterView,
    private readonly log: (msg: string) => void,
  ) {
    this.scheduleFlush();
  }

  stop(): void {
    this.stopped = true;
    this.cancelFlush?.();
  }

  /** Every pod the watch shows (added or modified). */
  observe(pod: Pod): void {
    const uid = pod.metadata.uid;
    if (pod.spec.nodeName) {
      this.assumed.delete(uid);
      this.queue.delete(uid);
      this.unschedulable.delete(uid);
      return;
    }
    const scheduler = pod.spec.schedulerName ?? "default-scheduler";
    // Pods with scheduling gates wait for whoever removes the gates (the apiserver marks them SchedulingGated).
    const gated = (pod.spec.schedulingGates?.length ?? 0) > 0;
    if (scheduler !== "default-scheduler" || gated || pod.metadata.deletionTimestamp || isTerminal(pod) || this.assumed.has(uid)) {
      this.forget(uid);
      return;
    }
    const waiting = this.unschedulable.get(uid);
    // Our own status write comes back as MODIFIED; only a change of the pod itself is news.
    if (waiting) {
      waiting.pod = pod;
      return;
    }
    this.queue.set(uid, pod);
    this.kick();
  }

  /** A pod was deleted or finished: its resources are free, so waiting pods get another try. */
  podGone(pod: Pod): void {
    this.forget(pod.metadata.uid);
    if (pod.spec.nodeName) this.retryUnschedulable(`pod ${key(pod)} gone`);
  }

  /** A Node appeared or changed in a way that can change fits. */
  nodesChanged(): void {
    this.retryUnschedulable("nodes changed");
  }

  private forget(uid: string): void {
    this.queue.delete(uid);
    this.unschedulable.delete(uid);
    this.assumed.delete(uid);
  }

  private retryUnschedulable(why: string): void {
    if (this.unschedulable.size === 0) return;
    this.log(`retrying ${this.unschedulable.size} unschedulable pod(s): ${why}`);
    for (const [uid, { pod }] of this.unschedulable) this.queue.set(uid, pod);
    this.kick();
  }

  private scheduleFlush(): void {
    this.cancelFlush = this.clock.after(UNSCHEDULABLE_FLUSH_MS, () => {
      if (this.stopped) return;
      this.retryUnschedulable("periodic flush");
      this.scheduleFlush();
    });
  }

  private kick(): void {
    if (this.busy || this.stopped) return;
    this.busy = true;
    void this.drain().finally(() => {
      this.busy = false;
      if (this.queue.size > 0 && !this.stopped) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.stopped) {
      const [uid, pod] = this.queue.entries().next().value as [string, Pod];
      this.queue.delete(uid);
      try {
        await this.attempt(pod);
      } catch (err) {
        if (!(err instanceof GoneError) && !(err instanceof ConflictError)) this.log(`scheduling ${key(pod)}: ${String(err)}`);
      }
    }
  }

  private podsOn(node: string): Pod[] {
    const out: Pod[] = [];
    for (const p of this.view.pods()) if (p.spec.nodeName === node && !isTerminal(p)) out.push(p);
    for (const p of this.assumed.values()) if (p.spec.nodeName === node) out.push(p);
    return out;
  }

  private async attempt(pod: Pod): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    const result = schedulePod(pod, this.view.nodes(), (n) => this.podsOn(n));
    const target = { kind: "Pod", namespace, name, uid };
    if ("node" in result) {
      this.assumed.set(uid, { ...pod, spec: { ...pod.spec, nodeName: result.node } });
      this.unschedulable.delete(uid);
      try {
        await this.api.bind(namespace, name, uid, result.node);
      } catch (err) {
        this.assumed.delete(uid);
        throw err;
      }
      this.recorder.record(
        target,
        { component: "default-scheduler" },
        "Normal",
        "Scheduled",
        `Successfully assigned ${namespace}/${name} to ${result.node}`,
      );
      return;
    }
    const message = result.unschedulable;
    const before = this.unschedulable.get(uid);
    this.unschedulable.set(uid, { pod, message });
    this.recorder.record(target, { component: "default-scheduler" }, "Warning", "FailedScheduling", message);
    const current = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
    if (before?.message === message && current?.status === "False" && current.message === message) return;
    const ltt = current?.status === "False" && current.lastTransitionTime ? current.lastTransitionTime : isoTime(this.clock.now());
    const others = (pod.status?.conditions ?? []).filter((c) => c.type !== "PodScheduled");
    await this.api.patchPodStatus(namespace, name, {
      metadata: { uid },
      status: {
        phase: "Pending",
        conditions: [
          ...others,
          { type: "PodScheduled", status: "False", reason: "Unschedulable", message, lastProbeTime: null, lastTransitionTime: ltt },
        ],
      },
    });
  }
}

function key(p: Pod): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}
