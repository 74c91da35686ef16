/**
 * The parts of core/v1 objects the lab kubelet reads and writes, as plain JSON (timestamps are
 * RFC 3339 strings). Narrower than @kubernetes/client-node's classes on purpose: the pure core
 * never sees a Date or a serializer.
 */
export type IntOrString = number | string;

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Probe {
  exec?: { command?: string[] };
  httpGet?: { port: IntOrString; path?: string; host?: string; scheme?: string };
  tcpSocket?: { port: IntOrString; host?: string };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface LifecycleHandler {
  exec?: { command?: string[] };
  httpGet?: { port: IntOrString };
  tcpSocket?: { port: IntOrString };
  sleep?: { seconds: number };
}

export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: { name: string; value?: string }[];
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: LifecycleHandler; postStart?: LifecycleHandler };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  values?: string[];
}

export interface PodSpec {
  nodeName?: string;
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: { matchExpressions?: NodeSelectorRequirement[] }[] };
    };
    [field: string]: unknown;
  };
  schedulingGates?: { name: string }[];
  schedulerName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  containers: Container[];
  initContainers?: Container[];
  readinessGates?: { conditionType: string }[];
  overhead?: Record<string, string>;
}

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  [field: string]: unknown;
}

export interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    labels?: Record<string, string>;
    [field: string]: unknown;
  };
  spec: PodSpec;
  status?: { phase?: string; conditions?: Condition[]; [field: string]: unknown };
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Node {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; uid?: string; labels?: Record<string, string>; resourceVersion?: string; [field: string]: unknown };
  spec?: { unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; [field: string]: unknown };
  status?: { allocatable?: Record<string, string>; capacity?: Record<string, string>; conditions?: Condition[]; [field: string]: unknown };
}
