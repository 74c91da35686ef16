import type { Clock } from "../clock";
import { RESOURCES } from "../registry";
import type { Store } from "../store";
import type { KObj, OwnerReference, StoreEvent } from "../types";
import type { PropagationPolicy } from "./deletion";
import { deleteWithPolicy, FINALIZER_FOREGROUND, FINALIZER_ORPHAN, isReadyToRemove } from "./deletion";
import { groupOf } from "./objects";
import type { Queue, Reconciler } from "./workqueue";

interface Node {
  storage: string;
  namespace?: string;
  name: string;
  owners: OwnerReference[];
}

// Every storage the lab cluster serves (events never own anything).
const STORAGES_AT_START = [...new Set(RESOURCES.map((r) => r.storage))].filter((s) => s !== "events");

/**
 * The garbage collector (pkg/controller/garbagecollector) over the Store. It keeps a graph of
 * ownerReferences by uid and works two kinds of keys:
 * - `dep/<uid>` (attemptToDeleteItem): a dependent whose owners may be gone or deleting
 *   foreground; deleted Background (or Foreground when every live owner waits for it);
 * - `own/<uid>` (an owner being deleted with the `orphan` or `foregroundDeletion` finalizer):
 *   orphan strips the ownerReferences of its dependents; foreground waits until no dependent
 *   with blockOwnerDeletion is left. Either way the finalizer goes, and then the object.
 * Also removes any object marked deleted with no finalizers and no grace period left.
 */
export class GarbageCollector implements Reconciler {
  readonly name = "garbagecollector";
  private readonly nodes = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  initialKeys(): string[] {
    const keys: string[] = [];
    for (const storage of STORAGES_AT_START) {
      for (const obj of this.store.list(storage)) {
        this.observe(storage, obj);
        keys.push(...this.keysFor(obj));
      }
    }
    for (const [uid, node] of this.nodes) if (node.owners.length) keys.push(`dep/${uid}`);
    return keys;
  }

  onEvent(ev: StoreEvent, queue: Queue): void {
    if (ev.storage === "events") return;
    const uid = ev.object.metadata.uid;
    if (!uid) return;
    if (ev.type === "DELETED") {
      const node = this.nodes.get(uid);
      this.forget(uid);
      for (const dep of this.dependents.get(uid) ?? []) queue.add(`dep/${dep}`);
      // Owners waiting in foreground deletion may be unblocked now.
      for (const ref of node?.owners ?? []) queue.add(`own/${ref.uid}`);
      return;
    }
    const before = this.nodes.get(uid)?.owners ?? [];
    this.observe(ev.storage, ev.object);
    for (const k of this.keysFor(ev.object)) queue.add(k);
    // A new or changed ownerReference may point at an owner that is gone or deleting.
    const after = ev.object.metadata.ownerReferences ?? [];
    if (after.length && JSON.stringify(after) !== JSON.stringify(before)) queue.add(`dep/${uid}`);
    for (const ref of before) if (!after.some((r) => r.uid === ref.uid)) queue.add(`own/${ref.uid}`);
  }

  sync(key: string): void {
    const uid = key.slice(4);
    if (key.startsWith("own/")) this.processDeletingOwner(uid);
    else this.attemptToDelete(uid);
  }

  private keysFor(obj: KObj): string[] {
    if (!obj.metadata.deletionTimestamp) return [];
    return [`own/${obj.metadata.uid}`];
  }

  private observe(storage: string, obj: KObj): void {
    const uid = obj.metadata.uid!;
    const prev = this.nodes.get(uid);
    for (const ref of prev?.owners ?? []) this.dependents.get(ref.uid)?.delete(uid);
    const owners = obj.metadata.ownerReferences ?? [];
    this.nodes.set(uid, { storage, namespace: obj.metadata.namespace, name: obj.metadata.name!, owners });
    for (const ref of owners) {
      if (!this.dependents.has(ref.uid)) this.dependents.set(ref.uid, new Set());
      this.dependents.get(ref.uid)!.add(uid);
    }
  }

  private forget(uid: string): void {
    const node = this.nodes.get(uid);
    for (const ref of node?.owners ?? []) this.dependents.get(ref.uid)?.delete(uid);
    this.nodes.delete(uid);
  }

