"use client";
import { useMemo } from "react";
import type { RolloutsResponse } from "@/lib/model/types";
import { applyPlan } from "@/lib/labs/applyPlan";
import { evaluateCheck, evaluateChecks } from "@/lib/labs/checks";
import { manifestApplyCommand } from "@/lib/labs/commands";
import type { Lab, LabCommand, LabStep } from "@/lib/labs/schema";
import type { TrafficPicture } from "@/lib/traffic/picture";
import { RequestTrafficStarter } from "../service/RequestTrafficStarter";
import { ApplyStep, type ApplyPermissionView } from "./ApplyStep";
import { CheckList } from "./CheckList";
import { CommandList } from "./CommandList";
import { Explanation } from "./Explanation";
import { HintList } from "./HintList";
import { MiniStage } from "./MiniStage";

/** One step: explanation, commands (manifests first, as kubectl apply lines), live checks, help. */
export function StepView(props: {
  lab: Lab;
  step: LabStep;
  namespace: string;
  view: RolloutsResponse | undefined;
  /** Every Service's requests, when the step has requests checks. */
  traffic?: TrafficPicture[];
  hintsShown: number;
  solutionShown: boolean;
  permission: ApplyPermissionView;
  /** Why Apply would fail now (an earlier step has not run). */
  blocked?: string;
  onHint: () => void;
  onSolution: () => void;
}) {
  const { lab, step, namespace, view, traffic } = props;
  const results = useMemo(() => (view ? evaluateChecks(step.checks, view, namespace, traffic) : []), [view, step, namespace, traffic]);
  const commands: LabCommand[] = [...step.manifests.map((m) => ({ run: manifestApplyCommand(lab.dir, m) })), ...step.commands];
  const plan = applyPlan(lab.dir, step, namespace, { solution: props.solutionShown });
  const diagnosis = step.diagnosis;
  const diagnosedNow =
    diagnosis && view ? evaluateCheck({ finding: diagnosis.finding, object: diagnosis.object }, view, namespace).pass : false;

  return (
    <article className="lab-step" data-step={step.id}>
      <h3>{step.title}</h3>
      <Explanation source={step.explanation} />
      {step.diagram && view && <MiniStage view={view} namespace={namespace} {...checkedObjects(step)} />}
      <CommandList commands={commands} namespace={namespace} label="commands" />
      {step.manifests.length > 0 && (
        <details className="lab-manifests">
          <summary className="muted small">Manifests</summary>
          {step.manifests.map((m) => (
            <pre key={m} className="lab-manifest" aria-label={m}>
              {lab.manifests[m]}
            </pre>
          ))}
        </details>
      )}
      <h4>Checks</h4>
      {requestedServices(step).map((svc) => (
        <RequestTrafficStarter key={svc} namespace={namespace} service={svc} />
      ))}
      {view ? <CheckList results={results} /> : <p className="muted small">Waiting for the cluster…</p>}
      <HintList hints={step.hints} shown={props.hintsShown} onMore={props.onHint} />
      {(step.solution.length > 0 || diagnosis) &&
        (props.solutionShown ? (
          <section className="lab-solution" aria-label="solution">
            {diagnosis && (
              <p data-testid="lab-diagnosis" data-code={diagnosis.finding} data-present={diagnosedNow ? "true" : "false"}>
                <strong>{diagnosis.finding}</strong> on {diagnosis.object}
                <span className="muted small"> — {diagnosedNow ? "Rollscope reports it now" : "not reported right now"}</span>
                {diagnosis.explanation && <span className="lab-diagnosis-text">{diagnosis.explanation}</span>}
              </p>
            )}
            <CommandList commands={step.solution} namespace={namespace} label="solution" />
          </section>
        ) : (
          <button type="button" className="btn btn-small" onClick={props.onSolution}>
            Show the diagnosis and fix
          </button>
        ))}
      <ApplyStep
        labId={lab.id}
        stepId={step.id}
        namespace={namespace}
        plan={plan}
        permission={props.permission}
        solution={props.solutionShown}
        blocked={props.blocked}
      />
    </article>
  );
}

/** Whether every check of the step passes now (a step without checks never counts as done). */
export function stepPasses(step: LabStep, view: RolloutsResponse | undefined, namespace: string, traffic?: TrafficPicture[]): boolean {
  return !!view && step.checks.length > 0 && evaluateChecks(step.checks, view, namespace, traffic).every((r) => r.pass);
}

/** The Services whose requests the step's checks read. */
export function requestedServices(step: LabStep): string[] {
  return [...new Set(step.checks.flatMap((c) => ("requests" in c ? [c.requests] : [])))];
}

/** Names of the Deployments and Services the step's checks expect to exist. */
export function checkedObjects(step: LabStep): { deployments: string[]; services: string[] } {
  const deployments = new Set<string>();
  const services = new Set<string>();
  for (const c of step.checks) {
    if ("deployment" in c && c.exists !== false) deployments.add(c.deployment);
    if ("service" in c && c.exists !== false) services.add(c.service);
  }
  return { deployments: [...deployments], services: [...services] };
}
