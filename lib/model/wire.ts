/**
 * Defensive readers for wire JSON below metadata (sanitize.ts covers metadata): a cluster, a
 * recording or a fuzzer may put null, a string or a number where an object or a list belongs.
 * The views read lists and maps through these, so one odd field cannot throw.
 */
import type { RawDeployment, RawReplicaSet, RawService } from "./rawKinds";

/** Whether `v` is a plain JSON object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The object items of `v` when it is a list; [] otherwise. */
export function records<T extends object = Record<string, unknown>>(v: unknown): T[] {
  return Array.isArray(v) ? (v.filter(isRecord) as T[]) : [];
}

/** The string-valued entries of `v` when it is an object; {} otherwise. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

/** The string items of `v` when it is a list; [] otherwise. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** spec.template.metadata.labels of a Deployment or ReplicaSet. */
export function templateLabels(obj: RawDeployment | RawReplicaSet): Readonly<Record<string, string>> {
  return memoMap(obj.spec?.template?.metadata?.labels);
}

/** spec.selector of a Service (an equality map). */
export function serviceSelector(service: RawService): Readonly<Record<string, string>> {
  return memoMap(service.spec?.selector);
}

/**
 * Whether a Service picks its endpoints by a pod selector. One without a selector (default/kubernetes,
 * hand-made Endpoints) routes to no pods and is part of no rollout, so no view draws it.
 */
export function selectsPods(service: RawService): boolean {
  return Object.keys(serviceSelector(service)).length > 0;
}

/**
 * stringMap, once per source object (label maps and selectors are read for every sibling of
 * every view): frozen, since every caller shares it.
 */
function memoMap(v: unknown): Readonly<Record<string, string>> {
  if (!isRecord(v)) return EMPTY;
  let m = stringMaps.get(v);
  if (!m) stringMaps.set(v, (m = Object.freeze(stringMap(v))));
  return m;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});
const stringMaps = new WeakMap<object, Readonly<Record<string, string>>>();
