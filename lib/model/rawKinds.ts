/**
 * The raw objects per kind, typed as far as the code reads them (not the whole Kubernetes API).
 * Every field is optional: the wire, a recording or a hand-written manifest may omit anything, and
 * the readers stay defensive (wire.ts) because a field may also hold the wrong JSON type. Fields
 * nobody reads pass through as `unknown`.
 */
import type { Kind, RawObject } from "./raw";

/** metav1.LabelSelector. */
export interface RawLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

/** A status condition (Deployment, ReplicaSet, Pod, Node). */
export interface RawCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string;
}

/** An integer or a percentage string (maxSurge, maxUnavailable, minAvailable, targetPort). */
export type IntOrString = number | string;

/** A container of a pod or pod template. */
export interface RawContainer {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
  startupProbe?: Record<string, unknown>;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  env?: unknown;
  lifecycle?: { preStop?: unknown; postStart?: unknown };
  [field: string]: unknown;
}

/** core/v1 PodSpec, the fields the views, findings and planner read. */
export interface RawPodSpec {
  nodeName?: string;
  containers?: RawContainer[];
  initContainers?: RawContainer[];
  volumes?: unknown[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  affinity?: Record<string, unknown>;
  schedulerName?: string;
  readinessGates?: { conditionType?: string }[];
  schedulingGates?: { name?: string }[];
  overhead?: Record<string, string | number>;
  [field: string]: unknown;
}

/** A pod template (spec.template of a Deployment or ReplicaSet). */
export interface RawPodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec?: RawPodSpec;
}

/** apps/v1 DeploymentSpec. */
export interface RawDeploymentSpec {
  replicas?: number;
  selector?: RawLabelSelector;
  template?: RawPodTemplate;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  [field: string]: unknown;
}

/** apps/v1 DeploymentStatus. */
export interface RawDeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  terminatingReplicas?: number;
  collisionCount?: number;
  conditions?: RawCondition[];
  [field: string]: unknown;
}

/** apps/v1 ReplicaSetSpec. */
export interface RawReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: RawLabelSelector;
  template?: RawPodTemplate;
  [field: string]: unknown;
}

/** apps/v1 ReplicaSetStatus. */
export interface RawReplicaSetStatus {
  observedGeneration?: number;
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  terminatingReplicas?: number;
  conditions?: RawCondition[];
  [field: string]: unknown;
}

/** A container's state (waiting, running or terminated). */
export interface RawContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; startedAt?: string; finishedAt?: string };
}

/** core/v1 ContainerStatus. */
export interface RawContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  image?: string;
  state?: RawContainerState;
  lastState?: RawContainerState;
  [field: string]: unknown;
}

/** core/v1 PodStatus. */
export interface RawPodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: RawCondition[];
  containerStatuses?: RawContainerStatus[];
  initContainerStatuses?: RawContainerStatus[];
  podIP?: string;
  podIPs?: { ip?: string }[];
  hostIP?: string;
  startTime?: string;
  qosClass?: string;
  [field: string]: unknown;
}

/** core/v1 ServicePort. */
export interface RawServicePort {
  name?: string;
  protocol?: string;
  port?: number;
  targetPort?: IntOrString;
  nodePort?: number;
}

/** core/v1 ServiceSpec. */
export interface RawServiceSpec {
  selector?: Record<string, string>;
  ports?: RawServicePort[];
  type?: string;
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
  [field: string]: unknown;
}

/** core/v1 ServiceStatus. */
export interface RawServiceStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
  [field: string]: unknown;
}

/** discovery/v1 Endpoint. */
export interface RawSliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  nodeName?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

/** core/v1 EndpointAddress. */
export interface RawEndpointAddress {
  ip?: string;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

/** core/v1 ObjectReference of an Event. */
export interface RawObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  fieldPath?: string;
  resourceVersion?: string;
}

