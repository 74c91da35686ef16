/**
 * The JSON of GET /api/rollouts (shared/DESIGN.md "Contracts"), computed from a store.
 */
import { diagnose } from "../diagnose/diagnose";
import { rolloutView } from "./rollout";
import { listKind, type RawObject, type Store } from "./store";
import { trafficView } from "./traffic";
import type { Finding, MalformedObject, RolloutsResponse } from "./types";

/**
 * Builds one view per object; an object the view cannot read (a hostile or broken shape from the
 * wire) is reported in `malformed` instead of taking the whole response down with it.
 */
function isolate<V>(objects: readonly RawObject[], malformed: MalformedObject[], view: (o: RawObject) => V): V[] {
  const out: V[] = [];
  for (const o of objects) {
    try {
      out.push(view(o));
    } catch (err) {
      malformed.push({ kind: o.kind ?? "?", namespace: o.metadata.namespace ?? "", name: o.metadata.name ?? "", error: String((err as Error)?.message ?? err) });
    }
  }
  return out;
}

function findingsOrNote(store: Store, opts: { namespace?: string; now: number }, malformed: MalformedObject[]): Finding[] {
  try {
    return diagnose(store, opts);
  } catch (err) {
    malformed.push({ kind: "diagnosis", namespace: opts.namespace ?? "", name: "", error: String((err as Error)?.message ?? err) });
    return [];
  }
}

/** Options of rolloutsResponse: `now` in epoch ms; no `namespace` = every namespace in view. */
export interface RolloutsResponseOptions {
  namespace?: string;
  now: number;
}

/** Every Deployment and Service view plus the findings, for one namespace or all. */
export function rolloutsResponse(store: Store, opts: RolloutsResponseOptions): RolloutsResponse {
  const { namespace, now } = opts;
  // One context gives the views and the findings, so each view is computed once.
  const ctx = diagnoseContext(store, namespace, now);
  const namespaces = new Set<string>();
  for (const o of [...ctx.deployments.map((d) => d.raw), ...ctx.services.map((s) => s.raw), ...ctx.pods]) if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  if (namespace) namespaces.add(namespace);
  const response: RolloutsResponse = {
    generatedAt: new Date(now).toISOString(),
    namespaces: [...namespaces].sort(),
    deployments: ctx.deployments.map((d) => d.view),
    services: ctx.services.map((s) => s.view),
    findings: findingsOf(ctx),
    degraded: Object.entries(store.degraded).map(([kind, message]) => ({ kind, message: message ?? "" })),
  };
  if (store.stale) response.stale = store.stale;
  return response;
}
