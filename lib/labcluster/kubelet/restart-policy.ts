/** Whether the kubelet restarts a container that exited with `code` (restartPolicy, init rules). */
export function willRestart(init: boolean, restartPolicy: "Always" | "OnFailure" | "Never", code: number): boolean {
  // Init containers must succeed once: they are retried on failure unless the policy is Never.
  if (init) return code !== 0 && restartPolicy !== "Never";
  return restartPolicy === "Always" || (restartPolicy === "OnFailure" && code !== 0);
}
