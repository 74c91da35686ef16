import type { ResourceInfo } from "./types";

/**
 * Every resource the lab cluster serves. Storage keys are the plural resource name; the two
 * Event APIs (core/v1 and events.k8s.io/v1) share the "events" storage, kept in core/v1 form.
 * Controllers and the kubelet address the Store with these storage keys.
 */
const RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function r(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceInfo> = {},
): ResourceInfo {
  return {
    group,
    version,
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    subresources: [],
    verbs: RW,
    storage: resource,
    ...extra,
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  r("", "v1", "namespaces", "Namespace", false, {
    shortNames: ["ns"],
    subresources: ["status"],
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  }),
  r("", "v1", "nodes", "Node", false, { shortNames: ["no"], subresources: ["status"] }),
  r("", "v1", "pods", "Pod", true, { shortNames: ["po"], categories: ["all"], subresources: ["status", "binding", "log"] }),
  r("", "v1", "services", "Service", true, {
    shortNames: ["svc"],
    categories: ["all"],
    subresources: ["status"],
    verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
  }),
  r("", "v1", "endpoints", "Endpoints", true, { shortNames: ["ep"] }),
  r("", "v1", "events", "Event", true, { shortNames: ["ev"] }),
  r("", "v1", "serviceaccounts", "ServiceAccount", true, { shortNames: ["sa"] }),
  r("", "v1", "configmaps", "ConfigMap", true, { shortNames: ["cm"] }),
  r("", "v1", "secrets", "Secret", true),
  r("", "v1", "resourcequotas", "ResourceQuota", true, { shortNames: ["quota"], subresources: ["status"] }),
  r("", "v1", "limitranges", "LimitRange", true, { shortNames: ["limits"] }),
  r("apps", "v1", "deployments", "Deployment", true, { shortNames: ["deploy"], categories: ["all"], subresources: ["status", "scale"] }),
  r("apps", "v1", "replicasets", "ReplicaSet", true, { shortNames: ["rs"], categories: ["all"], subresources: ["status", "scale"] }),
  r("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true),
  r("events.k8s.io", "v1", "events", "Event", true, { shortNames: ["ev"], storage: "events" }),
  r("coordination.k8s.io", "v1", "leases", "Lease", true),
  // Read by the dashboard's and `plan`'s rollout-below-PDB finding; no disruption controller runs here.
  r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, { shortNames: ["pdb"] }),
  // Create-only reviews answered by the server itself, never stored (see server.ts).
  r("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, { verbs: ["create"] }),
  r("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, { verbs: ["create"] }),
];

/** Kinds whose PUT creates a missing object (their strategies' AllowCreateOnUpdate, checked on v1.35). */
export const CREATE_ON_UPDATE = new Set(["services", "endpoints", "events", "leases", "limitranges"]);

/** Resources that are answered, not stored. */
export const REVIEW_RESOURCES = new Set(["selfsubjectaccessreviews", "selfsubjectreviews"]);

const byPath = new Map<string, ResourceInfo>(RESOURCES.map((ri) => [`${ri.group}/${ri.version}/${ri.resource}`, ri]));

/** The resource served at /api(s)/<group>/<version>/<resource>, if any. */
export function lookupResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return byPath.get(`${group}/${version}/${resource}`);
}

/** The canonical resource (core/v1 form) behind a storage key. */
export function resourceForStorage(storage: string): ResourceInfo | undefined {
  return RESOURCES.find((ri) => ri.storage === storage && (ri.group === "" || storage !== "events"));
}

export function apiVersionOf(ri: ResourceInfo): string {
  return ri.group ? `${ri.group}/${ri.version}` : ri.version;
}

export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const ri of RESOURCES) if (ri.group) seen.set(`${ri.group}/${ri.version}`, { group: ri.group, version: ri.version });
  return [...seen.values()];
}
