/**
 * Fills the lab cluster's Store directly (no HTTP, no admission) with a synthetic namespace.
 * The Store assigns fresh uids, so owner references and endpoint targetRefs are rewritten to
 * point at the stored owners.
 */
import type { Store } from "@/lib/labcluster/store";
import type { KObj } from "@/lib/labcluster/types";
import { storageOrder, syntheticNamespace } from "../lib/synthetic";

export function fillNamespace(store: Store, namespace: string, pods: number, podsPerDeployment?: number): number {
  const n = syntheticNamespace({ namespace, pods, podsPerDeployment, now: store.clock.now() });
  const uids = new Map<string, string>();
  let count = 0;
  for (const { storage, group, obj } of storageOrder(n)) {
    if (storage === "namespaces" && store.get("namespaces", undefined, namespace)) continue;
    const o: KObj = { ...obj, metadata: { ...obj.metadata } };
    const oldUid = o.metadata.uid;
    delete o.metadata.uid;
    delete o.metadata.resourceVersion;
    if (storage === "namespaces") delete o.metadata.namespace;
    o.metadata.ownerReferences = o.metadata.ownerReferences?.map((r) => ({ ...r, uid: uids.get(r.uid) ?? r.uid }));
    if (Array.isArray(o.endpoints)) {
      o.endpoints = (o.endpoints as { targetRef?: { uid?: string } }[]).map((e) =>
        e.targetRef?.uid ? { ...e, targetRef: { ...e.targetRef, uid: uids.get(e.targetRef.uid) ?? e.targetRef.uid } } : e,
      );
    }
    const stored = store.create(storage, group, o);
    if (oldUid) uids.set(oldUid, stored.metadata.uid!);
    count++;
  }
  return count;
}
