/**
 * The raw Kubernetes objects lib/model reads: metadata typed here, spec and status per kind in
 * rawKinds.ts, as far as the code reads them (the apiserver, or a captured fixture, is the schema).
 */

/** Kinds the store keeps. */
export type Kind =
  "Deployment" | "ReplicaSet" | "Pod" | "Service" | "EndpointSlice" | "Endpoints" | "Event" | "Node" | "PodDisruptionBudget";

/** Every Kind, in the order lib/kube lists them. */
export const KINDS: readonly Kind[] = [
  "Deployment",
  "ReplicaSet",
  "Pod",
  "Service",
  "EndpointSlice",
  "Endpoints",
  "Event",
  "Node",
  "PodDisruptionBudget",
];

/** metadata.ownerReferences[] as served. */
export interface RawOwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The metadata fields the views read; everything else passes through. */
export interface RawMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: RawOwnerReference[];
  [field: string]: unknown;
}

/** A Kubernetes object as the apiserver serves it. */
export interface RawObject {
  apiVersion?: string;
  kind?: string;
  metadata: RawMeta;
  /** Wire JSON of a kind not known here; each kind's shape is in rawKinds.ts (RawDeployment, …). */
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** Store key of an object: its uid, or namespace/name when a hand-written object has none. */
export function objectKey(obj: RawObject): string {
  return obj.metadata.uid ?? `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
}

/** The controller ownerReference (the one the controllers act on), if any. */
export function controllerRef(obj: RawObject): RawOwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** Whether every key=value of `selector` is in `labels` (a Service's equality selector). */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((k) => labels?.[k] === selector[k]);
}

/** Parses an RFC 3339 timestamp into epoch ms; undefined when absent or unparsable. */
export function timeMs(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  // Views sort and compare the same timestamps over and over: parse each once (bounded).
  let t = parsedTimes.get(ts);
  if (t === undefined) {
    if (parsedTimes.size >= 100_000) parsedTimes.clear();
    parsedTimes.set(ts, (t = Date.parse(ts)));
  }
  return Number.isNaN(t) ? undefined : t;
}

const parsedTimes = new Map<string, number>();

/** Annotations and labels the controllers and kubectl write (ROLLOUT-SPEC §3, §8, §10). */
export const ANN_REVISION = "deployment.kubernetes.io/revision";
export const ANN_REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const ANN_DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const ANN_MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
export const ANN_CHANGE_CAUSE = "kubernetes.io/change-cause";
export const ANN_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
export const ANN_POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
export const LABEL_POD_TEMPLATE_HASH = "pod-template-hash";
export const LABEL_SERVICE_NAME = "kubernetes.io/service-name";

/** The revision annotation of a ReplicaSet or Deployment as a number (0 when absent). */
export function revisionOf(obj: RawObject): number {
  const v = Number(obj.metadata.annotations?.[ANN_REVISION]);
  return Number.isInteger(v) && v > 0 ? v : 0;
}

/**
 * Code-unit string order, as Go's `<` on names: the same on every server and browser, unlike
 * localeCompare, whose result depends on the runtime's locale.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
