import type { Condition, LabelSelectorSpec } from "../kinds";
import type { KObj, OwnerReference } from "../types";

export type { Condition, LabelSelectorSpec } from "../kinds";

/** Storage keys (plural resource names, as lib/labcluster/registry.ts serves them) and groups. */
export const DEPLOYMENTS = "deployments";
export const REPLICASETS = "replicasets";
export const PODS = "pods";
export const SERVICES = "services";
export const ENDPOINTSLICES = "endpointslices";
export const ENDPOINTS = "endpoints";
export const NODES = "nodes";

export const APPS = "apps";
export const CORE = "";
export const DISCOVERY = "discovery.k8s.io";

/** The API group of an apiVersion: "apps/v1" → "apps", "v1" → "". */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** "ns/name", the key client-go's MetaNamespaceKeyFunc makes. */
export function keyOf(obj: KObj): string {
  return `${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** metav1.GetControllerOf. */
export function controllerOf(obj: KObj): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: KObj): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isOwnedBy(obj: KObj, owner: KObj): boolean {
  return controllerOf(obj)?.uid === owner.metadata.uid;
}

/**
 * metav1.LabelSelectorAsSelector semantics: a missing selector selects nothing, an empty one
 * selects everything.
 */
export function selectorMatches(sel: LabelSelectorSpec | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !vals.includes(l[e.key]!)) return false;
        break;
      case "NotIn":
        if (has && vals.includes(l[e.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(sel: LabelSelectorSpec | undefined | null): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** A plain map selector (Service.spec.selector): matches when every pair is present. */
export function mapSelectorMatches(sel: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return Object.entries(sel).every(([k, v]) => l[k] === v);
}

/**
 * apimachinery's Semantic.DeepEqual for JSON data: nil and empty maps/slices are equal, and a
 * missing field equals an empty one.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isRecord(v) && Object.keys(v).length === 0;
}

export function getCondition(status: { conditions?: Condition[] } | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}