/** core/v1 NodeSpec. */
export interface RawNodeSpec {
  unschedulable?: boolean;
  taints?: { key?: string; value?: string; effect?: string }[];
  [field: string]: unknown;
}

/** core/v1 NodeStatus. */
export interface RawNodeStatus {
  allocatable?: Record<string, string | number>;
  capacity?: Record<string, string | number>;
  conditions?: RawCondition[];
  nodeInfo?: Record<string, unknown>;
  addresses?: { type?: string; address?: string }[];
  [field: string]: unknown;
}

/** policy/v1 PodDisruptionBudgetSpec. */
export interface RawPodDisruptionBudgetSpec {
  selector?: RawLabelSelector;
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  [field: string]: unknown;
}

/** apps/v1 Deployment. */
export interface RawDeployment extends RawObject {
  spec?: RawDeploymentSpec;
  status?: RawDeploymentStatus;
}

/** apps/v1 ReplicaSet. */
export interface RawReplicaSet extends RawObject {
  spec?: RawReplicaSetSpec;
  status?: RawReplicaSetStatus;
}

/** core/v1 Pod. */
export interface RawPod extends RawObject {
  spec?: RawPodSpec;
  status?: RawPodStatus;
}

/** core/v1 Service. */
export interface RawService extends RawObject {
  spec?: RawServiceSpec;
  status?: RawServiceStatus;
}

/** discovery/v1 EndpointSlice (no spec/status: its lists sit at the top level). */
export interface RawEndpointSlice extends RawObject {
  addressType?: string;
  endpoints?: RawSliceEndpoint[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

/** core/v1 Endpoints (the legacy fallback when EndpointSlices are forbidden). */
export interface RawEndpoints extends RawObject {
  subsets?: {
    addresses?: RawEndpointAddress[];
    notReadyAddresses?: RawEndpointAddress[];
    ports?: { name?: string; port?: number; protocol?: string }[];
  }[];
}

/** core/v1 Event. */
export interface RawEvent extends RawObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: RawObjectReference;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string | null;
}

/** core/v1 Node (read by the planner's capacity check). */
export interface RawNode extends RawObject {
  spec?: RawNodeSpec;
  status?: RawNodeStatus;
}

/** policy/v1 PodDisruptionBudget (read by the planner's risks). */
export interface RawPodDisruptionBudget extends RawObject {
  spec?: RawPodDisruptionBudgetSpec;
  status?: Record<string, unknown>;
}

/** The raw type of each Kind the store keeps. */
export interface RawByKind {
  Deployment: RawDeployment;
  ReplicaSet: RawReplicaSet;
  Pod: RawPod;
  Service: RawService;
  EndpointSlice: RawEndpointSlice;
  Endpoints: RawEndpoints;
  Event: RawEvent;
  Node: RawNode;
  PodDisruptionBudget: RawPodDisruptionBudget;
}

/** The raw type of a Kind (RawObject for a kind without its own type). */
export type RawOf<K extends Kind> = K extends keyof RawByKind ? RawByKind[K] : RawObject;

/** Whether `obj` says it is of `kind` (for code that holds objects of any kind: wire, informers). */
export function isKind<K extends Kind>(obj: RawObject, kind: K): obj is RawOf<K> {
  return obj.kind === kind;
}

/**
 * An object read as the kind it is filed under. The store, the live index and the stream file
 * every object under the kind it was listed or watched as, so code switching on that kind may read
 * it as that kind. Asserted, not checked: a hand-written object may carry no `kind`, which isKind
 * would refuse; the readers stay defensive about every field (wire.ts).
 */
export function filedAs<K extends Kind>(kind: K, obj: RawObject): RawOf<K>;
export function filedAs<K extends Kind>(kind: K, obj: RawObject | undefined): RawOf<K> | undefined;
export function filedAs<K extends Kind>(_kind: K, obj: RawObject | undefined): RawOf<K> | undefined {
  return obj as RawOf<K> | undefined;
}
