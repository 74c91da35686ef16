/**
 * The derived views Rollscope serves at GET /api/rollouts and renders on the stage
 * (docs/ARCHITECTURE.md "Contracts"). Pure data: computed by lib/model from raw objects, the same
 * on the server and in the browser.
 */

/** What a pod glyph shows. Mapped once from raw pod status (STYLE.md principle 5). */
export type PodState = "Pending" | "Starting" | "RunningNotReady" | "Ready" | "Terminating" | "Failed";

export type RolloutPhase = "Progressing" | "Complete" | "Stuck" | "Paused";

export type Strategy = "RollingUpdate" | "Recreate";

export type TrafficPattern = "blue-green" | "canary" | "rolling" | "single" | "none";

export interface ProbeSummary {
  kind: "exec" | "httpGet" | "tcpSocket" | "grpc";
  /** Human text: "exec cat /tmp/ready", "GET :8080/healthz". */
  detail: string;
  initialDelaySeconds: number;
  periodSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

export interface PodView {
  uid: string;
  name: string;
  namespace: string;
  state: PodState;
  /** Why, in the kubelet's words when there is one: "ImagePullBackOff", "CrashLoopBackOff", "Unschedulable". */
  reason?: string;
  ready: boolean;
  /** Ready for minReadySeconds (counts toward availability). */
  available: boolean;
  restarts: number;
  nodeName?: string;
  podIP?: string;
  createdAt?: string;
  startedAt?: string;
  readySince?: string;
  deletingSince?: string;
  readinessProbe?: ProbeSummary;
  /** Last probe failure message when the kubelet reported one. */
  probeMessage?: string;
}

export interface ReplicaSetView {
  uid: string;
  name: string;
  revision: number;
  /** Older revisions this RS carried before a rollback reused it. */
  revisionHistory: number[];
  isNew: boolean;
  image: string;
  /** Value of the VERSION env var of the first container, when set. */
  version?: string;
  changeCause?: string;
  desired: number;
  current: number;
  ready: number;
  available: number;
  terminating: number;
  createdAt?: string;
  pods: PodView[];
}

export interface ConditionView {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface BudgetView {
  /** Pods that exist and are not terminating, vs the ceiling replicas + maxSurge. */
  totalPods: number;
  maxTotal: number;
  /** Surge in use: max(0, totalPods − replicas). */
  surgeUsed: number;
  /** Available pods vs the floor replicas − maxUnavailable (0 for Recreate, which promises no availability). */
  available: number;
  minAvailable: number;
  /** Unavailability in use: max(0, replicas − available). */
  unavailableUsed: number;
}

export interface RevisionView {
  revision: number;
  replicaSet: string;
  changeCause?: string;
  image: string;
  version?: string;
  /** What changed from the previous revision, e.g. ["image: a → b", "env VERSION: v1 → v2"]. */
  changes: string[];
  /** What changes going from each other revision (the key) to this one: the history's compare. */
  changesFrom: Record<number, string[]>;
  /** The exact command that returns to this revision. */
  undoCommand: string;
}

export interface NextStep {
  action: "create" | "delete" | "wait";
  replicaSet?: string;
  /** Pod the controller will remove next, when it can be predicted (ranking of §8). */
  pod?: string;
  why: string;
}

export interface DeploymentView {
  uid: string;
  name: string;
  namespace: string;
  strategy: Strategy;
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  /** The raw values as written (e.g. "25%"), for explaining the resolution. */
  maxSurgeRaw?: string | number;
  maxUnavailableRaw?: string | number;
  minReadySeconds: number;
  progressDeadlineSeconds?: number;
  paused: boolean;
  phase: RolloutPhase;
  phaseReason: string;
  generation: number;
  observedGeneration: number;
  conditions: ConditionView[];
  /** kubectl rollout status's line at this moment. */
  rolloutStatus: string;
  /** Seconds left before ProgressDeadlineExceeded (Progressing only). */
  deadlineSecondsLeft?: number;
  budget: BudgetView;
  replicaSets: ReplicaSetView[];
  revisions: RevisionView[];
  /** spec.revisionHistoryLimit (default 10): how many old ReplicaSets stay as rollback targets. */
  revisionHistoryLimit?: number;
  /** The revision plain `kubectl rollout undo` returns to (second-highest revision), if any. */
  rollbackRevision?: number;
  next?: NextStep;
  labels: Record<string, string>;
}

export interface BackendView {
  deployment?: string;
  revision?: number;
  replicaSet?: string;
  /** Value of the color / track / version label that tells the backends apart. */
  label?: string;
  labelKey?: string;
  version?: string;
  readyEndpoints: number;
  /** 0..1 share of the Service's ready endpoints. */
  share: number;
}

export interface ServiceView {
  uid: string;
  name: string;
  namespace: string;
  type: string;
  selector: Record<string, string>;
  ports: { port: number; targetPort: string | number; protocol: string; name?: string }[];
  /** Pods the selector matches (any state). */
  matchedPods: number;
  readyEndpoints: number;
  notReadyEndpoints: number;
  terminatingEndpoints: number;
  backends: BackendView[];
  pattern: TrafficPattern;
  warnings: string[];
  /** Where the endpoint counts came from. */
  endpointSource: "EndpointSlice" | "Endpoints" | "none";
  /** The colours a blue-green switch on this Service can point at, when Deployments differ by one. */
  colourSwitch?: ColourSwitch;
}

/** One colour a blue-green Service can point at. */
export interface SwitchOption {
  colour: string;
  deployments: string[];
  version?: string;
  /** Ready pods of those Deployments (status.readyReplicas): what a flip would send traffic to. */
  readyPods: number;
}

/** The colour label key of a blue-green switch and its options, sorted by colour. */
export interface ColourSwitch {
  key: string;
  options: SwitchOption[];
}

export type Severity = "error" | "warning" | "info";

export type FindingCode =
  | "MissingReadinessProbe"
  | "ReadinessNeverPasses"
  | "ProgressDeadlineExceeded"
  | "RolloutPaused"
  | "NoRollbackTarget"
  | "ImagePullFailure"
  | "CrashLoop"
  | "Unschedulable"
  | "ServiceSelectsNothing"
  | "ServiceNoReadyEndpoints"
  | "ServiceSelectsMultipleVersions"
  | "TargetPortMismatch"
  // Risks: warnings about the next rollout before anything fails (issue 16).
  | "RollbackNotPossible"
  | "ProgressDeadlineTooShort"
  | "ReadinessProbeBlind"
  | "RolloutEmptiesService"
  | "SurgeDoesNotFit"
  | "RolloutBelowDisruptionBudget";

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  object: ObjectRef;
  message: string;
  /** A command that fixes it (kubectl ...). */
  fix: string;
  /** The objects and fields that prove it: "pod/x status.conditions[Ready]=False". */
  evidence: string[];
}

/** An object the views could not read (broken or hostile shape), reported instead of crashing. */
export interface MalformedObject {
  kind: string;
  namespace: string;
  name: string;
  error: string;
}

export interface RolloutsResponse {
  generatedAt: string;
  namespaces: string[];
  deployments: DeploymentView[];
  services: ServiceView[];
  findings: Finding[];
  /** Kinds that could not be read (403, unreachable) with the reason, so the UI can say so. */
  degraded: { kind: string; message: string }[];
  /** Set when the data is older than the cluster (watch broken) — the UI must say so. */
  stale?: { since: string; reason: string };
  /** Objects skipped because their shape could not be read; the UI lists them. */
  malformed?: MalformedObject[];
}
