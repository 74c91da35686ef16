import type { Clock } from "../clock";
import { ConflictError, GoneError, type KubeletApi } from "./api";
import type { EventRecorder } from "./event-recorder";
import type { Connection } from "./app-serving";
import { PodRuntime } from "./pod-runtime";
import type { Pod } from "./wire";

/** One lab node as the pod agent sees it. */
export interface LabNode {
  name: string;
  /** 1-based; pod IPs are 10.244.<index>.<n>. */
  index: number;
  hostIP: string;
  images: Set<string>;
  usedIPs: Set<string>;
  nextIP: number;
}

interface PodRecord {
  runtime: PodRuntime;
  node: LabNode;
  namespace: string;
  name: string;
  uid: string;
  podIP?: string;
  resourceVersion?: string;
  writing: boolean;
  dirty: boolean;
  flushQueued: boolean;
  lastWritten: string;
  /** All containers stopped after deletion: remove the pod once the final status is written. */
  finished: boolean;
  deleting: boolean;
  gone: boolean;
  retryMs: number;
}

/**
 * Runs pods bound to the lab nodes: one PodRuntime per pod, its status written to
 * pods/{name}/status (merge patch, coalesced, one write in flight per pod), its events recorded,
 * and a deleted pod removed with grace 0 once its containers have stopped.
 */
export class PodAgent {
  private readonly pods = new Map<string, PodRecord>();

  constructor(
    private readonly api: Pick<KubeletApi, "patchPodStatus" | "deletePod">,
    private readonly recorder: EventRecorder,
    private readonly clock: Clock,
    private readonly nodes: ReadonlyMap<string, LabNode>,
    private readonly log: (msg: string) => void,
  ) {}

  /** A pod from the watch (added or modified). */
  observe(pod: Pod): void {
    const node = pod.spec.nodeName ? this.nodes.get(pod.spec.nodeName) : undefined;
    if (!node) return;
    const rec = this.pods.get(pod.metadata.uid);
    if (rec) {
      rec.resourceVersion = pod.metadata.resourceVersion;
      rec.runtime.update(pod);
      return;
    }
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp) {
      // Deleted before it ever ran here (or by a previous kubelet): nothing to stop.
      this.remove(pod.metadata.namespace, pod.metadata.name, pod.metadata.uid).catch((err: unknown) =>
        this.log(`delete ${pod.metadata.name}: ${String(err)}`),
      );
      return;
    }
    // A finished pod stays finished; the kubelet never reruns it.
    if (phase === "Succeeded" || phase === "Failed") return;
    this.run(pod, node);
  }

  /** The pod is gone from the API. */
  deleted(pod: Pod): void {
    const rec = this.pods.get(pod.metadata.uid);
    if (rec) this.drop(rec);
  }

  stop(): void {
    for (const rec of this.pods.values()) {
      rec.gone = true;
      rec.runtime.dispose();
    }
    this.pods.clear();
  }

  /** The lab's pod network: a connection to podIP:port on one of these nodes (refused if no pod has that IP). */
  connect(ip: string, port: number): Connection {
    for (const rec of this.pods.values()) if (rec.podIP === ip && !rec.gone) return rec.runtime.connect(port);
    return { kind: "refused" };
  }

  /** Test access. */
  runtime(uid: string): PodRuntime | undefined {
    return this.pods.get(uid)?.runtime;
  }

  private run(pod: Pod, node: LabNode): void {
    const { namespace, name, uid } = pod.metadata;
    // The runtime's hooks close over the record; they are only called after it exists.
    const runtime = new PodRuntime(pod, {
      clock: this.clock,
      hostIP: node.hostIP,
      allocatePodIP: () => (rec.podIP = this.allocateIP(node)),
      images: node.images,
      emit: (e) =>
        this.recorder.record(
          { kind: "Pod", namespace, name, uid, resourceVersion: rec.resourceVersion, ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}) },
          { component: "kubelet", host: node.name },
          e.type,
          e.reason,
          e.message,
        ),
      changed: () => this.markDirty(rec),
      terminated: () => {
        rec.finished = true;
        this.markDirty(rec);
      },
    });
    const rec: PodRecord = {
      runtime,
      node,
      namespace,
      name,
      uid,
      resourceVersion: pod.metadata.resourceVersion,
      writing: false,
      dirty: false,
      flushQueued: false,
      lastWritten: "",
      finished: false,
      deleting: false,
      gone: false,
      retryMs: 200,
    };
    this.pods.set(uid, rec);
    rec.runtime.start();
    rec.runtime.update(pod);
  }

  private allocateIP(node: LabNode): string {
    for (let i = 0; i < 253; i++) {
      const n = node.nextIP;
      node.nextIP = n >= 254 ? 2 : n + 1;
      const ip = `10.244.${node.index}.${n}`;
      if (!node.usedIPs.has(ip)) {
        node.usedIPs.add(ip);
        return ip;
      }
    }
    throw new Error(`node ${node.name} has no free pod IP`);
  }

  // State changes come in bursts within one turn (a container starts: events, ready, conditions);
  // a microtask later one write carries them all.
  private markDirty(rec: PodRecord): void {
    rec.dirty = true;
    if (rec.flushQueued) return;
    rec.flushQueued = true;
    queueMicrotask(() => {
      rec.flushQueued = false;
      void this.flush(rec);
    });
  }

  private async flush(rec: PodRecord): Promise<void> {
    if (rec.writing || rec.gone) return;
    rec.writing = true;
    try {
      while (rec.dirty && !rec.gone) {
        rec.dirty = false;
        const status = rec.runtime.status();
        const json = JSON.stringify(status);
        if (json === rec.lastWritten) continue;
        await this.api.patchPodStatus(rec.namespace, rec.name, { metadata: { uid: rec.uid }, status });
        rec.lastWritten = json;
        rec.retryMs = 200;
      }
      if (rec.finished && !rec.deleting && !rec.gone) {
        rec.deleting = true;
        await this.remove(rec.namespace, rec.name, rec.uid);
      }
    } catch (err) {
      if (err instanceof GoneError) {
        this.drop(rec);
      } else {
        // A conflict or a rejected write: try again with the then-current status.
        this.log(`status of ${rec.namespace}/${rec.name}: ${err instanceof Error ? err.message : String(err)}`);
        rec.dirty = true;
        rec.deleting = false;
        const wait = rec.retryMs;
        rec.retryMs = Math.min(rec.retryMs * 2, 30_000);
        this.clock.after(wait, () => void this.flush(rec));
      }
    } finally {
      rec.writing = false;
    }
  }

  private async remove(namespace: string, name: string, uid: string): Promise<void> {
    try {
      await this.api.deletePod(namespace, name, uid);
    } catch (err) {
      // 409 here means the uid precondition failed: our pod is already gone, a namesake replaced it.
      if (!(err instanceof GoneError) && !(err instanceof ConflictError)) throw err;
    }
  }

  private drop(rec: PodRecord): void {
    rec.gone = true;
    rec.runtime.dispose();
    if (rec.podIP) rec.node.usedIPs.delete(rec.podIP);
    this.pods.delete(rec.uid);
    this.recorder.forget(rec.namespace, rec.name);
  }
}
