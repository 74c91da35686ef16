/**
 * Wire JSON as the lab cluster's defaulting, validation and patching handle it: `JsonValue` for
 * what a decoded body can hold, and small guards and readers that narrow `unknown` without casts.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object; `undefined` stands for an absent key (JSON has no undefined). */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** A JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `o[key]` when it is an object, else undefined. */
export function objectAt(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key];
  return isJsonObject(v) ? v : undefined;
}

/** `o[key]` when it is a list, else undefined. */
export function listAt(o: JsonObject, key: string): JsonValue[] | undefined {
  const v = o[key];
  return Array.isArray(v) ? v : undefined;
}

/** `o[key]` when it is an object; otherwise an empty object is stored there first. */
export function ensureObject(o: JsonObject, key: string): JsonObject {
  const v = o[key];
  if (isJsonObject(v)) return v;
  const fresh: JsonObject = {};
  o[key] = fresh;
  return fresh;
}

/** The objects among a list's items (items that are not objects are skipped). */
export function objectsIn(list: unknown): JsonObject[] {
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}
