/**
 * Loads lib/model/fixtures/<scenario>/ for tests (Node only; the views themselves stay pure).
 * Every *.json is an object, an array, or a `kind: List` as `kubectl get -o json` prints it;
 * `_meta.json` holds `now` (the instant the objects were captured at).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RawObject } from "../raw";
import { storeFromObjects, type Store } from "../store";

export const FIXTURES_DIR = join(import.meta.dirname, "..", "fixtures");

export interface Fixture {
  name: string;
  now: number;
  description: string;
  objects: RawObject[];
  store: Store;
}

/** Scenario folders present. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** Reads one scenario folder into objects and a store. */
export function loadFixture(name: string): Fixture {
  const dir = join(FIXTURES_DIR, name);
  const objects: RawObject[] = [];
  let now = Number.NaN;
  let description = "";
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
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
  if (Number.isNaN(now)) throw new Error(`fixture ${name}: _meta.json must give "now"`);
  return { name, now, description, objects, store: storeFromObjects(objects) };
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
