import { badRequest } from "./errors";
import { parseLabelSelectorString, type LabelRequirement } from "./label-parser";
import type { KObj } from "./types";

export type { LabelRequirement } from "./label-parser";

export type LabelSelector = LabelRequirement[];

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h` like labels.Parse; throws 400 with the real message. */
export function parseLabelSelector(s: string | null | undefined): LabelSelector {
  if (!s) return [];
  try {
    return parseLabelSelectorString(s);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

/** Whether `labels` satisfy `sel`; values that are not strings (unvalidated wire JSON) never equal a wanted value. */
export function matchesLabels(sel: LabelSelector, labels: Readonly<Record<string, unknown>> | undefined): boolean {
  const l = labels ?? {};
  for (const req of sel) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const v = l[req.key];
    switch (req.op) {
      case "exists":
        if (!has) return false;
        break;
      case "!exists":
        if (has) return false;
        break;
      case "=":
      case "in":
        if (!has || !req.values.some((x) => x === v)) return false;
        break;
      case "!=":
      case "notin":
        if (has && req.values.some((x) => x === v)) return false;
        break;
      case ">":
      case "<": {
        if (!has || !/^-?\d+$/.test(String(v))) return false;
        const n = Number(v);
        const want = Number(req.values[0]);
        if (req.op === ">" ? !(n > want) : !(n < want)) return false;
        break;
      }
    }
  }
  return true;
}

/** metav1.LabelSelector (matchLabels + matchExpressions) to requirements, for spec.selector. */
export function fromLabelSelectorSpec(spec: unknown): LabelSelector | undefined {
  if (!spec || typeof spec !== "object") return undefined;
  const s = spec as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  const out: LabelSelector = [];
  for (const [key, v] of Object.entries(s.matchLabels ?? {})) out.push({ key, op: "=", values: [String(v)] });
  for (const e of s.matchExpressions ?? []) {
    const op = ({ In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!exists" } as const)[e.operator as "In"];
    if (!op) return undefined;
    out.push({ key: e.key, op, values: e.values ?? [] });
  }
  return out;
}

/** The string form kubectl and the Scale subresource show (`app=web,tier in (a,b)`). */
export function formatLabelSelector(sel: LabelSelector): string {
  return sel
    .map((r) => {
      switch (r.op) {
        case "exists":
          return r.key;
        case "!exists":
          return `!${r.key}`;
        case "in":
        case "notin":
          return `${r.key} ${r.op} (${[...r.values].sort().join(",")})`;
        default:
          return `${r.key}${r.op}${r.values[0]}`;
      }
    })
    .join(",");
}

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** Fields each kind can be selected by (the real registries' GetAttrs / field label conversions). */
const FIELDS: Record<string, string[]> = {
  pods: [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  events: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  services: ["spec.clusterIP", "spec.type"],
  nodes: ["spec.unschedulable"],
  namespaces: ["status.phase"],
  secrets: ["type"],
};

/** events.k8s.io/v1 names for the same core fields. */
const EVENTS_V1_ALIASES: Record<string, string> = {
  "regarding.kind": "involvedObject.kind",
  "regarding.namespace": "involvedObject.namespace",
  "regarding.name": "involvedObject.name",
  "regarding.uid": "involvedObject.uid",
  "regarding.apiVersion": "involvedObject.apiVersion",
  "regarding.resourceVersion": "involvedObject.resourceVersion",
  "regarding.fieldPath": "involvedObject.fieldPath",
  reportingController: "reportingComponent",
  "deprecatedSource.component": "source",
};

export function parseFieldSelector(s: string | null | undefined, storage: string): FieldRequirement[] {
  if (!s || !s.trim()) return [];
  const out: FieldRequirement[] = [];
  for (const part of s.split(",")) {
    const m = part.trim().match(/^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    let field = m[1]!;
    if (storage === "events" && EVENTS_V1_ALIASES[field]) field = EVENTS_V1_ALIASES[field]!;
    if (field !== "metadata.name" && field !== "metadata.namespace" && !(FIELDS[storage] ?? []).includes(field)) {
      // Kinds with their own field label conversion say "not supported"; the rest list the two
      // generic fields (the real registries' two code paths).
      throw badRequest(
        FIELDS[storage]
          ? `field label not supported: ${m[1]}`
          : `"${m[1]}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
    out.push({ field, op: m[2] === "!=" ? "!=" : "=", value: m[3]!.trim() });
  }
  return out;
}

function fieldValue(obj: KObj, field: string): string {
  if (field === "source") return String((obj.source as { component?: string } | undefined)?.component ?? "");
  let cur: unknown = obj;
  for (const p of field.split(".")) {
    if (cur === null || typeof cur !== "object") return "";
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return field === "spec.unschedulable" || field === "spec.hostNetwork" ? "false" : "";
  return String(cur);
}

export function matchesFields(reqs: FieldRequirement[], obj: KObj): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if (r.op === "=" ? v !== r.value : v === r.value) return false;
  }
  return true;
}
