/**
 * Loads lib/model/fixtures/<scenario>/ for tests (Node only; the views themselves stay pure).
 * Two layouts (README.md in that folder):
 * - one instant: `_meta.json` gives `now`; every other *.json (object, array or List) is merged;
 * - moments (captures from a real control plane): no `_meta.json`; each *.json is a List that is
 *   one moment on its own, `now` being the latest timestamp inside it (the capture instant).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RawObject } from "../../../lib/model/raw";
import { storeFromObjects, type Store } from "../../../lib/model/store";

export const FIXTURES_DIR = join(import.meta.dirname, "..", "..", "..", "lib", "model", "fixtures");

/** One instant of a scenario: its objects, the store built from them and `now`. */
export interface Fixture {
  name: string;
  now: number;
  description: string;
  objects: RawObject[];
  store: Store;
}

/** Scenario folders present. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

/** Whether a scenario folder holds separate moments (captures) rather than one instant. */
export function isMomentFolder(name: string): boolean {
  return !jsonFiles(join(FIXTURES_DIR, name)).includes("_meta.json");
}

/** Reads a one-instant scenario folder into objects and a store. */
export function loadFixture(name: string): Fixture {
  const dir = join(FIXTURES_DIR, name);
  const objects: RawObject[] = [];
  let now = Number.NaN;
  let description = "";
  for (const file of jsonFiles(dir)) {
    const json: unknown = JSON.parse(readFileSync(join(dir, file), "utf8"));
    if (file === "_meta.json") {
      const meta = json as { now?: string; description?: string };
      now = Date.parse(meta.now ?? "");
      description = meta.description ?? "";
      continue;
    }
    if (file.startsWith("_")) continue;
    objects.push(...flatten(json));
  }
  if (Number.isNaN(now)) throw new Error(`fixture ${name}: _meta.json must give "now" (or use loadMoments for captures)`);
  return { name, now, description, objects, store: storeFromObjects(objects) };
}

/** Reads a moments folder: one Fixture per file, in file order (01-…, 02-…). */
export function loadMoments(name: string): Fixture[] {
  const dir = join(FIXTURES_DIR, name);
  return jsonFiles(dir).map((file) => {
    const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as { metadata?: { moment?: string; capturedFrom?: string } };
    const objects = flatten(json);
    const description = [json.metadata?.moment, json.metadata?.capturedFrom].filter(Boolean).join(", ");
    return {
      name: `${name}/${file.replace(/\.json$/, "")}`,
      now: latestTime(objects),
      description,
      objects,
      store: storeFromObjects(objects),
    };
  });
}

/** The latest RFC 3339 timestamp anywhere in the objects: the instant they were captured at. */
function latestTime(value: unknown): number {
  let latest = 0;
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v)) latest = Math.max(latest, Date.parse(v) || 0);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return latest;
}

function flatten(json: unknown): RawObject[] {
  if (Array.isArray(json)) return json.flatMap(flatten);
  const o = json as { kind?: string; items?: unknown[] };
  if (o.kind === "List" || (o.kind?.endsWith("List") && Array.isArray(o.items))) {
    // Typed lists (PodList) omit kind on items; recover it from the list kind.
    const itemKind = o.kind === "List" ? undefined : o.kind.slice(0, -4);
    return (o.items ?? []).map((i) => (itemKind && !(i as RawObject).kind ? { ...(i as RawObject), kind: itemKind } : (i as RawObject)));
  }
  return [json as RawObject];
}
