/**
 * The kinds Rollscope watches and where the API serves them. EndpointSlice comes first; the
 * legacy Endpoints kind is the fallback when discovery.k8s.io is not served or is forbidden.
 */
import type { Kind } from "@/lib/model/store";

export interface ResourceRef {
  kind: Kind;
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  /** Served outside namespaces (Nodes): listed and watched cluster-wide even when the process is limited to one. */
  clusterScoped?: true;
}

/** Where each kind is served; typed per kind so a list of RESOURCES.Pod reads as pods. */
export const RESOURCES: { readonly [K in Kind]: ResourceRef & { kind: K } } = {
  Deployment: { kind: "Deployment", group: "apps", version: "v1", plural: "deployments" },
  ReplicaSet: { kind: "ReplicaSet", group: "apps", version: "v1", plural: "replicasets" },
  Pod: { kind: "Pod", group: "", version: "v1", plural: "pods" },
  Service: { kind: "Service", group: "", version: "v1", plural: "services" },
  EndpointSlice: { kind: "EndpointSlice", group: "discovery.k8s.io", version: "v1", plural: "endpointslices" },
  Endpoints: { kind: "Endpoints", group: "", version: "v1", plural: "endpoints" },
  Event: { kind: "Event", group: "", version: "v1", plural: "events" },
  Node: { kind: "Node", group: "", version: "v1", plural: "nodes", clusterScoped: true },
  PodDisruptionBudget: { kind: "PodDisruptionBudget", group: "policy", version: "v1", plural: "poddisruptionbudgets" },
};

/** Kinds watched from the start; Endpoints joins only when EndpointSlices cannot be read. */
export const PRIMARY_KINDS: readonly Kind[] = [
  "Deployment",
  "ReplicaSet",
  "Pod",
  "Service",
  "EndpointSlice",
  "Event",
  // Room and disruption budgets for the capacity findings: a 403 degrades them to "unknown".
  "Node",
  "PodDisruptionBudget",
];

/** Collection path, cluster-wide when `namespace` is undefined or the kind is cluster-scoped. */
export function collectionPath(r: ResourceRef, namespace?: string): string {
  const base = r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return namespace && !r.clusterScoped ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

/** `endpointslices.discovery.k8s.io`, the way the apiserver names a resource in messages. */
export function qualifiedName(r: ResourceRef): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}
