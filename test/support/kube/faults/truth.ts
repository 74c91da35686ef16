/**
 * "Afterwards the dashboard equals the truth read by kubectl" (issue 8), as one comparison used
 * against the lab cluster and the real control plane alike: the dashboard's GET /api/rollouts
 * body is compared with the same views computed from `kubectl get … -o json` at the instant the
 * dashboard stamped (`generatedAt`), so every derived field (phase, budget, endpoints, findings)
 * is checked, not only object counts. A recording is checked the same way: replayed to its end,
 * it must give the same views (no change lost from the timeline).
 */
import { applyEvents, emptyStore, storeFromObjects, trimObject, type RawObject, type Store } from "../../../../lib/model/store";
import { rolloutsResponse } from "../../../../lib/response";
import type { RolloutsResponse } from "../../../../lib/model/types";
import { parseRecording } from "../../../../lib/timeline/recording";

/** What `kubectl get` is asked for: every kind the views read, in one call. */
export const TRUTH_RESOURCES = "deployments.apps,replicasets.apps,pods,services,endpointslices.discovery.k8s.io,events";

/** The objects of a `kubectl get <several kinds> -o json` List. */
export function objectsOfList(json: string): RawObject[] {
  const list = JSON.parse(json) as { items?: RawObject[] };
  return (list.items ?? []).map((o) => trimObject(o));
}

/** The parts of a response that say what the cluster looks like (not when or how it was read). */
function comparable(r: Pick<RolloutsResponse, "deployments" | "services" | "findings">): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of r.deployments) out[`deployment ${d.namespace}/${d.name}`] = d;
  for (const s of r.services) out[`service ${s.namespace}/${s.name}`] = { ...s, endpointSource: undefined };
  out.findings = [...r.findings].map((f) => JSON.stringify(f)).sort();
  return out;
}

/**
 * Differences between `dashboard` (an /api/rollouts body) and the views of `truth` at the
 * dashboard's instant, as readable lines; empty when equal.
 */
export function differencesFromTruth(dashboard: RolloutsResponse, truth: Store, namespace: string): string[] {
  const expected = comparable(rolloutsResponse(truth, { namespace, now: Date.parse(dashboard.generatedAt) }));
  const got = comparable(dashboard);
  const out: string[] = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(got)])) {
    if (!(key in got)) out.push(`${key}: missing from the dashboard`);
    else if (!(key in expected)) out.push(`${key}: on the dashboard, not in the cluster`);
    else out.push(...firstDifferences(key, expected[key], got[key]));
  }
  return out;
}

/** Paths where two JSON values differ (at most a few, for a readable failure). */
function firstDifferences(path: string, want: unknown, got: unknown, limit = 5): string[] {
  const a = JSON.parse(JSON.stringify(want ?? null)) as unknown;
  const b = JSON.parse(JSON.stringify(got ?? null)) as unknown;
  const out: string[] = [];
  const walk = (p: string, x: unknown, y: unknown) => {
    if (out.length >= limit) return;
    if (x && y && typeof x === "object" && typeof y === "object") {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
        walk(`${p}.${k}`, (x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      out.push(`${p}: cluster ${JSON.stringify(x)} dashboard ${JSON.stringify(y)}`);
    }
  };
  walk(path, a, b);
  return out;
}

/** The truth as a store, from a `kubectl get TRUTH_RESOURCES -o json` output. */
export function truthStore(kubectlJson: string): Store {
  return storeFromObjects(objectsOfList(kubectlJson));
}

/** A recording (NDJSON) replayed to its end, as a store. */
export function storeOfRecording(ndjson: string): { store: Store; skipped: number } {
  const rec = parseRecording(ndjson);
  return { store: applyEvents(emptyStore(), rec.events), skipped: rec.skipped.length };
}
