/**
 * The JSON of GET /api/rollouts (shared/DESIGN.md "Contracts"), computed from a store.
 */
import { diagnose } from "../diagnose/diagnose";
import { rolloutView } from "./rollout";
import { listKind, type Store } from "./store";
import { trafficView } from "./traffic";
import type { RolloutsResponse } from "./types";

/** Options of rolloutsResponse: `now` in epoch ms; no `namespace` = every namespace in view. */
export interface RolloutsResponseOptions {
  namespace?: string;
  now: number;
}

/** Every Deployment and Service view plus the findings, for one namespace or all. */
export function rolloutsResponse(store: Store, opts: RolloutsResponseOptions): RolloutsResponse {
  const { namespace, now } = opts;
  const replicaSets = listKind(store, "ReplicaSet", namespace);
  const pods = listKind(store, "Pod", namespace);
  const deployments = listKind(store, "Deployment", namespace);
  const services = listKind(store, "Service", namespace);
  const slices = listKind(store, "EndpointSlice", namespace);
  const endpoints = listKind(store, "Endpoints", namespace);
  const namespaces = new Set<string>();
  for (const o of [...deployments, ...services, ...pods]) if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  if (namespace) namespaces.add(namespace);
  const response: RolloutsResponse = {
    generatedAt: new Date(now).toISOString(),
    namespaces: [...namespaces].sort(),
    deployments: deployments.map((d) => rolloutView(d, replicaSets, pods, now)),
    services: services.map((s) => trafficView(s, slices, endpoints, pods, deployments, replicaSets)),
    findings: diagnose(store, { namespace, now }),
    degraded: Object.entries(store.degraded).map(([kind, message]) => ({ kind, message: message ?? "" })),
  };
  if (store.stale) response.stale = store.stale;
  return response;
}
