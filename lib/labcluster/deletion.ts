/**
 * Deletion as the real generic registry does it (staging/.../registry/generic/registry/store.go
 * Delete + BeforeDelete): preconditions, graceful deletion of pods bound to a node, propagation
 * policy expressed as the `foregroundDeletion` / `orphan` finalizers that the garbage collector
 * (controllers/) acts on, and "objects with finalizers only get a deletionTimestamp". The reaper
 * completes deletions once the last finalizer goes, whoever removes it (HTTP or the Store).
 */
import { isoTime } from "./clock";
import { ApiError, badRequest, notFound } from "./errors";
import { asStored, STORE, type Pod } from "./kinds";
import { RESOURCES } from "./registry";
import { HAS_GENERATION } from "./strategy";
import type { Store } from "./store";
import type { KObj, ResourceInfo } from "./types";

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteResult {
  object: KObj;
  /** False when the object stays (graceful pod termination, pending finalizers). */
  removed: boolean;
}

/** Namespaces the real apiserver refuses to delete. */
export const PROTECTED_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

/** Parses a DeleteOptions body and/or query parameters (query wins, as kubectl sends either). */
export function parseDeleteOptions(body: unknown, query: URLSearchParams): DeleteOptions {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const opts: DeleteOptions = {};
  const grace = query.get("gracePeriodSeconds") ?? b.gracePeriodSeconds;
  if (grace !== undefined && grace !== null && grace !== "") {
    const n = Number(grace);
    if (!Number.isInteger(n)) throw badRequest(`invalid gracePeriodSeconds: ${String(grace)}`);
    opts.gracePeriodSeconds = n;
  }
  const policy = query.get("propagationPolicy") ?? b.propagationPolicy;
  if (policy !== undefined && policy !== null) {
    if (policy !== "Background" && policy !== "Foreground" && policy !== "Orphan")
      throw new ApiError(
        422,
        "Invalid",
        `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`,
      );
    opts.propagationPolicy = policy;
  }
  const orphan = query.get("orphanDependents") ?? b.orphanDependents;
  if (orphan !== undefined && orphan !== null) opts.orphanDependents = orphan === true || orphan === "true";
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined)
    throw new ApiError(
      422,
      "Invalid",
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "${opts.propagationPolicy}": orphanDependents and deletionPropagation cannot be both set`,
    );
  if (b.preconditions && typeof b.preconditions === "object") opts.preconditions = b.preconditions;
  const dry = query.getAll("dryRun").concat(Array.isArray(b.dryRun) ? b.dryRun : []);
  if (dry.includes("All")) opts.dryRun = true;
  return opts;
}

function podGracePeriod(pod: Pod, requested: number | undefined): number {
  // CheckGracefulDelete: unscheduled or finished pods go at once.
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return 0;
  const g = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return g < 0 ? 1 : g;
}

function withPolicyFinalizers(finalizers: string[], opts: DeleteOptions): string[] {
  const policy =
    opts.propagationPolicy ?? (opts.orphanDependents === true ? "Orphan" : opts.orphanDependents === false ? "Background" : undefined);
  let out = [...finalizers];
  if (policy === "Foreground")
    out = out.filter((f) => f !== "orphan").concat(out.includes("foregroundDeletion") ? [] : ["foregroundDeletion"]);
  if (policy === "Orphan") out = out.filter((f) => f !== "foregroundDeletion").concat(out.includes("orphan") ? [] : ["orphan"]);
  if (policy === "Background") out = out.filter((f) => f !== "orphan" && f !== "foregroundDeletion");
  return out;
}

/** Deletes one object with the real semantics. Throws 404 / 409 like the apiserver. */
export function deleteObject(store: Store, ri: ResourceInfo, ns: string | undefined, name: string, opts: DeleteOptions): DeleteResult {
  const obj = store.get(ri.storage, ns, name);
  if (!obj) throw notFound(ri.resource, ri.group, name);
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== obj.metadata.uid)
    throw new ApiError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${ri.group ? `${ri.resource}.${ri.group}` : ri.resource} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`,
      { name, group: ri.group || undefined, kind: ri.resource },
    );
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion)
    throw new ApiError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${ri.group ? `${ri.resource}.${ri.group}` : ri.resource} "${name}": Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`,
      { name, group: ri.group || undefined, kind: ri.resource },
    );
  if (ri.storage === "namespaces") return deleteNamespace(store, ri, obj, opts);

  const finalizers = withPolicyFinalizers(obj.metadata.finalizers ?? [], opts);
  const grace = ri.storage === "pods" ? podGracePeriod(asStored(STORE.pods, obj), opts.gracePeriodSeconds) : 0;
  const now = store.clock.now();

  if (obj.metadata.deletionTimestamp) {
    // Already terminating: a shorter grace period or new policy finalizers still apply.
    const next: KObj = structuredClone(obj);
    const cur = obj.metadata.deletionGracePeriodSeconds ?? 0;
    if (ri.storage === "pods" && opts.gracePeriodSeconds !== undefined && grace < cur) {
      next.metadata.deletionGracePeriodSeconds = grace;
      next.metadata.deletionTimestamp = isoTime(now + grace * 1000);
    }
    if (finalizers.length) next.metadata.finalizers = finalizers;
    else delete next.metadata.finalizers;
    if (!finalizers.length && (next.metadata.deletionGracePeriodSeconds ?? 0) === 0) {
      if (opts.dryRun) return { object: obj, removed: true };
      return { object: store.remove(ri.storage, ri.group, ns, name), removed: true };
    }
    if (opts.dryRun) return { object: next, removed: false };
    delete next.metadata.resourceVersion;
    return { object: store.update(ri.storage, ri.group, next), removed: false };
  }

  if (!finalizers.length && grace === 0) {
    if (opts.dryRun) return { object: obj, removed: true };
    return { object: store.remove(ri.storage, ri.group, ns, name), removed: true };
  }
  const next: KObj = structuredClone(obj);
  next.metadata.deletionTimestamp = isoTime(now + grace * 1000);
  next.metadata.deletionGracePeriodSeconds = grace;
  if (finalizers.length) next.metadata.finalizers = finalizers;
  if (HAS_GENERATION.has(ri.storage)) next.metadata.generation = (obj.metadata.generation ?? 1) + 1;
  if (opts.dryRun) return { object: next, removed: false };
  delete next.metadata.resourceVersion;
  return { object: store.update(ri.storage, ri.group, next), removed: false };
}

const NAMESPACED_STORAGES = [...new Set(RESOURCES.filter((r) => r.namespaced).map((r) => r.storage))];
const canonical = (storage: string) => RESOURCES.find((r) => r.storage === storage)!;

function namespaceEmpty(store: Store, ns: string): boolean {
  return NAMESPACED_STORAGES.every((s) => store.list(s, ns).length === 0);
}

function deleteNamespace(store: Store, ri: ResourceInfo, obj: KObj, opts: DeleteOptions): DeleteResult {
  const name = obj.metadata.name!;
  if (PROTECTED_NAMESPACES.has(name))
    throw new ApiError(403, "Forbidden", `namespaces "${name}" is forbidden: this namespace may not be deleted`, {
      name,
      kind: "namespaces",
    });
  if (opts.dryRun) return { object: obj, removed: false };
  let ns = obj;
  if (!obj.metadata.deletionTimestamp) {
    const next: KObj = structuredClone(obj);
    next.metadata.deletionTimestamp = isoTime(store.clock.now());
    next.metadata.deletionGracePeriodSeconds = 0;
    next.status = { ...(next.status ?? {}), phase: "Terminating" };
    delete next.metadata.resourceVersion;
    ns = store.update(ri.storage, ri.group, next);
  }
  // The namespace controller's job, done inline: delete the contents (pods terminate gracefully).
  for (const storage of NAMESPACED_STORAGES) {
    for (const o of store.list(storage, name)) {
      if (o.metadata.deletionTimestamp) continue;
      deleteObject(store, canonical(storage), name, o.metadata.name!, { propagationPolicy: "Background" });
    }
  }
  if (namespaceEmpty(store, name) && store.get("namespaces", undefined, name)) {
    return { object: store.remove(ri.storage, ri.group, undefined, name), removed: true };
  }
  return { object: ns, removed: false };
}

/**
 * Finishes deletions: an object with a deletionTimestamp, no finalizers and no grace period left
 * is removed; a terminating namespace goes once it is empty. Deferred to a microtask so every
 * listener sees the MODIFIED before the DELETED. Returns the unsubscribe function.
 */
export function startDeletionReaper(store: Store): () => void {
  const pending = new Set<string>();
  const schedule = (storage: string, ns: string | undefined, name: string, uid: string | undefined) => {
    const k = `${storage}/${ns ?? ""}/${name}`;
    if (pending.has(k)) return;
    pending.add(k);
    queueMicrotask(() => {
      pending.delete(k);
      const cur = store.get(storage, ns, name);
      if (!cur || cur.metadata.uid !== uid) return;
      if (storage === "namespaces") {
        if (cur.metadata.deletionTimestamp && namespaceEmpty(store, name)) store.remove(storage, "", undefined, name);
        return;
      }
      if (cur.metadata.deletionTimestamp && !(cur.metadata.finalizers ?? []).length && (cur.metadata.deletionGracePeriodSeconds ?? 0) === 0)
        store.remove(storage, canonical(storage)?.group ?? "", ns, name);
    });
  };
  return store.subscribe((ev) => {
    const m = ev.object.metadata;
    if (ev.type === "MODIFIED" && m.deletionTimestamp && !(m.finalizers ?? []).length && (m.deletionGracePeriodSeconds ?? 0) === 0) {
      schedule(ev.storage, m.namespace, m.name!, m.uid);
    }
    if (ev.type === "DELETED" && m.namespace) {
      const ns = store.get("namespaces", undefined, m.namespace);
      if (ns?.metadata.deletionTimestamp) schedule("namespaces", undefined, m.namespace, ns.metadata.uid);
    }
  });
}
