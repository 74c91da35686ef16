/**
 * The model's border check. Objects come from a cluster we do not control (or a recording, or
 * a fuzzer): metadata fields the views index and sort by are forced to their wire types, and
 * anything that is not an object at all is refused. Deeper spec/status fields stay wire JSON;
 * the views read them defensively.
 */
import type { RawMeta, RawObject, RawOwnerReference } from "./raw";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const STRING_FIELDS = ["name", "namespace", "uid", "resourceVersion", "generateName", "creationTimestamp", "deletionTimestamp"] as const;

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  // Already clean: keep it (the hub's projection shares one labels map among sibling pods).
  if (Object.values(v).every((x) => typeof x === "string")) return v as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

function ownerRefs(v: unknown): RawOwnerReference[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const ok = (r: unknown): r is RawOwnerReference =>
    isRecord(r) && typeof r.kind === "string" && typeof r.name === "string" && typeof r.uid === "string";
  if (v.every(ok)) return v as RawOwnerReference[];
  return v.filter(ok);
}

/** A RawObject whose metadata has the wire types, or undefined when `raw` is not an object. */
export function sanitizeObject(raw: unknown): RawObject | undefined {
  if (!isRecord(raw) || !isRecord(raw.metadata)) return undefined;
  const m = raw.metadata;
  const meta: RawMeta = { ...m };
  for (const f of STRING_FIELDS) if (meta[f] !== undefined && typeof meta[f] !== "string") delete meta[f];
  if (meta.generation !== undefined && !Number.isFinite(meta.generation)) delete meta.generation;
  for (const f of ["labels", "annotations"] as const) {
    if (m[f] === undefined) continue;
    const map = stringMap(m[f]);
    if (map) meta[f] = map;
    else delete meta[f];
  }
  if (m.ownerReferences !== undefined) {
    const refs = ownerRefs(m.ownerReferences);
    if (refs) meta.ownerReferences = refs;
    else delete meta.ownerReferences;
  }
  const out: RawObject = { ...raw, metadata: meta };
  if (out.spec !== undefined && !isRecord(out.spec)) delete out.spec;
  if (out.status !== undefined && !isRecord(out.status)) delete out.status;
  if (typeof out.kind !== "string") delete out.kind;
  if (typeof out.apiVersion !== "string") delete out.apiVersion;
  return out;
}
