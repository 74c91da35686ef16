"use client";
import { useState } from "react";
import type { PlannedCommand } from "@/lib/labs/applyPlan";
import type { CommandOutcome } from "@/lib/labs/applyRun";
import { outcomeLine } from "@/lib/labs/outcomeLine";

export interface ApplyPermissionView {
  allowed: boolean;
  reason: string;
}

type State =
  { kind: "idle" } | { kind: "running" } | { kind: "done"; ok: boolean; outcomes: CommandOutcome[] } | { kind: "error"; message: string };

/**
 * "Apply this step": always lists the exact kubectl lines it runs; enabled only where the server
 * allows it (embedded lab cluster, or ROLLSCOPE_ALLOW_APPLY=1), and says why not otherwise.
 */
export function ApplyStep(props: {
  labId: string;
  stepId: string;
  namespace: string;
  plan: PlannedCommand[];
  permission: ApplyPermissionView;
  solution: boolean;
  /** Why Apply would fail now (an earlier step has not run); disables the button. */
  blocked?: string;
  onApplied?: () => void;
}) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const { permission, plan } = props;

  async function apply() {
    setState({ kind: "running" });
    try {
      const res = await fetch("/api/labs/apply", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lab: props.labId, step: props.stepId, namespace: props.namespace, solution: props.solution }),
      });
      const body = (await res.json()) as { ok?: boolean; outcomes?: CommandOutcome[]; error?: string };
      if (!res.ok || !body.outcomes) setState({ kind: "error", message: body.error ?? `HTTP ${res.status}` });
      else setState({ kind: "done", ok: body.ok === true, outcomes: body.outcomes });
      props.onApplied?.();
    } catch (err) {
      setState({ kind: "error", message: (err as Error).message });
    }
  }

  return (
    <section className="lab-apply" aria-label="apply this step">
      <details open={state.kind !== "idle"}>
        <summary className="muted small">
          Apply runs {plan.length} command{plan.length === 1 ? "" : "s"}
        </summary>
        <ol className="lab-apply-plan">
          {plan.map((p, i) => {
            const outcome = state.kind === "done" ? state.outcomes[i] : undefined;
            return (
              <li key={i} data-testid="lab-apply-command">
                <code>{p.display}</code>
                {outcome && (
                  <span
                    className={outcome.exitCode === 0 || outcome.note ? "small lab-apply-ok" : "small lab-apply-failed"}
                    data-testid="lab-apply-outcome"
                    data-exit={outcome.exitCode}
                  >
                    {" "}
                    {outcomeLine(outcome)}
                    {(outcome.stderr || outcome.stdout).trim() && (
                      <details>
                        <summary className="muted small">output (exit {outcome.exitCode})</summary>
                        <pre className="lab-apply-output">{(outcome.stderr || outcome.stdout).trim().slice(0, 600)}</pre>
                      </details>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </details>
      <button
        type="button"
        className="btn lab-btn-primary"
        disabled={!permission.allowed || !!props.blocked || state.kind === "running"}
        onClick={apply}
        title={props.blocked ?? permission.reason}
      >
        {state.kind === "running" ? "Applying…" : props.solution ? "Apply this step with its fix" : "Apply this step"}
      </button>
      {!permission.allowed && <p className="muted small">{permission.reason}</p>}
      {permission.allowed && props.blocked && <p className="muted small">Apply waits for the step before: {props.blocked}</p>}
      {state.kind === "done" && (
        <p className="small" role="status" data-testid="lab-apply-result" data-ok={state.ok ? "true" : "false"}>
          {state.ok ? "Applied. Watch the stage and the checks." : "A command did not do what the step expected; its output is above."}
        </p>
      )}
      {state.kind === "error" && (
        <p className="small lab-apply-failed" role="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}
