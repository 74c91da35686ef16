/**
 * The spec and status fields the lab cluster's own code reads (controllers, table printing,
 * allocators, deletion, strategy), per kind. Every field is optional, as on the wire: an object
 * passed validation for what validation checks, nothing more. Storage keys carry their kind
 * (`StorageKey<Deployment>`), so `store.get(DEPLOYMENTS, …)` reads as a Deployment.
 */
import type { KObj } from "./types";

export type IntOrString = number | string;

/** Conditions as the apps/v1 and core/v1 APIs carry them. */
export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface ContainerSpec {
  name?: string;
  image?: string;
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  image?: string;
  state?: Record<
    string,
    { reason?: string; exitCode?: number; signal?: number; message?: string; startedAt?: string; finishedAt?: string } | undefined
  >;
  lastState?: ContainerStatus["state"];
}

export interface PodSpec {
  nodeName?: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  readinessGates?: { conditionType: string }[];
  volumes?: { name?: string }[];
}

export interface PodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: Condition[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  podIP?: string;
  podIPs?: { ip: string }[];
  hostIP?: string;
  nominatedNodeName?: string;
  qosClass?: string;
  startTime?: string;
}

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; [field: string]: unknown };
  spec?: PodSpec;
}

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelectorSpec;
  template?: PodTemplateSpec;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  terminatingReplicas?: number;
  collisionCount?: number;
  conditions?: Condition[];
}

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelectorSpec;
  template?: PodTemplateSpec;
}

export interface ReplicaSetStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  terminatingReplicas?: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

export interface ServicePortSpec {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: IntOrString;
  nodePort?: number;
  appProtocol?: string;
}

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePortSpec[];
  selector?: Record<string, string>;
  externalIPs?: string[];
  externalName?: string;
  publishNotReadyAddresses?: boolean;
}

export interface ServiceStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
}

export interface NodeSpec {
  unschedulable?: boolean;
  taints?: { key: string; value?: string; effect: string }[];
}

export interface NodeStatus {
  conditions?: Condition[];
  addresses?: { type: string; address: string }[];
  nodeInfo?: Record<string, string | undefined>;
  allocatable?: Record<string, string>;
  capacity?: Record<string, string>;
}

export type Pod = KObj<PodSpec, PodStatus>;
export type Deployment = KObj<DeploymentSpec, DeploymentStatus>;
export type ReplicaSet = KObj<ReplicaSetSpec, ReplicaSetStatus>;
export type Service = KObj<ServiceSpec, ServiceStatus>;
export type NodeObject = KObj<NodeSpec, NodeStatus>;
export type Namespace = KObj<{ finalizers?: string[] }, { phase?: string }>;
export type Lease = KObj<{ holderIdentity?: string }, unknown>;

/**
 * A storage key (the plural resource name) that says which kind its objects are. The brand is a
 * phantom: at run time it is the plain string.
 */
export type StorageKey<T extends KObj> = string & { readonly __stores?: T };

/** Names `storage` as holding objects of type T. */
export function storageKey<T extends KObj>(storage: string): StorageKey<T> {
  return storage;
}

/** `obj` as the kind of the storage it was read from (a store event's object, a caller's argument). */
export function asStored<T extends KObj>(_storage: StorageKey<T>, obj: KObj): T {
  return obj as T; // a storage holds its kind only: the API server validated it, or a controller wrote it
}

/**
 * The typed storage keys of the kinds above (the same strings as controllers/objects.ts's
 * DEPLOYMENTS, PODS, …): `store.list(STORE.pods)` is a Pod[].
 */
export const STORE = {
  pods: storageKey<Pod>("pods"),
  deployments: storageKey<Deployment>("deployments"),
  replicasets: storageKey<ReplicaSet>("replicasets"),
  services: storageKey<Service>("services"),
  nodes: storageKey<NodeObject>("nodes"),
  namespaces: storageKey<Namespace>("namespaces"),
  leases: storageKey<Lease>("leases"),
} as const;
