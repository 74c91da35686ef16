import { deployment, NEVER_READY_CMD, service, type DeploymentOpts } from "./manifests";
import type { Scenario, Step } from "./types";

/*
 * The differential scenarios, as data. Each runs in its own namespace on both clusters; the
 * recorder traces Deployments/ReplicaSets/EndpointSlices and every `kubectl` step's output is
 * normalised and compared. Add a scenario by appending to SCENARIOS.
 */

const W = "web";

function web(o: Partial<DeploymentOpts> & { replicas: number; version: string }): Record<string, unknown> {
  return deployment({ name: W, ...o });
}

const report: Step[] = [
  { kubectl: ["rollout", "status", `deployment/${W}`, "--watch=false"] },
  { kubectl: ["rollout", "history", `deployment/${W}`] },
  { kubectl: ["describe", "deployment", W], dropEvents: true },
  { kubectl: ["get", "deployment", W] },
  { kubectl: ["get", "rs", "-l", `app=${W}`], sortBody: true },
];

function setVersion(v: string): Step {
  return { kubectl: ["set", "env", `deployment/${W}`, `VERSION=${v}`] };
}

function settle(replicas: number, name = W): Step[] {
  return [{ wait: { complete: name } }, { wait: { endpoints: W, ready: replicas } }];
}

/** v1 → v2 rolling update with the given fenceposts. */
function rolling(name: string, replicas: number, maxSurge: number | string, maxUnavailable: number | string): Scenario {
  return {
    name,
    about: `R=${replicas} maxSurge ${maxSurge} maxUnavailable ${maxUnavailable}: v1 → v2`,
    steps: [
      { apply: [web({ replicas, version: "v1", maxSurge, maxUnavailable }), service(W, { app: W })] },
      ...settle(replicas),
      setVersion("v2"),
      ...settle(replicas),
      ...report,
    ],
  };
}

/** v1 → v2 (healthy) → v3 whose pods never become Ready, stuck after a 10 s progress deadline. */
function toStuckV3(extra: Partial<DeploymentOpts> = {}): Step[] {
  return [
    { apply: [web({ replicas: 3, version: "v1", progressDeadlineSeconds: 10, ...extra }), service(W, { app: W })] },
    ...settle(3),
    setVersion("v2"),
    ...settle(3),
    { apply: [web({ replicas: 3, version: "v3", progressDeadlineSeconds: 10, command: NEVER_READY_CMD, ...extra })] },
    { wait: { stuck: W }, timeoutS: 60 },
  ];
}

