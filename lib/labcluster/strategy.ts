/**
 * The registry strategies' PrepareForCreate / PrepareForUpdate (pkg/registry/<group>/<kind>/
 * strategy.go): what the server resets or keeps, generation bumps on spec (and Deployment annotation) changes, and the split
 * between the main resource (ignores status) and the /status subresource (writes only status).
 */
import { asStored, STORE } from "./kinds";
import type { KObj } from "./types";

/** Kinds whose metadata.generation the server maintains. */
export const HAS_GENERATION = new Set(["deployments", "replicasets", "pods"]);

/** Kinds with a /status subresource: their main resource ignores status writes. */
export const HAS_STATUS_SUBRESOURCE = new Set(["deployments", "replicasets", "pods", "services", "nodes", "namespaces", "resourcequotas"]);

const canon = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );

/** Deep equality of JSON values, ignoring key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canon(a) === canon(b);
}

/** The container fields the QoS class reads (wire JSON: any entry may be absent or malformed). */
interface QosContainer {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

function podQosClass(spec: { containers?: (QosContainer | null)[]; initContainers?: (QosContainer | null)[] } | undefined): string {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ["cpu", "memory"]) if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

export function prepareForCreate(storage: string, obj: KObj): void {
  delete obj.metadata.deletionTimestamp;
  delete obj.metadata.deletionGracePeriodSeconds;
  delete obj.metadata.managedFields;
  if (HAS_GENERATION.has(storage)) obj.metadata.generation = 1;
  else delete obj.metadata.generation;
  switch (storage) {
    case "deployments":
    case "replicasets":
      obj.status = {};
      break;
    case "pods":
      obj.status = { phase: "Pending", qosClass: podQosClass(asStored(STORE.pods, obj).spec) };
      break;
    case "services":
      obj.status = { loadBalancer: {} };
      break;
  }
}

/** Main-resource update: keep status and server-owned metadata, bump generation on spec change. */
export function prepareForUpdate(storage: string, obj: KObj, old: KObj): void {
  if (HAS_STATUS_SUBRESOURCE.has(storage) && storage !== "namespaces") {
    if (old.status === undefined) delete obj.status;
    else obj.status = structuredClone(old.status);
  }
  if (storage === "namespaces") obj.status = structuredClone(old.status);
  keepServerMetadata(obj, old);
  if (HAS_GENERATION.has(storage)) {
    const gen = old.metadata.generation ?? 1;
    obj.metadata.generation = specOrAnnotationsChanged(storage, obj, old) ? gen + 1 : gen;
  } else delete obj.metadata.generation;
}

/** Semantic.DeepEqual treats a nil map and an empty one alike. */
const annotationsOf = (o: KObj): unknown => {
  const a = o.metadata.annotations;
  return a && typeof a === "object" && Object.keys(a).length > 0 ? a : null;
};

/**
 * What bumps metadata.generation: a spec change; for Deployments also an annotation change
 * (pkg/registry/apps/deployment/strategy.go PrepareForUpdate: annotations are copied to the
 * ReplicaSets, so the controller must see them as a new generation). ReplicaSets and Pods bump
 * on spec only.
 */
function specOrAnnotationsChanged(storage: string, obj: KObj, old: KObj): boolean {
  if (!jsonEqual(obj.spec, old.spec)) return true;
  return storage === "deployments" && !jsonEqual(annotationsOf(obj), annotationsOf(old));
}

/** /status update: the status and the metadata come from the request, the rest from the stored object. */
export function prepareForStatusUpdate(obj: KObj, old: KObj, storage?: string): KObj {
  const next: KObj = structuredClone(old);
  next.status = structuredClone(obj.status);
  next.metadata.resourceVersion = obj.metadata.resourceVersion;
  // The real status strategies keep only the spec (and a Deployment's labels, a Pod's owners):
  // metadata written through /status lands, e.g. the revision annotation the deployment
  // controller sets with UpdateStatus.
  for (const k of [
    "annotations",
    ...(storage === "deployments" ? [] : ["labels"]),
    ...(storage === "pods" ? [] : ["ownerReferences"]),
    "finalizers",
  ]) {
    if (obj.metadata[k] === undefined) delete next.metadata[k];
    else next.metadata[k] = structuredClone(obj.metadata[k]);
  }
  return next;
}

function keepServerMetadata(obj: KObj, old: KObj): void {
  const m = obj.metadata;
  if (old.metadata.deletionTimestamp) m.deletionTimestamp = old.metadata.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (old.metadata.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (old.metadata.generateName !== undefined && m.generateName === undefined) m.generateName = old.metadata.generateName;
  delete m.managedFields;
}

/**
 * Defaulting for objects created straight in the Store (controllers): what the API path would
 * have added. Idempotent, so API creates that already went through it are unchanged.
 */
export function admitCreate(storage: string, obj: KObj, defaults: (storage: string, obj: KObj, isCreate: boolean) => void): void {
  if (HAS_GENERATION.has(storage) && obj.metadata.generation === undefined) obj.metadata.generation = 1;
  if (storage === "pods") {
    const pod = asStored(STORE.pods, obj);
    pod.status = pod.status && typeof pod.status === "object" ? pod.status : {};
    pod.status.phase ??= "Pending";
    pod.status.qosClass ??= podQosClass(pod.spec);
  }
  if (storage !== "namespaces") defaults(storage, obj, true);
}
