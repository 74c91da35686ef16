/**
 * The API verbs on top of the Store, without HTTP: what a request does once routed. Objects go in
 * and out in the served form of `ri` (events.k8s.io/v1 converts); the Store keeps the core form.
 */
import { allocateServiceAddresses, keepServiceAddresses } from "./allocators";
import { isoTime } from "./clock";
import { toServed, toStored } from "./conversion";
import { applyDefaults } from "./defaults";
import { deleteObject, type DeleteOptions, type DeleteResult } from "./deletion";
import { ApiError, badRequest, conflict, invalid, notFound } from "./errors";
import { applyPatch } from "./patch";
import { apiVersionOf } from "./registry";
import {
  fromLabelSelectorSpec,
  formatLabelSelector,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from "./selectors";
import { HAS_STATUS_SUBRESOURCE, jsonEqual, prepareForCreate, prepareForStatusUpdate, prepareForUpdate } from "./strategy";
import type { Store } from "./store";
import { STORE, storageKey, type LabelSelectorSpec } from "./kinds";
import type { KObj, ResourceInfo } from "./types";
import { validateMetaUpdate, validateObject, validateUpdate } from "./validation";

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continueToken?: string | null;
}

export interface ListResult {
  items: KObj[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

export interface WriteOptions {
  dryRun?: boolean;
  subresource?: "status";
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** A list/watch filter built from label and field selector strings (400 on bad syntax). */
export function objectFilter(ri: ResourceInfo, labelSelector?: string | null, fieldSelector?: string | null): (o: KObj) => boolean {
  const ls = parseLabelSelector(labelSelector);
  const fs = parseFieldSelector(fieldSelector, ri.storage);
  if (!ls.length && !fs.length) return () => true;
  return (o) => matchesLabels(ls, o.metadata.labels) && matchesFields(fs, o);
}

export class ApiVerbs {
  constructor(
    readonly store: Store,
    private readonly random: () => number = Math.random,
  ) {}

  get(ri: ResourceInfo, ns: string | undefined, name: string): KObj {
    const o = this.store.get(ri.storage, ri.namespaced ? ns : undefined, name);
    if (!o) throw notFound(ri.resource, ri.group, name);
    return toServed(ri, o);
  }

  list(ri: ResourceInfo, ns: string | undefined, opts: ListOptions = {}): ListResult {
    const filter = objectFilter(ri, opts.labelSelector, opts.fieldSelector);
    const rv = this.store.resourceVersion;
    let items = this.store.list(ri.storage, ri.namespaced ? ns : undefined).filter(filter);
    if (opts.continueToken) {
      const after = decodeContinue(opts.continueToken);
      items = items.filter((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}` > after);
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    if (limit && items.length > limit) {
      const page = items.slice(0, limit);
      const last = page[page.length - 1]!;
      return {
        items: page.map((o) => toServed(ri, o)),
        resourceVersion: rv,
        continueToken: encodeContinue(`${last.metadata.namespace ?? ""}/${last.metadata.name}`, rv),
        remainingItemCount: items.length - limit,
      };
    }
    return { items: items.map((o) => toServed(ri, o)), resourceVersion: rv };
  }

  create(ri: ResourceInfo, ns: string | undefined, body: unknown, opts: WriteOptions = {}): KObj {
    const obj = this.decode(ri, body);
    this.checkNamespace(ri, ns, obj, true);
    if (!obj.metadata.name && typeof obj.metadata.generateName === "string" && obj.metadata.generateName) {
      obj.metadata.name = this.generateName(ri, obj.metadata.namespace, obj.metadata.generateName);
    }
    for (const k of ["uid", "resourceVersion", "creationTimestamp"]) delete obj.metadata[k];
    prepareForCreate(ri.storage, obj);
    applyDefaults(ri.storage, obj, true, this.random);
    const causes = validateObject(ri.storage, obj);
    if (causes.length) throw invalid(ri.kind, ri.group, String(obj.metadata.name ?? ""), causes);
    if (ri.storage === "services") allocateServiceAddresses(this.store, obj, this.random);
    if (opts.dryRun) {
      if (this.store.get(ri.storage, obj.metadata.namespace, obj.metadata.name!))
        throw new ApiError(
          409,
          "AlreadyExists",
          `${ri.group ? `${ri.resource}.${ri.group}` : ri.resource} "${obj.metadata.name}" already exists`,
          { name: obj.metadata.name, group: ri.group || undefined, kind: ri.resource },
        );
      return toServed(ri, obj);
    }
    return toServed(ri, this.store.create(ri.storage, ri.group, obj));
  }

  update(ri: ResourceInfo, ns: string | undefined, name: string, body: unknown, opts: WriteOptions = {}): KObj {
    const obj = this.decode(ri, body);
    if (obj.metadata.name === undefined || obj.metadata.name === "") obj.metadata.name = name;
    if (obj.metadata.name !== name)
      throw badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`);
    this.checkNamespace(ri, ns, obj, false);
    const old = this.store.get(ri.storage, obj.metadata.namespace, name);
    if (!old) throw notFound(ri.resource, ri.group, name);
    return this.write(ri, obj, old, opts);
  }

  patch(ri: ResourceInfo, ns: string | undefined, name: string, body: string, contentType: string, opts: WriteOptions = {}): KObj {
    const old = this.store.get(ri.storage, ri.namespaced ? ns : undefined, name);
    if (!old) throw notFound(ri.resource, ri.group, name);
    const patched = applyPatch(toServed(ri, old), body, contentType, ri.kind);
    const obj = this.decode(ri, patched);
    if (obj.metadata.name !== name)
      throw badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`);
    this.checkNamespace(ri, ns, obj, false);
    return this.write(ri, obj, old, opts);
  }

  delete(ri: ResourceInfo, ns: string | undefined, name: string, opts: DeleteOptions): DeleteResult {
    const r = deleteObject(this.store, ri, ri.namespaced ? ns : undefined, name, opts);
    return { object: toServed(ri, r.object), removed: r.removed };
  }

  deleteCollection(ri: ResourceInfo, ns: string | undefined, list: ListOptions, opts: DeleteOptions): KObj[] {
    const { items } = this.list(ri, ns, { labelSelector: list.labelSelector, fieldSelector: list.fieldSelector });
    const out: KObj[] = [];
    for (const o of items) {
      try {
        out.push(this.delete(ri, o.metadata.namespace, o.metadata.name!, opts).object);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e; // deleted meanwhile (cascade)
      }
    }
    return out;
  }

  /** GET …/scale: autoscaling/v1 Scale. */
  getScale(ri: ResourceInfo, ns: string | undefined, name: string): KObj {
    const o = this.store.get(storageKey<Scalable>(ri.storage), ns, name);
    if (!o) throw notFound(ri.resource, ri.group, name);
    return scaleOf(o);
  }

  /** PUT or PATCH …/scale: writes spec.replicas of the parent. */
  writeScale(ri: ResourceInfo, ns: string | undefined, name: string, body: unknown, patch?: { body: string; contentType: string }): KObj {
    const o = this.store.get(storageKey<Scalable>(ri.storage), ns, name);
    if (!o) throw notFound(ri.resource, ri.group, name);
    const current = scaleOf(o);
    const scale = patch ? applyPatch(current, patch.body, patch.contentType, "Scale") : body;
    if (!isObj(scale) || !isObj(scale.metadata)) throw badRequest("Object 'metadata' is missing in the Scale");
    const replicas = isObj(scale.spec) ? scale.spec.replicas : undefined;
    if (replicas !== undefined && (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0))
      throw invalid("Scale", "autoscaling", name, [
        { field: "spec.replicas", message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0` },
      ]);
    const rv = scale.metadata.resourceVersion;
    if (rv && rv !== o.metadata.resourceVersion) throw conflict(ri.resource, ri.group, name);
    const next = structuredClone(o);
    next.spec = { ...(next.spec ?? {}), replicas: replicas ?? 0 };
    this.write(ri, next, o, {});
    return scaleOf(this.store.get(storageKey<Scalable>(ri.storage), ns, name)!);
  }

  /** POST pods/<name>/binding: assigns the pod to a node, as the scheduler does. */
  bind(ns: string, name: string, body: unknown): void {
    const pod = this.store.get(STORE.pods, ns, name);
    if (!pod) throw notFound("pods", "", name);
    const target = isObj(body) && isObj(body.target) ? body.target : undefined;
    if (!target || typeof target.name !== "string" || !target.name)
      throw invalid("Binding", "", name, [{ field: "target.name", reason: "FieldValueRequired", message: "Required value" }]);
    if (pod.metadata.deletionTimestamp)
      throw new ApiError(
        409,
        "Conflict",
        `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`,
      );
    if (pod.spec?.nodeName)
      throw new ApiError(
        409,
        "Conflict",
        `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
      );
    const next = structuredClone(pod);
    next.spec = { ...(next.spec ?? {}), nodeName: target.name };
    const conditions = (next.status?.conditions ?? []).filter((c: { type?: unknown } | null) => c?.type !== "PodScheduled");
    conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: isoTime(this.store.clock.now()) });
    next.status = { ...(next.status ?? {}), conditions };
    this.store.update("pods", "", next);
  }

  private write(ri: ResourceInfo, obj: KObj, old: KObj, opts: WriteOptions): KObj {
    // A stale resourceVersion is a conflict before anything is validated (GuaranteedUpdate order).
    const wanted = obj.metadata.resourceVersion;
    if (wanted && wanted !== old.metadata.resourceVersion) throw conflict(ri.resource, ri.group, old.metadata.name!);
    const metaCauses = validateMetaUpdate(obj, old);
    if (metaCauses.length) throw invalid(ri.kind, ri.group, old.metadata.name!, metaCauses);
    let next: KObj;
    if (opts.subresource === "status") {
      if (!HAS_STATUS_SUBRESOURCE.has(ri.storage)) throw notFound(ri.resource, ri.group, old.metadata.name!);
      next = prepareForStatusUpdate(obj, old, ri.storage);
    } else {
      next = obj;
      prepareForUpdate(ri.storage, next, old);
      applyDefaults(ri.storage, next, false);
      if (ri.storage === "services") keepServiceAddresses(next, old);
      const causes = validateUpdate(ri.storage, next, old);
      if (causes.length) throw invalid(ri.kind, ri.group, old.metadata.name!, causes);
    }
    const want = next.metadata.resourceVersion;
    if (want && want !== old.metadata.resourceVersion) throw conflict(ri.resource, ri.group, old.metadata.name!);
    // A no-op write is not a write: no new resourceVersion, no watch event (like the real registry).
    const strip = (o: KObj) => ({
      ...o,
      metadata: { ...o.metadata, resourceVersion: undefined, uid: undefined, creationTimestamp: undefined },
    });
    if (jsonEqual(strip(next), strip(old))) return toServed(ri, old);
    if (opts.dryRun)
      return toServed(ri, {
        ...next,
        metadata: { ...next.metadata, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp },
      });
    return toServed(ri, this.store.update(ri.storage, ri.group, next));
  }

  /** Body → a fresh stored-form object with apiVersion/kind checked (400 like the real decoder). */
  private decode(ri: ResourceInfo, body: unknown): KObj {
    if (!isObj(body)) throw badRequest(`Object in the request body is not a ${ri.kind}`);
    const want = apiVersionOf(ri);
    if (body.apiVersion !== undefined && body.apiVersion !== want)
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${want})`);
    if (body.kind !== undefined && body.kind !== ri.kind)
      throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${ri.kind})`);
    if (body.metadata !== undefined && !isObj(body.metadata))
      throw badRequest(
        `json: cannot unmarshal ${Array.isArray(body.metadata) ? "array" : typeof body.metadata} into Go struct field ${ri.kind}.metadata of type v1.ObjectMeta`,
      );
    // Field order as the real server writes it: kind, apiVersion, metadata, then the rest.
    const copy = { kind: ri.kind, apiVersion: want, metadata: {}, ...structuredClone(body) } as {
      metadata: Record<string, unknown>;
      [field: string]: unknown;
    };
    copy.apiVersion = want;
    copy.kind = ri.kind;
    copy.metadata = copy.metadata ?? {};
    for (const k of ["name", "namespace", "generateName", "resourceVersion"]) {
      if (copy.metadata[k] !== undefined && typeof copy.metadata[k] !== "string")
        throw badRequest(`json: cannot unmarshal ${typeof copy.metadata[k]} into Go struct field ObjectMeta.metadata.${k} of type string`);
    }
    if (
      copy.metadata.finalizers !== undefined &&
      !(Array.isArray(copy.metadata.finalizers) && copy.metadata.finalizers.every((f: unknown) => typeof f === "string"))
    )
      throw badRequest("json: cannot unmarshal into Go struct field ObjectMeta.metadata.finalizers of type []string");
    if (
      copy.metadata.ownerReferences !== undefined &&
      !(Array.isArray(copy.metadata.ownerReferences) && copy.metadata.ownerReferences.every(isObj))
    )
      throw badRequest("json: cannot unmarshal into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference");
    if (copy.spec !== undefined && copy.spec !== null && !isObj(copy.spec))
      throw badRequest(`json: cannot unmarshal ${typeof copy.spec} into Go struct field ${ri.kind}.spec`);
    if (copy.status !== undefined && copy.status !== null && !isObj(copy.status))
      throw badRequest(`json: cannot unmarshal ${typeof copy.status} into Go struct field ${ri.kind}.status`);
    return toStored(ri, copy as KObj);
  }

  private checkNamespace(ri: ResourceInfo, ns: string | undefined, obj: KObj, creating: boolean): void {
    if (!ri.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (!ns) throw badRequest("the server could not find the requested resource");
    if (obj.metadata.namespace && obj.metadata.namespace !== ns)
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    obj.metadata.namespace = ns;
    if (!creating) return;
    const nsObj = this.store.get("namespaces", undefined, ns);
    if (!nsObj) throw notFound("namespaces", "", ns);
    if (nsObj.metadata.deletionTimestamp)
      throw new ApiError(
        403,
        "Forbidden",
        `${obj.metadata.name ?? obj.metadata.generateName ?? ""} is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        {
          name: String(obj.metadata.name ?? ""),
          kind: ri.resource,
          causes: [{ reason: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" }],
        },
      );
  }

  private generateName(ri: ResourceInfo, ns: string | undefined, prefix: string): string {
    const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
    for (;;) {
      let s = "";
      for (let i = 0; i < 5; i++) s += GENERATE_ALPHABET[Math.floor(this.random() * GENERATE_ALPHABET.length)];
      if (!this.store.get(ri.storage, ns, base + s)) return base + s;
    }
  }
}

/** The fields of a Deployment or ReplicaSet that its scale subresource shows. */
type Scalable = KObj<{ replicas?: number; selector?: LabelSelectorSpec }, { replicas?: number }>;

function scaleOf(o: Scalable): KObj {
  const sel = fromLabelSelectorSpec(o.spec?.selector);
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, ...(sel ? { selector: formatLabelSelector(sel) } : {}) },
  };
}

function encodeContinue(lastKey: string, rv: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: Number(rv), start: lastKey })).toString("base64");
}

function decodeContinue(token: string): string {
  try {
    const t = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { start?: unknown };
    if (typeof t.start !== "string") throw new Error("no start");
    return t.start;
  } catch {
    throw badRequest("continue key is not valid: illegal base64 data");
  }
}
