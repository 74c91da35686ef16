import type { Clock } from "../../clock";
import { ApiError } from "../../errors";
import { recordEvent } from "../../events";
import type { Store } from "../../store";
import type { StoreEvent } from "../../types";
import { deletePod } from "../deletion";
import { randomSuffix } from "../hash";
import { APPS, controllerOf, CORE, keyOf, newControllerRef, PODS, REPLICASETS, selectorMatches, splitKey } from "../objects";
import { isPodActive, isPodAvailable, isPodReady, isPodTerminating, podReadySince } from "../pods";
import type { Queue, Reconciler } from "../workqueue";
import { podsToDelete } from "./ranking";
import { calculateReplicaSetStatus, statusUnchanged } from "./status";
import { asStored, STORE, type Pod, type ReplicaSet } from "../../kinds";

const COMPONENT = "replicaset-controller";
// burstReplicas: at most this many creations or deletions per sync.
const BURST_REPLICAS = 500;

/** The ReplicaSet controller (pkg/controller/replicaset/replica_set.go) over the Store. */
export class ReplicaSetController implements Reconciler {
  readonly name = "replicaset";
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  initialKeys(): string[] {
    return this.store.list(STORE.replicasets).map(keyOf);
  }

  onEvent(ev: StoreEvent, queue: Queue): void {
    if (ev.storage === REPLICASETS) return queue.add(keyOf(ev.object));
    if (ev.storage !== PODS) return;
    const pod = asStored(STORE.pods, ev.object);
    const ns = pod.metadata.namespace ?? "";
    const refs = new Set<string>();
    for (const p of [ev.old, ev.object]) {
      const ref = p && controllerOf(p);
      if (ref?.kind === "ReplicaSet") refs.add(`${ns}/${ref.name}`);
    }
    if (refs.size === 0 && ev.type !== "DELETED") {
      // An orphan: every ReplicaSet whose selector matches may adopt it.
      for (const rs of this.store.list(STORE.replicasets, ns))
        if (selectorMatches(rs.spec?.selector, pod.metadata.labels)) refs.add(keyOf(rs));
    }
    for (const k of refs) queue.add(k);
    // A pod that just became Ready turns available minReadySeconds later; nothing else will
    // wake the ReplicaSet then (updatePod: AddAfter minReadySeconds).
    if (ev.type === "MODIFIED" && ev.old && !isPodReady(asStored(STORE.pods, ev.old)) && isPodReady(pod)) {
      for (const k of refs) {
        const { namespace, name } = splitKey(k);
        const mrs = this.store.get(STORE.replicasets, namespace, name)?.spec?.minReadySeconds ?? 0;
        if (mrs > 0) queue.addAfter(k, mrs * 1000);
      }
    }
  }

  sync(key: string, queue: Queue): void {
    const { namespace, name } = splitKey(key);
    const rs = this.store.get(STORE.replicasets, namespace, name);
    if (!rs) return;
    const allPods = this.store.list(STORE.pods, namespace);
    const claimed = this.claimPods(rs, allPods);
    const active = claimed.filter(isPodActive);
    const terminating = claimed.filter(isPodTerminating);

    let manageErr: Error | undefined;
    if (!rs.metadata.deletionTimestamp) manageErr = this.manageReplicas(active, rs, allPods);

    const fresh = this.store.get(STORE.replicasets, namespace, name);
    if (!fresh) return;
    const now = this.clock.now();
    const status = calculateReplicaSetStatus(fresh, active, terminating, manageErr, now);
    let updated = fresh;
    if (!statusUnchanged(fresh, status)) {
      const next = structuredClone(fresh);
      next.status = { ...status, observedGeneration: fresh.metadata.generation ?? 1 };
      updated = this.store.update(STORE.replicasets, APPS, next);
    }
    if (manageErr) throw manageErr;
    // The next availability check (v1.35 FindMinNextPodAvailabilityCheck): when the first Ready
    // pod turns available, or after minReadySeconds as a fallback.
    const mrs = updated.spec?.minReadySeconds ?? 0;
    if (mrs > 0 && (updated.status?.readyReplicas ?? 0) !== (updated.status?.availableReplicas ?? 0)) {
      queue.addAfter(key, nextAvailabilityCheck(active, mrs, now) ?? mrs * 1000);
    }
  }

  /** claimPods: owned pods that still match, plus orphans that match (adopted here). */
  private claimPods(rs: ReplicaSet, pods: Pod[]): Pod[] {
    const out: Pod[] = [];
    for (const pod of pods) {
      const ref = controllerOf(pod);
      const matches = selectorMatches(rs.spec?.selector, pod.metadata.labels);
      if (ref) {
        if (ref.uid !== rs.metadata.uid) continue;
        if (matches) out.push(pod);
        else if (!rs.metadata.deletionTimestamp) this.release(pod, rs);
        continue;
      }
      if (!matches || rs.metadata.deletionTimestamp || pod.metadata.deletionTimestamp || !isPodActive(pod)) continue;
      const next = structuredClone(pod);
      next.metadata.ownerReferences = [...(pod.metadata.ownerReferences ?? []), newControllerRef(rs)];
      out.push(this.store.update(STORE.pods, CORE, next));
    }
    return out;
  }

