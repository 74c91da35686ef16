/**
 * Strategic merge patch (apimachinery/pkg/util/strategicpatch) for the kinds the lab cluster
 * serves. Lists merge by the real `patchMergeKey`s from the Go struct tags; other lists are
 * replaced, as in the real server. Supports the directives kubectl sends: `$patch: delete|replace`
 * (in maps and list items), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>`.
 */
import { ApiError } from "../errors";

/** A decoded JSON object; its values are read through the guards below. */
type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === "object" && v !== null && !Array.isArray(v);

/** Field name → merge key, for lists of objects, keyed by the path's last two segments when it matters. */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  volumes: "name",
  conditions: "type",
  ownerReferences: "uid",
  imagePullSecrets: "name",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  resourceClaims: "name",
  schedulingGates: "name",
  podIPs: "ip",
  hostIPs: "ip",
  addresses: "type",
  images: "",
};

/** Lists of scalars whose patchStrategy is merge (union). */
const PRIMITIVE_MERGE = new Set(["finalizers"]);

/** The merge key for the list at `path` (field names from the root), or undefined to replace. */
export function mergeKeyFor(kind: string, path: string[]): string | undefined {
  const field = path[path.length - 1]!;
  if (field === "ports") {
    // Service ports merge by port; container ports by containerPort; EndpointSlice/Endpoints ports are atomic.
    if (kind === "Service" && path.length === 2 && path[0] === "spec") return "port";
    if (path.includes("containers") || path.includes("initContainers") || path.includes("ephemeralContainers")) return "containerPort";
    return undefined;
  }
  if (field === "addresses") return kind === "Node" ? "type" : undefined;
  const k = MERGE_KEYS[field];
  return k ? k : undefined;
}

function badPatch(msg: string): ApiError {
  return new ApiError(400, "BadRequest", msg);
}

/** Applies a strategic merge patch to `original` (not mutated) for an object of `kind`. */
export function strategicMerge(original: unknown, patch: unknown, kind: string): J {
  if (!isObj(patch)) throw badPatch("invalid JSON document");
  const out = mergeMap(isObj(original) ? original : {}, patch, [], kind);
  if (out === DELETE) return {};
  return out;
}

const DELETE = Symbol("delete");

function mergeMap(orig: J, patch: J, path: string[], kind: string): J | typeof DELETE {
  const directive = patch.$patch;
  if (directive === "delete") return DELETE;
  if (directive === "replace") {
    const copy: J = structuredClone(patch);
    delete copy.$patch;
    return stripDirectives(copy);
  }
  if (directive !== undefined && directive !== "merge")
    throw badPatch(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const out: J = structuredClone(orig);
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith("$setElementOrder/")) continue;
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const field = k.slice("$deleteFromPrimitiveList/".length);
      if (!Array.isArray(v)) throw badPatch(`invalid patch: ${k} must be a list`);
      const current = out[field];
      if (Array.isArray(current)) out[field] = current.filter((x: unknown) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const childPath = [...path, k];
    const current = out[k];
    if (isObj(v)) {
      const merged = mergeMap(isObj(current) ? current : {}, v, childPath, kind);
      if (merged === DELETE) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v)) {
      out[k] = mergeList(Array.isArray(current) ? current : [], v, childPath, kind);
    } else {
      out[k] = v;
    }
  }
  for (const [k, order] of Object.entries(patch)) {
    if (!k.startsWith("$setElementOrder/")) continue;
    const field = k.slice("$setElementOrder/".length);
    if (!Array.isArray(order)) throw badPatch(`invalid patch: ${k} must be a list`);
    const current = out[field];
    if (Array.isArray(current)) out[field] = applyElementOrder(current, order, mergeKeyFor(kind, [...path, field]));
  }
  const retainKeys = patch.$retainKeys;
  if (retainKeys !== undefined) {
    if (!Array.isArray(retainKeys)) throw badPatch("$retainKeys must be a list of strings");
    const keep = new Set<unknown>(retainKeys);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}

function mergeList(orig: unknown[], patch: unknown[], path: string[], kind: string): unknown[] {
  const field = path[path.length - 1]!;
  if (PRIMITIVE_MERGE.has(field) && patch.every((x) => !isObj(x))) {
    const out = [...orig];
    for (const x of patch) if (!out.includes(x)) out.push(x);
    return out;
  }
  const key = mergeKeyFor(kind, path);
  if (!key) return stripDirectives(structuredClone(patch)) as unknown[];
  if (patch.some((x) => isObj(x) && x.$patch === "replace")) {
    return patch.filter((x) => !(isObj(x) && x.$patch === "replace")).map((x) => stripDirectives(structuredClone(x)));
  }
  const out: unknown[] = structuredClone(orig);
  for (const item of patch) {
    if (!isObj(item)) throw badPatch(`invalid patch: list ${field} merges by ${key}; items must be maps`);
    // The real server answers this one with a bare 500 and Go's %v of the map.
    if (!(key in item)) throw new ApiError(500, "", `map: ${goFormat(item)} does not contain declared merge key: ${key}`);
    const idx = out.findIndex((x) => isObj(x) && x[key] === item[key]);
    if (item.$patch === "delete") {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const current = out[idx];
      // findIndex matched an object there.
      const merged = mergeMap(isObj(current) ? current : {}, item, path, kind);
      if (merged === DELETE) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      out.push(stripDirectives(structuredClone(item)));
    }
  }
  return out;
}

/**
 * `$setElementOrder/<field>`: the listed elements take the listed order; elements the list does
 * not name (added by someone else) follow in their previous order. The real merge interleaves
 * those by their old positions; this keeps them after, which only differs when both exist.
 */
function applyElementOrder(items: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const id = (x: unknown) => (key && isObj(x) ? JSON.stringify(x[key]) : JSON.stringify(x));
  const rank = new Map<string, number>();
  order.forEach((o, i) => rank.set(id(o), i));
  const listed = items.filter((x) => rank.has(id(x))).sort((a, b) => rank.get(id(a))! - rank.get(id(b))!);
  return [...listed, ...items.filter((x) => !rank.has(id(x)))];
}

/** Go's fmt %v of decoded JSON: `map[a:1 b:[x y]]`, keys sorted. */
function goFormat(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (isObj(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goFormat(v[k])}`)
      .join(" ")}]`;
  if (v === null || v === undefined) return "<nil>";
  return String(v);
}

function stripDirectives<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripDirectives) as T;
  if (!isObj(v)) return v;
  const out: J = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith("$")) out[k] = stripDirectives(x);
  return out as T;
}

/** RFC 7386 JSON merge patch. */
export function jsonMergePatch(original: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: J = isObj(original) ? structuredClone(original) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}
