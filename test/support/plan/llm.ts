/**
 * The `llm` Deployment the planner's tests roll out (issue 16): three pods of 3 cpu fill the lab's
 * three 4-cpu nodes, so a surge pod of the next version fits nowhere while an in-place budget
 * replaces them one by one. One builder for the unit, Playwright and real-control-plane suites.
 */

/** maxSurge 1 / maxUnavailable 0: needs room for a fourth pod. */
export const SURGE = "maxSurge: 1, maxUnavailable: 0";
/** maxSurge 0 / maxUnavailable 1: replaces the pods in place. */
export const IN_PLACE = "maxSurge: 0, maxUnavailable: 1";

export interface LlmOptions {
  /** terminationGracePeriodSeconds; left out (the default, 30 s) when not given. */
  gracePeriodSeconds?: number;
  /** Seconds before the container becomes ready (default 1). */
  readyAfterSeconds?: number;
  /** A memory request beside the 3 cpu. */
  memory?: string;
  /** YAML lines appended to the Deployment's spec after the strategy (each starting "\n  "). */
  specExtra?: string;
  /** Also a Service `llm` selecting the pods. */
  service?: boolean;
}

const SERVICE = `---
apiVersion: v1
kind: Service
metadata: {name: llm}
spec:
  selector: {app: llm}
  ports: [{port: 80, targetPort: 8000}]
`;

/** The manifest (YAML text) of `llm` at image tag `version` with the rolling-update `budget`. */
export function llmManifest(version: string, budget: string, opts: LlmOptions = {}): string {
  const grace = opts.gracePeriodSeconds === undefined ? "" : `\n      terminationGracePeriodSeconds: ${opts.gracePeriodSeconds}`;
  const requests = opts.memory === undefined ? `{cpu: "3"}` : `{cpu: "3", memory: ${opts.memory}}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: llm}
spec:
  replicas: 3
  selector: {matchLabels: {app: llm}}
  strategy: {rollingUpdate: {${budget}}}${opts.specExtra ?? ""}
  template:
    metadata: {labels: {app: llm}}
    spec:${grace}
      containers:
      - name: llm
        image: vllm/vllm-openai:${version}
        command: ["sh", "-c", "sleep ${opts.readyAfterSeconds ?? 1}; touch /tmp/ready; sleep infinity"]
        readinessProbe: {exec: {command: ["cat", "/tmp/ready"]}, periodSeconds: 1}
        resources: {requests: ${requests}}
${opts.service ? SERVICE : ""}`;
}
