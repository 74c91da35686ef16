/**
 * Structural patches for the stream (browser-safe, pure): what changed between two versions of a
 * JSON value. Objects merge like a JSON merge patch (RFC 7396: a key set to null is removed);
 * lists patch by index as `{"$array": newLength, "<index>": patch}` instead of being resent whole,
 * so a pod whose Ready condition flips sends that condition's fields, not every condition; when
 * the length stays the same the "$array" key is left out (an object patch applied to a list
 * patches it by index). A list value in a patch replaces the old list.
 *
 * A patch cannot express a null value, an object key named "$array" or "__proto__", or a list
 * that became an object: `diffValue` then gives up (undefined) and the caller sends the whole
 * object instead.
 */

const ARRAY = "$array";

/** A patch value: anything JSON. */
export type Patch = unknown;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const SAME = Symbol("same");
/** Own properties only: a key like "toString" must not read Object.prototype's. */
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
class Unpatchable extends Error {}

/** The patch that turns `prev` into `next`; SAME_VALUE when they are equal; undefined when no patch can say it. */
export function diffValue(prev: unknown, next: unknown): Patch | typeof SAME_VALUE | undefined {
  try {
    const d = diff(prev, next);
    return d === SAME ? SAME_VALUE : d;
  } catch (err) {
    if (err instanceof Unpatchable) return undefined;
    throw err;
  }
}

/** Returned by diffValue for two equal values. */
export const SAME_VALUE: unique symbol = Symbol("same value");

/** `base` with `patch` applied. Unchanged parts keep their identity (views memoise on it). */
export function applyPatch(base: unknown, patch: Patch): unknown {
  if (!isRecord(patch)) return patch;
  if (ARRAY in patch || Array.isArray(base)) {
    const from = Array.isArray(base) ? base : [];
    const length = ARRAY in patch ? Number(patch[ARRAY]) : from.length;
    const out: unknown[] = [];
    for (let i = 0; i < length; i++) out.push(String(i) in patch ? applyPatch(from[i], patch[String(i)]) : from[i]);
    return out;
  }
  const out: Record<string, unknown> = isRecord(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    // An own "__proto__" key (JSON.parse makes one) must stay a key, not set the prototype.
    else Object.defineProperty(out, k, { value: applyPatch(own(out, k), v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function diff(a: unknown, b: unknown): Patch | typeof SAME {
  if (a === b) return SAME;
  if (isRecord(b)) {
    // Applied to a list, an object patch would patch it by index.
    if (Array.isArray(a)) throw new Unpatchable();
    return isRecord(a) ? diffRecords(a, b) : literalRecord(b);
  }
  if (Array.isArray(b)) return Array.isArray(a) ? diffArrays(a, b) : b;
  // null cannot be sent: in a patch it means "remove".
  if (b === null || b === undefined) throw new Unpatchable();
  return b;
}

function diffRecords(a: Record<string, unknown>, b: Record<string, unknown>): Patch | typeof SAME {
  if (ARRAY in b || Object.hasOwn(b, "__proto__")) throw new Unpatchable();
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const d = diff(own(a, k), v);
    if (d === SAME) continue;
    out[k] = d;
    changed = true;
  }
  for (const k of Object.keys(a)) {
    if (own(a, k) !== undefined && own(b, k) === undefined) {
      out[k] = null;
      changed = true;
    }
  }
  return changed ? out : SAME;
}

/** A list patched by index, or sent whole when that is no longer. */
function diffArrays(a: readonly unknown[], b: readonly unknown[]): Patch | typeof SAME {
  const out: Record<string, unknown> = a.length === b.length ? {} : { [ARRAY]: b.length };
  let changed = a.length !== b.length;
  let items = 0;
  try {
    for (let i = 0; i < b.length; i++) {
      const d = i < a.length ? diff(a[i], b[i]) : diff(undefined, b[i]);
      if (d === SAME) continue;
      out[String(i)] = d;
      changed = true;
      items++;
    }
  } catch (err) {
    if (err instanceof Unpatchable) return b;
    throw err;
  }
  if (!changed) return SAME;
  // Most items changed: whichever is shorter on the wire.
  if (items * 2 > b.length && JSON.stringify(out).length >= JSON.stringify(b).length) return b;
  return out;
}

/** An object sent whole inside a patch: applied onto {}, so it must hold no null and no "$array" key. */
function literalRecord(b: Record<string, unknown>): Patch {
  if (ARRAY in b || Object.hasOwn(b, "__proto__")) throw new Unpatchable();
  for (const v of Object.values(b)) {
    if (v === null) throw new Unpatchable();
    if (isRecord(v)) literalRecord(v);
  }
  return b;
}
