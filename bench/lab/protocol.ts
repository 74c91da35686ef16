/** Messages between the bench and its lab-cluster driver child (one JSON object per line). */
export type DriverCommand =
  | { op: "fill"; namespace: string; pods: number; podsPerDeployment?: number }
  | { op: "churn"; namespace: string; rate: number; subset?: number }
  | { op: "conveyor"; namespace: string; intervalMs: number }
  | { op: "stop-churn" }
  | { op: "exit" };

export type DriverReply =
  | { op: "ready"; server: string; kubeconfig: string; pid: number }
  | { op: "filled"; objects: number; pods: number; ms: number; resourceVersion: string }
  | { op: "churning"; pods: number }
  | { op: "churn-stopped"; writes: number; seconds: number; lagMaxMs: number }
  | { op: "error"; message: string };
