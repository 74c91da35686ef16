/**
 * Manifest text pasted into the plan page, read into objects the planner can trust: YAML or JSON,
 * multi-document, List kinds unwrapped. Every refusal names the document and its line, so a
 * malformed paste gets an error a person can act on instead of a crash or an empty plan.
 */
import { LineCounter, parseAllDocuments } from "yaml";
import { parseIntOrPercent } from "../model/fenceposts";
import type { RawObject } from "../model/raw";

/** The most replicas the page will step through; larger plans belong in `rollscope plan`. */
export const MAX_PLAN_REPLICAS = 1000;
/** The most objects one paste may hold. */
export const MAX_PLAN_OBJECTS = 200;

/** The kinds the planner reads; anything else is listed as ignored. */
const PLANNED_KINDS = new Set(["Deployment", "Service", "PodDisruptionBudget"]);
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export type ManifestRead = { ok: true; objects: RawObject[]; ignored: string[] } | { ok: false; error: string };

/** Reads `text` into objects, or the first problem with its line. */
export function readManifestText(text: string): ManifestRead {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const objects: RawObject[] = [];
  const ignored: string[] = [];
  for (const [i, doc] of list.entries()) {
    const bad = doc.errors[0];
    if (bad) return { ok: false, error: `YAML error at line ${lines.linePos(bad.pos[0]).line}: ${firstLine(bad.message)}` };
    const at = `document ${i + 1} (line ${lines.linePos(doc.range[0]).line})`;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (err) {
      return { ok: false, error: `${at}: ${firstLine((err as Error).message)}` };
    }
    if (value === null || value === undefined) continue;
    const problem = collect(value, at, objects, ignored);
    if (problem) return { ok: false, error: problem };
    if (objects.length > MAX_PLAN_OBJECTS)
      return { ok: false, error: `more than ${MAX_PLAN_OBJECTS} objects; plan them in parts or with rollscope plan -f DIR` };
  }
  if (objects.length === 0)
    return {
      ok: false,
      error: ignored.length
        ? `nothing to plan: no Deployment, Service or PodDisruptionBudget (ignored ${ignored.join(", ")})`
        : "nothing to plan: the text holds no Kubernetes object",
    };
  return { ok: true, objects, ignored };
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Adds `value` (an object or a List of them) to `objects`; returns a problem instead when it is not one. */
function collect(value: unknown, at: string, objects: RawObject[], ignored: string[]): string | undefined {
  if (!isMap(value)) return `${at}: not a Kubernetes object (a mapping with apiVersion and kind)`;
  const kind = value.kind;
  if (typeof kind !== "string" || typeof value.apiVersion !== "string") return `${at}: apiVersion and kind are required`;
  if (kind.endsWith("List") && Array.isArray(value.items)) {
    for (const item of value.items) {
      const problem = collect(item, `${at}, item of ${kind}`, objects, ignored);
      if (problem) return problem;
    }
    return undefined;
  }
  const meta = value.metadata;
  const name = isMap(meta) ? meta.name : undefined;
  if (typeof name !== "string" || !NAME.test(name))
    return `${at}: ${kind} needs metadata.name, a DNS name (lower case letters, digits, '-' and '.')`;
  const ns = isMap(meta) ? meta.namespace : undefined;
  if (ns !== undefined && (typeof ns !== "string" || !NAME.test(ns)))
    return `${at}: ${kind} ${name}: metadata.namespace is not a namespace name`;
  if (!PLANNED_KINDS.has(kind)) {
    ignored.push(`${kind}/${name}`);
    return undefined;
  }
  const problem = kind === "Deployment" ? deploymentProblem(value) : undefined;
  if (problem) return `${at}: Deployment ${name}: ${problem}`;
  objects.push(value as unknown as RawObject);
  return undefined;
}

/** The fields the planner reads, checked the way the apiserver would refuse them. */
function deploymentProblem(d: Record<string, unknown>): string | undefined {
  const spec = d.spec;
  if (!isMap(spec)) return "spec is required";
  const replicas = spec.replicas;
  if (replicas !== undefined && (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0))
    return "spec.replicas must be a whole number ≥ 0";
  if (typeof replicas === "number" && replicas > MAX_PLAN_REPLICAS)
    return `spec.replicas ${replicas} is more than this page steps through (${MAX_PLAN_REPLICAS}); use rollscope plan`;
  const strategy = spec.strategy;
  if (strategy !== undefined && !isMap(strategy)) return "spec.strategy must be a mapping";
  const type = strategy?.type;
  if (type !== undefined && type !== "RollingUpdate" && type !== "Recreate")
    return `spec.strategy.type must be RollingUpdate or Recreate, not ${JSON.stringify(type)}`;
  const ru = strategy?.rollingUpdate;
  if (ru !== undefined && !isMap(ru)) return "spec.strategy.rollingUpdate must be a mapping";
  for (const field of ["maxSurge", "maxUnavailable"] as const) {
    const v = ru?.[field];
    if (v !== undefined && ((typeof v !== "number" && typeof v !== "string") || !parseIntOrPercent(v)))
      return `spec.strategy.rollingUpdate.${field} must be a whole number or a percentage such as "25%", not ${JSON.stringify(v)}`;
  }
  const template = spec.template;
  if (!isMap(template) || !isMap(template.spec)) return "spec.template.spec is required";
  const containers = template.spec.containers;
  if (!Array.isArray(containers) || containers.length === 0 || !containers.every(isMap))
    return "spec.template.spec.containers must list at least one container";
  return containersProblem(containers as Record<string, unknown>[]);
}

const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

function containersProblem(containers: Record<string, unknown>[]): string | undefined {
  for (const c of containers) {
    const res = c.resources;
    if (res === undefined) continue;
    if (!isMap(res)) return `container ${String(c.name)}: resources must be a mapping`;
    for (const part of ["requests", "limits"] as const) {
      const amounts = res[part];
      if (amounts === undefined) continue;
      if (!isMap(amounts)) return `container ${String(c.name)}: resources.${part} must be a mapping`;
      for (const [k, v] of Object.entries(amounts)) {
        if ((typeof v !== "string" && typeof v !== "number") || !QUANTITY.test(String(v)))
          return `container ${String(c.name)}: resources.${part}.${k} ${JSON.stringify(v)} is not a quantity (e.g. 500m, 2, 4Gi)`;
      }
    }
  }
  return undefined;
}
