/**
 * What "Apply this step" runs, in order, as argv + the exact line shown to the learner. Pure:
 * the overlay shows the same plan the server executes.
 */
import { commandArgv, manifestApplyCommand, renderCommand } from "./commands";
import type { LabCommand, LabStep } from "./schema";

export interface PlannedCommand {
  /** The line as the learner would type it (namespace filled in). */
  display: string;
  /** argv without the leading "kubectl"; the runner adds kubectl and the cluster flags. */
  args: string[];
  expect: "success" | "failure" | "any";
  source: "namespace" | "manifest" | "command" | "solution";
}

function planned(cmd: LabCommand, namespace: string, source: PlannedCommand["source"]): PlannedCommand {
  return {
    display: renderCommand(cmd.run, namespace),
    args: commandArgv(cmd.run, namespace).slice(1),
    expect: cmd.expect ?? "success",
    source,
  };
}

/**
 * The step's manifests (kubectl apply), then its change commands, then (when asked) its
 * solution. Observe-only commands (status, history, get) are left to the learner.
 */
export function applyPlan(labDir: string, step: LabStep, namespace: string, opts: { solution?: boolean } = {}): PlannedCommand[] {
  const plan: PlannedCommand[] = [
    // A missing namespace would fail every apply after it; one that exists already is success
    // (runPlan reads kubectl's AlreadyExists), anything else (forbidden, a bad name) stops the plan.
    planned({ run: "kubectl create namespace {ns}" }, namespace, "namespace"),
  ];
  for (const m of step.manifests) plan.push(planned({ run: manifestApplyCommand(labDir, m) }, namespace, "manifest"));
  for (const c of step.commands) if (!c.observe) plan.push(planned(c, namespace, "command"));
  if (opts.solution) for (const c of step.solution) if (!c.observe) plan.push(planned(c, namespace, "solution"));
  return plan;
}
