import type { Clock } from "../clock";
import { isoTime } from "../clock";
import type { Store } from "../store";
import type { KObj } from "../types";
import { groupOf, PODS } from "./objects";
import { isPodTerminal } from "./pods";
import { asStored, STORE, type Pod, type StorageKey } from "../kinds";

export const FINALIZER_FOREGROUND = "foregroundDeletion";
export const FINALIZER_ORPHAN = "orphan";

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

/**
 * Deletes a pod the way the apiserver's pod strategy does. A pod bound to a node is not removed:
 * it gets `deletionTimestamp = now + grace` and `deletionGracePeriodSeconds = grace` (grace =
 * `graceSeconds ?? spec.terminationGracePeriodSeconds ?? 30`), and the kubelet removes it once its
 * containers stopped. An unbound or terminal pod has nothing to stop and is removed at once
 * (grace 0), unless finalizers hold it. Deleting a pod already being deleted may only shorten its
 * grace. Writes with the read resourceVersion, so a concurrent change fails with 409 Conflict.
 * Returns the stored pod, or undefined once removed.
 */
export function deletePod(store: Store, pod: Pod, clock: Clock, graceSeconds?: number): Pod | undefined {
  const bound = !!pod.spec?.nodeName;
  let grace = graceSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  if (!bound || isPodTerminal(pod)) grace = 0;
  return markDeleted(store, PODS, pod, clock, Math.max(0, grace));
}

/**
 * Deletes any object with a propagation policy, as the apiserver does for a DELETE: Foreground
 * and Orphan add their finalizer and set deletionTimestamp (the garbage collector finishes the
 * job); Background removes the object unless finalizers hold it. Pods keep their grace period.
 */
export function deleteWithPolicy(
  store: Store,
  clock: Clock,
  storage: string,
  obj: KObj,
  policy: PropagationPolicy = "Background",
): KObj | undefined {
  if (policy === "Background") {
    if (storage === PODS) return deletePod(store, asStored(STORE.pods, obj), clock);
    return markDeleted(store, storage, obj, clock, 0);
  }
  const finalizer = policy === "Foreground" ? FINALIZER_FOREGROUND : FINALIZER_ORPHAN;
  const next = structuredClone(obj);
  const finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== FINALIZER_FOREGROUND && f !== FINALIZER_ORPHAN);
  next.metadata.finalizers = [...finalizers, finalizer];
  if (!next.metadata.deletionTimestamp) {
    bumpGeneration(next);
    const grace = storage === PODS ? podGrace(asStored(STORE.pods, obj)) : 0;
    next.metadata.deletionTimestamp = isoTime(clock.now() + grace * 1000);
    next.metadata.deletionGracePeriodSeconds = grace;
  }
  if (semanticSameMeta(obj, next)) return obj;
  return store.update(storage, groupOf(obj.apiVersion), next);
}

/** A bound, running pod's grace period; 0 for others. */
function podGrace(pod: Pod): number {
  return pod.spec?.nodeName && !isPodTerminal(pod) ? (pod.spec?.terminationGracePeriodSeconds ?? 30) : 0;
}

function markDeleted<T extends KObj>(store: Store, storage: StorageKey<T>, obj: T, clock: Clock, grace: number): T | undefined {
  const group = groupOf(obj.apiVersion);
  const finalizers = obj.metadata.finalizers ?? [];
  if (obj.metadata.deletionTimestamp) {
    const current = obj.metadata.deletionGracePeriodSeconds ?? 0;
    if (grace >= current) return obj;
  }
  if (grace === 0 && finalizers.length === 0) {
    store.remove(storage, group, obj.metadata.namespace, obj.metadata.name!);
    return undefined;
  }
  const next = structuredClone(obj);
  if (!obj.metadata.deletionTimestamp) bumpGeneration(next);
  next.metadata.deletionTimestamp = isoTime(clock.now() + grace * 1000);
  next.metadata.deletionGracePeriodSeconds = grace;
  return store.update(storage, group, next);
}

// rest.BeforeDelete: marking an object deleted is a change of its desired state.
function bumpGeneration(obj: KObj): void {
  if ((obj.metadata.generation ?? 0) > 0) obj.metadata.generation = obj.metadata.generation! + 1;
}

/**
 * The apiserver removes an object once it is marked deleted, has no finalizers left and no grace
 * period to wait for (a pod in graceful termination waits for its kubelet instead).
 */
export function isReadyToRemove(obj: KObj): boolean {
  // A Namespace also waits for spec.finalizers ("kubernetes"): the namespace controller empties
  // it first, so `kubectl delete ns` returns only once its pods are gone, as on a real cluster.
  if (obj.kind === "Namespace" && (asStored(STORE.namespaces, obj).spec?.finalizers ?? []).length > 0) return false;
  return (
    !!obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0 && (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0
  );
}

function semanticSameMeta(a: KObj, b: KObj): boolean {
  return (
    a.metadata.deletionTimestamp === b.metadata.deletionTimestamp &&
    JSON.stringify(a.metadata.finalizers ?? []) === JSON.stringify(b.metadata.finalizers ?? [])
  );
}