  private read(uid: string): { node: Node; obj: KObj } | undefined {
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    const obj = this.store.get(node.storage, node.namespace, node.name);
    if (!obj || obj.metadata.uid !== uid) return undefined;
    return { node, obj };
  }

  /** attemptToDeleteItem: classify owners into dangling, waiting (foreground) and solid. */
  private attemptToDelete(uid: string): void {
    const item = this.read(uid);
    if (!item) return;
    const { node, obj } = item;
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).includes(FINALIZER_FOREGROUND)) return;
    const refs = obj.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    const solid: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = this.read(ref.uid)?.obj ?? this.lookupOwner(ref, obj.metadata.namespace);
      if (!owner || (owner.metadata.namespace !== undefined && owner.metadata.namespace !== obj.metadata.namespace)) dangling.push(ref);
      else if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FINALIZER_FOREGROUND)) waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length) {
      if (!dangling.length && !waiting.length) return;
      // Still owned: drop the dangling references and stop blocking the waiting owners.
      const next = structuredClone(obj);
      next.metadata.ownerReferences = refs
        .filter((r) => !dangling.some((d) => d.uid === r.uid))
        .map((r) => (waiting.some((w) => w.uid === r.uid) ? { ...r, blockOwnerDeletion: false } : r));
      this.store.update(node.storage, groupOf(obj.apiVersion), next);
      return;
    }
    if (obj.metadata.deletionTimestamp) return;
    let policy: PropagationPolicy;
    if (waiting.length && (this.dependents.get(uid)?.size ?? 0) > 0) policy = "Foreground";
    else {
      const f = obj.metadata.finalizers ?? [];
      policy = f.includes(FINALIZER_ORPHAN) ? "Orphan" : f.includes(FINALIZER_FOREGROUND) ? "Foreground" : "Background";
    }
    deleteWithPolicy(this.store, this.clock, node.storage, obj, policy);
  }

  /**
   * An owner the graph has not seen (a storage not listed at start-up): look it up by kind and
   * name like the real collector's live GET, and add it to the graph when it exists.
   */
  private lookupOwner(ref: OwnerReference, namespace: string | undefined): KObj | undefined {
    const ri = RESOURCES.find((r) => r.kind === ref.kind && r.group === groupOf(ref.apiVersion));
    if (!ri) return undefined;
    const owner = this.store.get(ri.storage, ri.namespaced ? namespace : undefined, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) return undefined;
    this.observe(ri.storage, owner);
    return owner;
  }

  /** An owner marked deleted: run its orphan / foreground finalizer, then let it go. */
  private processDeletingOwner(uid: string): void {
    const item = this.read(uid);
    if (!item) return;
    const { node, obj } = item;
    if (!obj.metadata.deletionTimestamp) return;
    const finalizers = obj.metadata.finalizers ?? [];
    const deps = [...(this.dependents.get(uid) ?? [])].map((d) => this.read(d)).filter((x): x is { node: Node; obj: KObj } => !!x);
    let remove: string | undefined;
    if (finalizers.includes(FINALIZER_ORPHAN)) {
      for (const dep of deps) {
        const next = structuredClone(dep.obj);
        next.metadata.ownerReferences = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
        this.store.update(dep.node.storage, groupOf(dep.obj.apiVersion), next);
      }
      remove = FINALIZER_ORPHAN;
    } else if (finalizers.includes(FINALIZER_FOREGROUND)) {
      const blocking = deps.filter((d) => (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion));
      // Every dependent goes; the owner waits only for the blocking ones to be really gone.
      for (const dep of deps) if (!dep.obj.metadata.deletionTimestamp) this.attemptToDelete(dep.obj.metadata.uid!);
      if (blocking.length === 0) remove = FINALIZER_FOREGROUND;
    }
    let current = obj;
    if (remove) {
      const next = structuredClone(obj);
      next.metadata.finalizers = finalizers.filter((f) => f !== remove);
      current = this.store.update(node.storage, groupOf(obj.apiVersion), next);
    }
    if (isReadyToRemove(current))
      this.store.remove(node.storage, groupOf(current.apiVersion), current.metadata.namespace, current.metadata.name!);
  }
}
