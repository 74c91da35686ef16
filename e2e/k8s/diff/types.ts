/** A condition the runner waits for (evaluated on every watch event). */
export type Until =
  /** `kubectl rollout status` would say "successfully rolled out" and old RSes have no pods. */
  | { complete: string }
  /** Progressing=False ProgressDeadlineExceeded. */
  | { stuck: string }
  /** The newest RS has at least `newSpec` replicas requested and `newPods` pods counted, olds still scaled up. */
  | { rolling: string; newSpec?: number; newPods?: number; newReady?: number }
  /**
   * Sum of spec.replicas over the deployment's RSes; with `pods` / `ready`, also the sums of
   * status.replicas / status.readyReplicas (a settled state for commands that print them).
   */
  | { totalSpec: string; equals: number; pods?: number; ready?: number }
  /** Ready endpoints of a Service. */
  | { endpoints: string; ready: number };

export type Step =
  /** `kubectl apply -f -` with these objects (output recorded); a YAML stream, or one v1 List with `asList`. `expectFail`: a rejection is the point. */
  | { apply: Record<string, unknown>[]; asList?: boolean; expectFail?: boolean }
  /** Any kubectl command; output and exit code recorded unless `record: false`. */
  | { kubectl: string[]; record?: boolean; sortBody?: boolean; dropEvents?: boolean }
  | { wait: Until; timeoutS?: number }
  /** Snapshot every object of the namespace as a fixture (only when the runner has a capture hook). */
  | { capture: string };

export interface Scenario {
  name: string;
  /** One sentence: what the scenario exercises. */
  about: string;
  steps: Step[];
}

export interface RecordedOutput {
  cmd: string;
  exit: number;
  out: string;
}

export interface ScenarioRun {
  scenario: string;
  cluster: "real" | "lab";
  trace: { t: number; state: string }[];
  /** The state at the moment each `wait` step was met, scoped to what the wait is about. */
  checkpoints: string[];
  outputs: RecordedOutput[];
  /** Field paths per kind of every object left at the end (see shapes.ts). */
  shapes?: Record<string, string[]>;
  error?: string;
  ms: number;
}