  private release(pod: Pod, rs: ReplicaSet): void {
    const next = structuredClone(pod);
    next.metadata.ownerReferences = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
    this.store.update(STORE.pods, CORE, next);
  }

  /** manageReplicas: create in slow-start batches, or delete the lowest-ranked surplus. */
  private manageReplicas(active: Pod[], rs: ReplicaSet, allPods: Pod[]): Error | undefined {
    const want = rs.spec?.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      const { error } = slowStartBatch(n, () => this.createPod(rs));
      return error;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const related = this.relatedPods(rs, allPods);
      for (const pod of podsToDelete(active, related, n, this.clock.now())) {
        try {
          const current = this.store.get(STORE.pods, pod.metadata.namespace, pod.metadata.name!);
          if (!current) continue;
          deletePod(this.store, current, this.clock);
          recordEvent(this.store, rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, COMPONENT);
        } catch (err) {
          if (err instanceof ApiError && err.code === 404) continue;
          const msg = err instanceof Error ? err.message : String(err);
          recordEvent(this.store, rs, "Warning", "FailedDelete", `Error deleting: ${msg}`, COMPONENT);
          return err instanceof Error ? err : new Error(msg);
        }
      }
    }
    return undefined;
  }

  /** Pods of every ReplicaSet that shares this one's controller (getIndirectlyRelatedPods). */
  private relatedPods(rs: ReplicaSet, allPods: Pod[]): Pod[] {
    const owner = controllerOf(rs);
    if (!owner) return allPods.filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
    const siblings = new Set(
      this.store
        .list(REPLICASETS, rs.metadata.namespace)
        .filter((x) => controllerOf(x)?.uid === owner.uid)
        .map((x) => x.metadata.uid),
    );
    return allPods.filter((p) => siblings.has(controllerOf(p)?.uid));
  }

  /** controller.GetPodFromTemplate + the apiserver's generateName and Pending status. */
  private createPod(rs: ReplicaSet): void {
    const tmpl = rs.spec?.template ?? {};
    const base = `${rs.metadata.name}-`;
    let name = base + randomSuffix();
    while (this.store.get(STORE.pods, rs.metadata.namespace, name)) name = base + randomSuffix();
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        generateName: base,
        namespace: rs.metadata.namespace,
        generation: 1,
        labels: { ...(tmpl.metadata?.labels ?? {}) },
        ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
        ...(tmpl.metadata?.finalizers ? { finalizers: [...tmpl.metadata.finalizers] } : {}),
        ownerReferences: [newControllerRef(rs)],
      },
      spec: structuredClone(tmpl.spec ?? {}),
      status: { phase: "Pending", qosClass: qosClass(tmpl.spec) },
    };
    try {
      this.store.create(STORE.pods, CORE, pod);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      recordEvent(this.store, rs, "Warning", "FailedCreate", `Error creating: ${msg}`, COMPONENT);
      throw err;
    }
    recordEvent(this.store, rs, "Normal", "SuccessfulCreate", `Created pod: ${name}`, COMPONENT);
  }
}

/** Milliseconds until the first Ready-but-not-available pod becomes available, if any. */
function nextAvailabilityCheck(active: Pod[], minReadySeconds: number, now: number): number | undefined {
  let soonest: number | undefined;
  for (const p of active) {
    const since = podReadySince(p);
    if (since === undefined || isPodAvailable(p, minReadySeconds, now)) continue;
    const wait = Math.max(0, since + minReadySeconds * 1000 - now);
    soonest = soonest === undefined ? wait : Math.min(soonest, wait);
  }
  return soonest;
}

/** slowStartBatch: batches of 1, 2, 4, …; stops after the first batch with a failure. */
export function slowStartBatch(count: number, fn: () => void): { created: number; error?: Error } {
  let remaining = count;
  let created = 0;
  for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: Error | undefined;
    for (let i = 0; i < batch; i++) {
      try {
        fn();
        created++;
      } catch (err) {
        error ??= err instanceof Error ? err : new Error(String(err));
      }
    }
    if (error) return { created, error };
    remaining -= batch;
  }
  return { created };
}

interface Resources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** The apiserver sets status.qosClass at creation (GetPodQOS, simplified to cpu and memory). */
function qosClass(spec: { containers?: { resources?: Resources }[] } | undefined): string {
  const cs = spec?.containers ?? [];
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return "BestEffort";
  const guaranteed = cs.every((c) =>
    ["cpu", "memory"].every((r) => {
      const lim = c.resources?.limits?.[r];
      const req = c.resources?.requests?.[r] ?? lim;
      return lim !== undefined && req === lim;
    }),
  );
  return guaranteed ? "Guaranteed" : "Burstable";
}
