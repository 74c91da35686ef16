/** `rollscope plan` as text for people: each Deployment's steps, peak, fit and duration, then the risks. */
import type { Finding } from "../model/types";
import type { DeploymentPlan, Plan } from "./plan";

const ICON: Record<Finding["severity"], string> = { error: "ERROR", warning: "WARN ", info: "INFO " };
const CHANGE: Record<DeploymentPlan["change"], string> = {
  create: "will be created",
  rollout: "will roll out a new pod template",
  scale: "will only scale",
  spec: "keeps its pods (spec change only)",
  unchanged: "is unchanged",
};

/** The whole plan as lines. */
export function planText(plan: Plan): string {
  const lines: string[] = [];
  if (!plan.cluster) lines.push("No cluster: the plan assumes nothing runs yet and checks only what the files say.", "");
  for (const d of plan.deployments) lines.push(...deploymentLines(d, plan.cluster), "");
  const errors = plan.findings.filter((f) => f.severity === "error").length;
  if (plan.findings.length === 0) lines.push("No risks found.");
  else lines.push(`${plan.findings.length} risk(s), ${errors} error(s):`, "");
  for (const f of plan.findings) {
    lines.push(
      `${ICON[f.severity]} ${f.code}  ${f.object.kind.toLowerCase()}/${f.object.name} -n ${f.object.namespace}`,
      `       ${f.message}`,
    );
    for (const e of f.evidence) lines.push(`       · ${e}`);
    lines.push(`       fix: ${f.fix}`, "");
  }
  return lines.join("\n").trimEnd();
}

function deploymentLines(d: DeploymentPlan, cluster: boolean): string[] {
  const sim = d.simulation;
  const budget = d.strategy === "Recreate" ? "Recreate" : `RollingUpdate maxSurge ${d.maxSurge} maxUnavailable ${d.maxUnavailable}`;
  const lines = [
    `deployment/${d.name} -n ${d.namespace} ${CHANGE[d.change]}: ${d.replicas} replicas, ${budget}; a new pod is available after ~${Math.round(d.readySeconds)}s (${d.readySource})`,
  ];
  if (d.change === "unchanged" || d.change === "spec") return lines;
  lines.push("    at  old  new  pending  available  step");
  for (const s of sim.steps)
    lines.push(
      `${`${Math.round(s.at)}s`.padStart(6)}${String(s.oldPods).padStart(5)}${String(s.newPods).padStart(5)}${String(s.pending).padStart(9)}${String(s.available).padStart(11)}  ${s.action}`,
    );
  lines.push(`  peak: ${sim.peakPods} pods${d.peakResourcesText ? `, ${d.peakResourcesText}` : ""}`);
  if (cluster)
    lines.push(`  fits the nodes' free room now: ${d.fitsNow === undefined ? "unknown (nodes not readable)" : d.fitsNow ? "yes" : "no"}`);
  lines.push(
    sim.stall
      ? `  outcome: stalls at ${Math.round(sim.stall.at)}s with ${sim.stall.pending} pod(s) Pending`
      : `  expected duration: ~${Math.round(sim.seconds ?? 0)}s`,
  );
  return lines;
}
