/**
 * triageChecklist: the ordered checks an SRE walks for one scenario (rolling, stuck,
 * blue-green, canary), each filled in from the live state. Pure: `now` is passed in.
 */
import type { Store } from "../model/store";
import { templateLabels } from "../model/wire";
import { deploymentsBehind, diagnoseContext, type DeploymentFacts, type DiagnoseContext, type ServiceFacts } from "./context";
import { diagnose } from "./diagnose";
import {
  budgetCheck,
  cutCheck,
  endpointsCheck,
  historyCheck,
  newPodsCheck,
  pairCheck,
  probeCheck,
  progressingCheck,
  replicaSetsCheck,
  rolloutStatusCheck,
  selectorCheck,
  splitCheck,
  undoCheck,
  whyCheck,
  type TriageCheck,
  type TriageTarget,
} from "./triageChecks";

export type { CheckStatus, TriageCheck } from "./triageChecks";

/** The scenarios a checklist exists for. */
export type TriageScenario = "rolling" | "stuck" | "blue-green" | "canary";

/** Every TriageScenario, in the order the labs teach them. */
export const TRIAGE_SCENARIOS: readonly TriageScenario[] = ["rolling", "stuck", "blue-green", "canary"];

/** Scenario ids the labs use (`scenario:` in each lab.yaml), mapped onto checklists. */
const SCENARIO_ALIASES: Record<string, TriageScenario> = {
  rolling: "rolling",
  "rolling-update": "rolling",
  stuck: "stuck",
  "bad-rollout": "stuck",
  rollback: "stuck",
  "blue-green": "blue-green",
  canary: "canary",
};

/** The checklist for a scenario id as labs name it ("rolling-update", "bad-rollout", …), if any. */
export function triageScenarioFor(id: string): TriageScenario | undefined {
  return SCENARIO_ALIASES[id];
}

/** Which objects to check. Without names the first Deployment / a Service selecting its pods is used. */
export interface TriageOptions {
  namespace: string;
  deployment?: string;
  service?: string;
  now: number;
}

/** The checklist for a scenario, in the order to walk it. */
export function triageChecklist(scenario: TriageScenario, store: Store, opts: TriageOptions): TriageCheck[] {
  const ctx = diagnoseContext(store, opts.namespace, opts.now);
  const findings = diagnose(store, { namespace: opts.namespace, now: opts.now });
  let deployment = pickDeployment(ctx.deployments, opts.deployment);
  const service = pickService(ctx, deployment, opts.service);
  if (scenario === "canary" && opts.deployment === undefined && service) deployment = canaryOf(ctx, service) ?? deployment;
  const t: TriageTarget = { ctx, findings, namespace: opts.namespace, deployment, service };
  switch (scenario) {
    case "rolling":
      return [
        rolloutStatusCheck(t),
        replicaSetsCheck(t),
        budgetCheck(t),
        probeCheck(t),
        newPodsCheck(t),
        whyCheck(t),
        endpointsCheck(t),
        historyCheck(t),
      ];
    case "stuck":
      return [rolloutStatusCheck(t), progressingCheck(t), newPodsCheck(t), whyCheck(t), endpointsCheck(t), historyCheck(t), undoCheck(t)];
    case "blue-green":
      return [pairCheck(t, "blue-green"), selectorCheck(t), endpointsCheck(t), cutCheck(t)];
    case "canary":
      return [pairCheck(t, "canary"), selectorCheck(t), splitCheck(t), endpointsCheck(t), probeCheck(t), newPodsCheck(t)];
  }
}

function pickDeployment(all: DeploymentFacts[], name: string | undefined): DeploymentFacts | undefined {
  if (name !== undefined) return all.find((d) => d.view.name === name);
  // Prefer the Deployment in trouble, then the one mid-rollout: that is what triage is for.
  const rank = (d: DeploymentFacts): number => ({ Stuck: 0, Progressing: 1, Paused: 2, Complete: 3 })[d.view.phase];
  return [...all].sort((a, b) => rank(a) - rank(b))[0];
}

function pickService(ctx: DiagnoseContext, d: DeploymentFacts | undefined, name: string | undefined): ServiceFacts | undefined {
  const all = ctx.services;
  if (name !== undefined) return all.find((s) => s.view.name === name);
  if (d) {
    const labels = templateLabels(d.raw);
    const hit =
      all.find((s) => s.matched.some((p) => ctx.ownerOfPod.get(p) === d)) ??
      all.find((s) => Object.entries(s.view.selector).some(([k, v]) => labels[k] === v));
    if (hit) return hit;
  }
  return all[0];
}

/** The smallest Deployment serving behind the Service: the canary of a canary pair. */
function canaryOf(ctx: DiagnoseContext, s: ServiceFacts): DeploymentFacts | undefined {
  const behind = deploymentsBehind(ctx, s);
  return behind.length < 2 ? undefined : [...behind].sort((a, b) => a.view.replicas - b.view.replicas)[0];
}