export const SCENARIOS: Scenario[] = [
  rolling("r3-surge1-unavail0", 3, 1, 0),
  rolling("r3-25pct-25pct", 3, "25%", "25%"),
  rolling("r4-25pct-25pct", 4, "25%", "25%"),
  rolling("r10-30pct-0", 10, "30%", 0),
  rolling("r10-0-2", 10, 0, 2),
  rolling("r5-100pct-0", 5, "100%", 0),
  {
    name: "recreate",
    about: "Recreate R=3: all v1 pods go before any v2 pod is created",
    steps: [
      { apply: [web({ replicas: 3, version: "v1", recreate: true }), service(W, { app: W })] },
      ...settle(3),
      setVersion("v2"),
      ...settle(3),
      ...report,
    ],
  },
  {
    name: "stuck-v3",
    about: "v3 never Ready: ProgressDeadlineExceeded after 10 s, v2 keeps serving",
    steps: [...toStuckV3(), { wait: { endpoints: W, ready: 3 } }, ...report],
  },
  {
    name: "undo",
    about: "stuck v3, then `rollout undo`: v2's RS becomes new again (revision 4)",
    steps: [...toStuckV3(), { kubectl: ["rollout", "undo", `deployment/${W}`] }, ...settle(3), ...report],
  },
  {
    name: "undo-to-revision",
    about: "v1 → v2 → v3 all healthy, then `rollout undo --to-revision=1`",
    steps: [
      { apply: [web({ replicas: 3, version: "v1" }), service(W, { app: W })] },
      ...settle(3),
      setVersion("v2"),
      ...settle(3),
      setVersion("v3"),
      ...settle(3),
      { kubectl: ["rollout", "undo", `deployment/${W}`, "--to-revision=1"] },
      ...settle(3),
      { kubectl: ["rollout", "undo", `deployment/${W}`, "--to-revision=9"] },
      ...report,
    ],
  },
  {
    name: "history-limit-0",
    about: "revisionHistoryLimit 0: old RSes deleted after each rollout, so undo has no target",
    steps: [
      { apply: [web({ replicas: 3, version: "v1", revisionHistoryLimit: 0 }), service(W, { app: W })] },
      ...settle(3),
      setVersion("v2"),
      ...settle(3),
      { wait: { totalSpec: W, equals: 3 } },
      { kubectl: ["rollout", "undo", `deployment/${W}`] },
      ...report,
    ],
  },
  {
    name: "pause-scale-resume",
    about: "R=10 25%/25%, v2 never Ready (stuck shape 8+5), pause, scale 10→15 (proportional), resume, then a good v3",
    steps: [
      { apply: [web({ replicas: 10, version: "v1" }), service(W, { app: W })] },
      ...settle(10),
      { apply: [web({ replicas: 10, version: "v2", command: NEVER_READY_CMD })] },
      { wait: { rolling: W, newSpec: 5, newPods: 5 } },
      { wait: { totalSpec: W, equals: 13 } },
      { kubectl: ["rollout", "pause", `deployment/${W}`] },
      { kubectl: ["scale", `deployment/${W}`, "--replicas=15"] },
      // `get rs` prints CURRENT and READY: wait until the 6 new pods exist and v1's 4 are Ready
      // (v2's never are), or the output races the ReplicaSet controller on either cluster.
      { wait: { totalSpec: W, equals: 19, pods: 19, ready: 12 } },
      { kubectl: ["get", "rs", "-l", `app=${W}`], sortBody: true },
      { kubectl: ["rollout", "resume", `deployment/${W}`] },
      { apply: [web({ replicas: 15, version: "v3" })] },
      ...settle(15),
      ...report,
    ],
  },
  {
    name: "min-ready-seconds",
    about: "minReadySeconds 3: available lags ready, which paces the handover",
    steps: [
      { apply: [web({ replicas: 3, version: "v1", maxSurge: 1, maxUnavailable: 0, minReadySeconds: 3 }), service(W, { app: W })] },
      ...settle(3),
      setVersion("v2"),
      ...settle(3),
      ...report,
    ],
  },
  {
    name: "blue-green",
    about: "inference-blue and inference-green, 2 each; the Service selector is patched from blue to green",
    steps: [
      {
        apply: [
          deployment({ name: "inference-blue", app: "inference", labels: { color: "blue" }, replicas: 2, version: "v1-blue" }),
          deployment({ name: "inference-green", app: "inference", labels: { color: "green" }, replicas: 2, version: "v2-green" }),
          service(W, { app: "inference", color: "blue" }),
        ],
      },
      { wait: { complete: "inference-blue" } },
      { wait: { complete: "inference-green" } },
      { wait: { endpoints: W, ready: 2 } },
      { kubectl: ["patch", `service/${W}`, "-p", '{"spec":{"selector":{"app":"inference","color":"green"}}}'] },
      { kubectl: ["get", "service", W, "-o", "jsonpath={.spec.selector}"] },
      { wait: { endpoints: W, ready: 2 } },
      { kubectl: ["get", "deployments"], sortBody: true },
    ],
  },
  {
    name: "canary-9-1",
    about: "stable 9 + canary 1 behind one Service: 10 ready endpoints, 10% canary",
    steps: [
      {
        apply: [
          deployment({ name: "web-stable", app: W, labels: { track: "stable" }, replicas: 9, version: "v1" }),
          deployment({ name: "web-canary", app: W, labels: { track: "canary" }, replicas: 1, version: "v2" }),
          service(W, { app: W }),
        ],
      },
      { wait: { complete: "web-stable" } },
      { wait: { complete: "web-canary" } },
      { wait: { endpoints: W, ready: 10 } },
      { kubectl: ["get", "deployments"], sortBody: true },
      { kubectl: ["get", "pods", "-l", "track=canary", "-o", "custom-columns=VERSION:.spec.containers[0].env[0].value"] },
    ],
  },
  {
    name: "validation-and-refusals",
    about:
      "apiserver validation messages for bad fenceposts and Recreate+rollingUpdate; undo refused while paused; history of one revision",
    steps: [
      { apply: [web({ replicas: 3, version: "v1", maxSurge: 0, maxUnavailable: 0 })], expectFail: true },
      { apply: [web({ replicas: 3, version: "v1", maxSurge: "1%", maxUnavailable: "101%" })], expectFail: true },
      { apply: [web({ replicas: 3, version: "v1", maxSurge: "x" })], expectFail: true },
      {
        apply: [
          {
            ...web({ replicas: 3, version: "v1" }),
            spec: {
              ...(web({ replicas: 3, version: "v1" }).spec as object),
              strategy: { type: "Recreate", rollingUpdate: { maxSurge: 1 } },
            },
          },
        ],
        expectFail: true,
      },
      { apply: [web({ replicas: 3, version: "v1", minReadySeconds: 20, progressDeadlineSeconds: 10 })], expectFail: true },
      { apply: [web({ replicas: 2, version: "v1" }), service(W, { app: W })] },
      ...settle(2),
      { kubectl: ["rollout", "undo", `deployment/${W}`] },
      { kubectl: ["rollout", "history", `deployment/${W}`, "--revision=1"] },
      { kubectl: ["rollout", "history", `deployment/${W}`, "--revision=7"] },
      setVersion("v2"),
      ...settle(2),
      { kubectl: ["rollout", "pause", `deployment/${W}`] },
      { kubectl: ["rollout", "pause", `deployment/${W}`] },
      { kubectl: ["rollout", "undo", `deployment/${W}`] },
      { kubectl: ["rollout", "resume", `deployment/${W}`] },
      { kubectl: ["rollout", "undo", `deployment/${W}`, "--dry-run=server"] },
      { kubectl: ["scale", `deployment/${W}`, "--replicas=-1"] },
      { kubectl: ["get", "deployment", "nope"] },
      { kubectl: ["auth", "can-i", "patch", "deployments"] },
    ],
  },
  {
    name: "apply-list",
    about: "`kubectl apply` of a v1 List (what `kubectl get -o yaml` prints): client-side validation reads /openapi/v2",
    steps: [
      { apply: [web({ replicas: 2, version: "v1" }), service(W, { app: W })], asList: true },
      ...settle(2),
      { kubectl: ["get", "deployment", W] },
    ],
  },
  {
    name: "rollout-restart",
    about: "`kubectl rollout restart`: a new RS from the restartedAt annotation, rolled like any update",
    steps: [
      { apply: [web({ replicas: 3, version: "v1" }), service(W, { app: W })] },
      ...settle(3),
      { kubectl: ["rollout", "restart", `deployment/${W}`] },
      ...settle(3),
      ...report,
    ],
  },
];
