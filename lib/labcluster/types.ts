/**
 * A Kubernetes object as JSON. The lab cluster keeps objects as plain data, like etcd. `Spec` and
 * `Status` say what a kind's spec and status hold (lib/labcluster/kinds.ts).
 */
export interface KObj<Spec = unknown, Status = unknown> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [field: string]: unknown;
}

/** What the API serves for one resource (the discovery document is built from these). */
export interface ResourceInfo {
  group: string; // "" for core
  version: string;
  resource: string; // plural
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources: string[]; // e.g. ["status", "scale"]
  verbs: string[];
  /** Storage key: resources that share storage (core and events.k8s.io events) share it. */
  storage: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface StoreEvent {
  type: Exclude<WatchEventType, "BOOKMARK">;
  storage: string;
  object: KObj;
  /** The object before this change (MODIFIED, DELETED). */
  old?: KObj;
  rv: number;
}
