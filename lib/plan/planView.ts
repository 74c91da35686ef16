/**
 * The plan page's view model: what the page draws for a Plan, computed once on the server so the
 * page only renders. Each step becomes a row of pods (old, new Ready, new starting, new Pending),
 * the findings come errors first.
 */
import type { Finding } from "../model/types";
import { formatResources } from "../diagnose/capacity";
import type { DeploymentPlan, Plan } from "./plan";

/** One pod in a step's picture. */
export type PlannedPod = "old" | "new-ready" | "new-starting" | "new-pending";

/** One controller action and the pods right after it. */
export interface StepView {
  at: number;
  action: string;
  pods: PlannedPod[];
  available: number;
}

/** One Deployment of the manifests. */
export interface DeploymentPlanView {
  key: string;
  namespace: string;
  name: string;
  headline: string;
  budget: string;
  readiness: string;
  /** Whether there is a rollout to animate (create, rollout, scale). */
  moves: boolean;
  steps: StepView[];
  peakPods: number;
  /** Peak of each resource kind during the rollout, e.g. ["cpu 9", "memory 12Gi"]. */
  peakResources: { resource: string; amount: string }[];
  fit: "fits" | "does-not-fit" | "unknown" | "no-cluster";
  fitText: string;
  outcome: string;
  stalls: boolean;
}

/** Everything the plan page shows for one request. */
export interface PlanView {
  cluster: boolean;
  /** Said above the plan: offline lint, unreadable nodes, ignored objects. */
  notes: string[];
  deployments: DeploymentPlanView[];
  findings: Finding[];
  errors: number;
  warnings: number;
}

const HEADLINE: Record<DeploymentPlan["change"], string> = {
  create: "will be created",
  rollout: "will roll out a new pod template",
  scale: "will only scale",
  spec: "keeps its pods (spec change only)",
  unchanged: "is unchanged",
};
const SEVERITY_ORDER: Record<Finding["severity"], number> = { error: 0, warning: 1, info: 2 };

/** The page's picture of `plan`; `ignored` lists objects of kinds the planner does not read. */
export function planView(plan: Plan, ignored: readonly string[] = []): PlanView {
  const notes: string[] = [];
  if (!plan.cluster)
    notes.push(
      "No cluster: this is a lint of the manifest alone (like rollscope plan --offline); nothing is compared with what runs and the fit on the nodes is not checked.",
    );
  if (plan.cluster && plan.deployments.some((d) => d.fitsNow === undefined))
    notes.push("The nodes could not be read (forbidden or not served): the fit on the nodes is unknown.");
  if (ignored.length) notes.push(`Not planned (only Deployments, Services and PodDisruptionBudgets are): ${ignored.join(", ")}.`);
  const findings = [...plan.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return {
    cluster: plan.cluster,
    notes,
    deployments: plan.deployments.map((d) => deploymentView(d, plan.cluster)),
    findings,
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
  };
}

function deploymentView(d: DeploymentPlan, cluster: boolean): DeploymentPlanView {
  const sim = d.simulation;
  const moves = d.change === "create" || d.change === "rollout" || d.change === "scale";
  const fit = !cluster ? "no-cluster" : d.fitsNow === undefined ? "unknown" : d.fitsNow ? "fits" : "does-not-fit";
  return {
    key: `${d.namespace}/${d.name}`,
    namespace: d.namespace,
    name: d.name,
    headline: HEADLINE[d.change],
    budget: d.strategy === "Recreate" ? "Recreate" : `RollingUpdate maxSurge ${d.maxSurge} maxUnavailable ${d.maxUnavailable}`,
    readiness: `a new pod is available after ~${Math.round(d.readySeconds)} s (${d.readySource === "observed" ? "observed on the running pods" : "estimated from the readiness probe"})`,
    moves,
    steps: moves ? sim.steps.map(stepView) : [],
    peakPods: sim.peakPods,
    peakResources: Object.entries(sim.peakResources)
      .filter(([k, v]) => k !== "pods" && v > 0)
      .map(([resource, v]) => ({ resource, amount: formatResources({ [resource]: v }).replace(` ${resource}`, "") })),
    fit,
    fitText: FIT_TEXT[fit],
    outcome: !moves
      ? "no pods change"
      : sim.stall
        ? `stalls after ${Math.round(sim.stall.at)} s with ${sim.stall.pending} new pod(s) Pending`
        : `expected duration ~${Math.round(sim.seconds ?? 0)} s`,
    stalls: moves && sim.stall !== undefined,
  };
}

const FIT_TEXT: Record<DeploymentPlanView["fit"], string> = {
  fits: "every step fits the nodes' free room now",
  "does-not-fit": "does not fit the nodes' free room now",
  unknown: "fit unknown: the nodes are not readable",
  "no-cluster": "fit not checked: no cluster",
};

/** The pods of one step: old first, then the new ones Ready, starting, Pending. */
function stepView(s: DeploymentPlan["simulation"]["steps"][number]): StepView {
  const placed = Math.max(0, s.newPods - s.pending);
  // The simulation counts availability as a whole; old pods are available until they go.
  const ready = Math.min(placed, Math.max(0, s.available - s.oldPods));
  const pods: PlannedPod[] = [
    ...Array<PlannedPod>(s.oldPods).fill("old"),
    ...Array<PlannedPod>(ready).fill("new-ready"),
    ...Array<PlannedPod>(placed - ready).fill("new-starting"),
    ...Array<PlannedPod>(Math.min(s.pending, s.newPods)).fill("new-pending"),
  ];
  return { at: s.at, action: s.action, pods, available: s.available };
}
