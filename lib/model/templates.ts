/**
 * Pod-template identity and differences: FindNewReplicaSet (ROLLOUT-SPEC §3) and the
 * "what changed" lines of `rollout history`.
 */
import { compareStrings, LABEL_POD_TEMPLATE_HASH, timeMs, type RawObject } from "./raw";
import type { RawDeployment, RawReplicaSet } from "./rawKinds";
import { records } from "./wire";

type Json = unknown;

/** A template with the pod-template-hash label removed (what the controller compares). */
export function templateWithoutHash(template: Json): Json {
  if (!isRecord(template)) return template;
  const meta = isRecord(template.metadata) ? template.metadata : undefined;
  const labels = meta && isRecord(meta.labels) ? meta.labels : undefined;
  if (!labels || !(LABEL_POD_TEMPLATE_HASH in labels)) return template;
  const { [LABEL_POD_TEMPLATE_HASH]: _h, ...rest } = labels;
  return { ...template, metadata: { ...meta, labels: rest } };
}

/**
 * EqualIgnoreHash: deep equality of two pod templates ignoring pod-template-hash.
 * Missing and empty maps/lists differ in Go's DeepEqual too, except that the apiserver never
 * stores empty maps for omitempty fields, so treating {} / [] / absent alike avoids false
 * "template changed" verdicts on hand-written or trimmed objects.
 */
export function templatesEqual(a: Json, b: Json): boolean {
  return deepEqual(templateWithoutHash(a), templateWithoutHash(b));
}

function isEmpty(v: Json): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The oldest owned RS (creationTimestamp, then name) whose template equals the Deployment's. */
export function findNewReplicaSet(deployment: RawDeployment, replicaSets: readonly RawReplicaSet[]): RawReplicaSet | undefined {
  const sorted = [...replicaSets].sort(byCreation);
  return sorted.find((rs) => templatesEqual(rs.spec?.template, deployment.spec?.template));
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreation(a: RawObject, b: RawObject): number {
  const ta = timeMs(a.metadata.creationTimestamp) ?? 0;
  const tb = timeMs(b.metadata.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return compareStrings(a.metadata.name ?? "", b.metadata.name ?? "");
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

interface Container {
  name?: string;
  image?: string;
  env?: unknown;
  [k: string]: Json;
}

/** Containers of a pod template. */
export function templateContainers(template: Json): Container[] {
  if (!isRecord(template) || !isRecord(template.spec)) return [];
  return records<Container>(template.spec.containers);
}

/** A container's env entries that have a name. */
function envOf(c: Container): EnvVar[] {
  return records<EnvVar>(c.env).filter((e) => typeof e.name === "string");
}

/** The first container's image. */
export function templateImage(template: Json): string {
  const image = templateContainers(template)[0]?.image;
  return typeof image === "string" ? image : "";
}

/** The VERSION env var of the first container, when set as a literal value. */
export function templateVersion(template: Json): string | undefined {
  const c = templateContainers(template)[0];
  const v = c ? envOf(c).find((e) => e.name === "VERSION")?.value : undefined;
  return typeof v === "string" ? v : undefined;
}

/**
 * What changed from template `a` to `b`, as lines a learner reads:
 * "image inference: app:v1 → app:v2", "env VERSION: v1 → v2", "other: readinessProbe".
 */
export function templateChanges(a: Json, b: Json): string[] {
  const out: string[] = [];
  const ca = templateContainers(a);
  const cb = templateContainers(b);
  const names = [...new Set([...ca.map((c) => c.name ?? ""), ...cb.map((c) => c.name ?? "")])];
  const multi = names.length > 1;
  const other = new Set<string>();
  for (const name of names) {
    const x = ca.find((c) => (c.name ?? "") === name);
    const y = cb.find((c) => (c.name ?? "") === name);
    if (!x || !y) {
      out.push(`container ${name}: ${x ? "removed" : "added"}`);
      continue;
    }
    if (x.image !== y.image) out.push(`image${multi ? ` ${name}` : ""}: ${x.image ?? "<none>"} → ${y.image ?? "<none>"}`);
    const envNames = [...new Set([...envOf(x).map((e) => e.name), ...envOf(y).map((e) => e.name)])];
    for (const en of envNames) {
      const ex = envOf(x).find((e) => e.name === en);
      const ey = envOf(y).find((e) => e.name === en);
      if (deepEqual(ex, ey)) continue;
      out.push(`env ${en}: ${envText(ex)} → ${envText(ey)}`);
    }
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (k !== "image" && k !== "env" && k !== "name" && !deepEqual(x[k], y[k])) other.add(k);
    }
  }
  const rest = (t: Json): Json => {
    const u = templateWithoutHash(t);
    if (!isRecord(u)) return u;
    const spec = isRecord(u.spec) ? { ...u.spec, containers: undefined } : u.spec;
    return { ...u, spec };
  };
  const ra = rest(a);
  const rb = rest(b);
  if (isRecord(ra) && isRecord(rb)) {
    const ma = isRecord(ra.metadata) ? ra.metadata : {};
    const mb = isRecord(rb.metadata) ? rb.metadata : {};
    for (const k of new Set([...Object.keys(ma), ...Object.keys(mb)])) if (!deepEqual(ma[k], mb[k])) other.add(`metadata.${k}`);
    const sa = isRecord(ra.spec) ? ra.spec : {};
    const sb = isRecord(rb.spec) ? rb.spec : {};
    for (const k of new Set([...Object.keys(sa), ...Object.keys(sb)])) if (!deepEqual(sa[k], sb[k])) other.add(k);
  }
  if (other.size > 0) out.push(`other: ${[...other].sort().join(", ")}`);
  return out;
}

function envText(e: { value?: string; valueFrom?: unknown } | undefined): string {
  if (!e) return "<unset>";
  if (e.valueFrom !== undefined) return "<from source>";
  return e.value ?? "";
}
