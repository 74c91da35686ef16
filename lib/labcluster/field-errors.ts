/**
 * Field errors as apimachinery's field.Error writes them (ErrorBody, v1.35): the causes validation
 * returns and how a bad value prints in their messages.
 */
import type { StatusCause } from "./errors";
import { isJsonObject as isObj } from "./json";

/**
 * How apimachinery's field.Error prints a bad value (ErrorBody, v1.35): simple types with %v,
 * strings quoted, anything else as Go's json.Marshal (map keys sorted, <>& escaped).
 */
export function goValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  return goJson(v);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}

export function goJson(v: unknown): string {
  return JSON.stringify(sortKeys(v)).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** IntOrString marshals as its number or its string. */
export function goIntOrString(v: unknown): string {
  return typeof v === "number" ? String(v) : JSON.stringify(String(v ?? ""));
}

export function goStringMap(m: Record<string, string> | undefined): string {
  return goJson(m ?? {});
}

/** metav1.LabelSelector as json.Marshal writes it (empty fields omitted, field order kept). */
export function goLabelSelector(sel: unknown): string {
  const s = isObj(sel) ? sel : {};
  const out: Record<string, unknown> = {};
  if (isObj(s.matchLabels) && Object.keys(s.matchLabels).length) out.matchLabels = sortKeys(s.matchLabels);
  if (Array.isArray(s.matchExpressions) && s.matchExpressions.length)
    out.matchExpressions = s.matchExpressions.map((item) => {
      const e = isObj(item) ? item : {};
      return {
        key: e.key ?? "",
        operator: e.operator ?? "",
        ...(Array.isArray(e.values) && e.values.length ? { values: e.values } : {}),
      };
    });
  return JSON.stringify(out);
}

export const inv = (field: string, value: string, detail: string): StatusCause => ({
  reason: "FieldValueInvalid",
  field,
  message: `Invalid value: ${value}: ${detail}`,
});
export const required = (field: string, detail = ""): StatusCause => ({
  reason: "FieldValueRequired",
  field,
  message: detail ? `Required value: ${detail}` : "Required value",
});
export const forbidden = (field: string, detail: string): StatusCause => ({
  reason: "FieldValueForbidden",
  field,
  message: `Forbidden: ${detail}`,
});
export const duplicate = (field: string, value: string): StatusCause => ({
  reason: "FieldValueDuplicate",
  field,
  message: `Duplicate value: ${value}`,
});
export const unsupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  reason: "FieldValueNotSupported",
  field,
  message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
});
