"use client";
/**
 * The lab panel beside the live stage: pick a lab, follow its steps, watch the checks tick as the
 * cluster changes. Live data comes from the `view` prop when the dashboard already has it, else
 * from polling GET /api/rollouts.
 */
import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import useSWR from "swr";
import type { Store } from "@/lib/model";
import type { RolloutsResponse } from "@/lib/model/types";
import type { LabIssue } from "@/lib/labs/errors";
import { selectedLabKey } from "@/lib/labs/progress";
import { namespaceForLab } from "@/lib/labs/labNamespace";
import { existsInView, missingPrerequisites } from "@/lib/labs/prerequisites";
import { Prerequisites } from "./Prerequisites";
import type { Lab, LabSummary } from "@/lib/labs/schema";
import type { ApplyPermissionView } from "./ApplyStep";
import { requestedServices, StepView, stepPasses } from "./StepView";
import { useTrafficPictures } from "../service/useServiceTraffic";
import { TriagePanel, triageTargets } from "./TriagePanel";
import { safeGet, safeSet, useLabProgress } from "./useLabProgress";
import "./labs.css";

interface LabsList {
  labs: LabSummary[];
  apply: ApplyPermissionView;
}

interface LabDetail {
  lab: Lab;
  apply: ApplyPermissionView;
}

class FetchError extends Error {
  constructor(
    message: string,
    readonly issues: LabIssue[] = [],
  ) {
    super(message);
  }
}

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: "no-store" });
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const b = body as { error?: string; issues?: LabIssue[] };
    throw new FetchError(b.error ?? `HTTP ${res.status}`, b.issues);
  }
  return body as T;
}

