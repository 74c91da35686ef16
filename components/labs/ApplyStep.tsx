"use client";
import { useState } from "react";
import type { PlannedCommand } from "@/lib/labs/applyPlan";
import type { CommandOutcome } from "@/lib/labs/applyRun";

export interface ApplyPermissionView {
  allowed: boolean;
  reason: string;
}

type State =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; ok: boolean; outcomes: CommandOutcome[] }
  | { kind: "error"; message: string };

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
        <summary className="muted small">Apply runs {plan.length} command{plan.length === 1 ? "" : "s"}</summary>
        <ol className="lab-apply-plan">
          {plan.map((p, i) => {
            const outcome = state.kind === "done" ? state.outcomes[i] : undefined;
            return (
              <li key={i} data-testid="lab-apply-command">
                <code>{p.display}</code>
                {outcome && (
                  <span className={outcome.ok ? "small" : "small lab-apply-failed"}>
                    {" "}
                    {outcome.ok ? "✓" : "✖"} exit {outcome.exitCode}
                    {(outcome.stderr || outcome.stdout) && <pre className="lab-apply-output">{(outcome.stderr || outcome.stdout).trim().slice(0, 600)}</pre>}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </details>
      <button type="button" className="btn" disabled={!permission.allowed || state.kind === "running"} onClick={apply} title={permission.reason}>
        {state.kind === "running" ? "Applying…" : props.solution ? "Apply this step with its fix" : "Apply this step"}
      </button>
      {!permission.allowed && <p className="muted small">{permission.reason}</p>}
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
