/**
 * The JSON of GET /api/rollouts (docs/ARCHITECTURE.md "Contracts"), computed from a store.
 */
import { diagnoseContext } from "../diagnose/context";
import { findingsOf } from "../diagnose/diagnose";
import type { Store } from "../model/store";
import type { MalformedObject, RolloutsResponse } from "../model/types";

/** Options of rolloutsResponse: `now` in epoch ms; no `namespace` = every namespace in view. */
export interface RolloutsResponseOptions {
  namespace?: string;
  now: number;
}

/**
 * Every Deployment and Service view plus the findings, for one namespace or all. One diagnosis
 * context yields both the views and the findings, so each view is computed once. An object the
 * views cannot read (a hostile or broken shape from the wire) is reported in `malformed` instead
 * of taking the whole response down with it.
 */
export function rolloutsResponse(store: Store, opts: RolloutsResponseOptions): RolloutsResponse {
  const { namespace, now } = opts;
  const malformed: MalformedObject[] = [];
  const ctx = diagnoseContext(store, namespace, now, malformed);
  const findings = findingsOf(ctx, malformed);
  const namespaces = new Set<string>();
  for (const o of [...ctx.deployments.map((d) => d.raw), ...ctx.services.map((s) => s.raw), ...ctx.pods])
    if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  if (namespace) namespaces.add(namespace);
  const response: RolloutsResponse = {
    generatedAt: new Date(now).toISOString(),
    namespaces: [...namespaces].sort(),
    deployments: ctx.deployments.map((d) => d.view),
    services: ctx.services.map((s) => s.view),
    findings,
    degraded: Object.entries(store.degraded).map(([kind, message]) => ({ kind, message: message ?? "" })),
  };
  if (store.stale) response.stale = store.stale;
  if (malformed.length > 0) response.malformed = malformed;
  return response;
}