export function LabOverlay({
  namespace,
  view,
  live: stream,
}: {
  namespace: string;
  view?: RolloutsResponse;
  live?: { store: Store; now: number };
}) {
  const [labId, setLabId] = useState<string | undefined>();
  useEffect(() => {
    const remembered = safeGet(selectedLabKey(namespace)) || undefined;
    // A lab runs in its own namespace, never in default or another lab's.
    setLabId(remembered && namespaceForLab(remembered, namespace) === namespace ? remembered : undefined);
  }, [namespace]);
  const router = useRouter();
  const pick = (id: string | undefined) => {
    const target = id ? namespaceForLab(id, namespace) : namespace;
    safeSet(selectedLabKey(target), id ?? "");
    if (target !== namespace) router.push(`/?namespace=${encodeURIComponent(target)}`);
    else setLabId(id);
  };

  const list = useSWR<LabsList, FetchError>("/api/labs", fetchJson);
  const detail = useSWR<LabDetail, FetchError>(labId ? `/api/labs/${encodeURIComponent(labId)}` : null, fetchJson);
  const polled = useSWR<RolloutsResponse, FetchError>(view ? null : `/api/rollouts?namespace=${encodeURIComponent(namespace)}`, fetchJson, {
    refreshInterval: 2000,
  });
  const live = view ?? polled.data;
  const [progress, dispatch] = useLabProgress(namespace, labId);

  const lab = detail.data?.lab;
  const stepIndex = lab ? Math.min(progress.step, lab.steps.length - 1) : 0;
  const step = lab?.steps[stepIndex];
  const traffic = useTrafficPictures(!!step && requestedServices(step).length > 0);
  const passing = step ? stepPasses(step, live, namespace, traffic) : false;
  const missing = useMemo(
    () => (lab && live ? missingPrerequisites(lab, stepIndex, existsInView(live, namespace)) : []),
    [lab, stepIndex, live, namespace],
  );
  useEffect(() => {
    if (step && passing) dispatch({ type: "completed", stepId: step.id });
  }, [step, passing, dispatch]);

  // A lab remembered for this namespace that no longer exists: back to the list.
  const known = list.data?.labs.some((l) => l.id === labId) ?? true;
  useEffect(() => {
    if (!labId || known) return;
    setLabId(undefined);
    safeSet(selectedLabKey(namespace), "");
  }, [labId, known, namespace]);
  const error = list.error ?? detail.error;
  return (
    <section className="lab-overlay" aria-label="lab">
      <header className="lab-header">
        <label className="small">
          Lab{" "}
          <select value={labId ?? ""} onChange={(e) => pick(e.target.value || undefined)} aria-label="pick a lab">
            <option value="">— pick a lab —</option>
            {list.data?.labs.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" data-testid="lab-panel-namespace">
          {labId ? (
            <>
              namespace <code>{namespace}</code>
            </>
          ) : (
            "each lab runs in a namespace of its own"
          )}
        </span>
      </header>

      {error && (
        <div role="alert" className="lab-error">
          <p>{error.message.split("\n")[0]}</p>
          {error.issues.length > 0 && (
            <ul>
              {error.issues.map((i, n) => (
                <li key={n}>
                  <code>
                    {i.file}:{i.line}:{i.column}
                  </code>{" "}
                  {i.field}: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {!labId && list.data && (
        <ul className="lab-list">
          {list.data.labs.map((l) => (
            <li key={l.id}>
              <button type="button" className="btn btn-small" onClick={() => pick(l.id)}>
                {l.title}
              </button>{" "}
              <span className="muted small">
                {l.steps} steps{l.minutes ? ` · ~${l.minutes} min` : ""}
              </span>
              <p className="small">{l.summary}</p>
            </li>
          ))}
        </ul>
      )}

      {lab && step && (
        <>
          <nav className="lab-steps" aria-label="steps">
            <ol>
              {lab.steps.map((s, i) => {
                const done = progress.completed.includes(s.id);
                return (
                  <li key={s.id}>
                    <button
                      type="button"
                      className={`lab-step-pill${done ? " lab-step-done" : ""}`}
                      aria-current={i === stepIndex ? "step" : undefined}
                      aria-label={`${i + 1}. ${s.title}${done ? " (done)" : ""}`}
                      title={s.title}
                      onClick={() => dispatch({ type: "goto", step: i, steps: lab.steps.length })}
                    >
                      {done ? "✓" : i + 1}
                    </button>
                  </li>
                );
              })}
            </ol>
            <span className="muted small">
              Step {stepIndex + 1} of {lab.steps.length}
              {passing ? " · all checks pass" : ""}
            </span>
          </nav>
          {stepIndex === 0 && (
            <p className="muted small" data-testid="lab-namespace">
              This lab runs in namespace <code>{namespace}</code>; Apply creates it first (<code>kubectl create namespace {namespace}</code>
              ).
            </p>
          )}
          {missing.length > 0 && (
            <Prerequisites missing={missing} onGoto={(i) => dispatch({ type: "goto", step: i, steps: lab.steps.length })} />
          )}
          <StepView
            key={`${lab.id}/${step.id}`}
            lab={lab}
            step={step}
            namespace={namespace}
            view={live}
            traffic={traffic}
            hintsShown={progress.hints[step.id] ?? 0}
            solutionShown={progress.solutions.includes(step.id)}
            permission={detail.data?.apply ?? { allowed: false, reason: "…" }}
            blocked={missing.length > 0 ? missing.map((m) => m.message).join(" ") : undefined}
            onHint={() => dispatch({ type: "hint", stepId: step.id, available: step.hints.length })}
            onSolution={() => dispatch({ type: "solution", stepId: step.id })}
          />
          {step.scenario && (
            <TriagePanel
              key={step.id}
              scenario={step.scenario}
              namespace={namespace}
              {...triageTargets(step)}
              open={!!step.diagnosis}
              live={stream}
            />
          )}
          <footer className="lab-footer">
            <button
              type="button"
              className="btn btn-small"
              disabled={stepIndex === 0}
              onClick={() => dispatch({ type: "goto", step: stepIndex - 1, steps: lab.steps.length })}
            >
              ← Previous
            </button>
            <button
              type="button"
              className="btn btn-small"
              disabled={stepIndex === lab.steps.length - 1}
              onClick={() => dispatch({ type: "goto", step: stepIndex + 1, steps: lab.steps.length })}
            >
              Next →
            </button>
            <button type="button" className="btn btn-small" onClick={() => dispatch({ type: "reset" })}>
              Start over
            </button>
          </footer>
        </>
      )}
    </section>
  );
}

export default LabOverlay;
