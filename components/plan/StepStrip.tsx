"use client";
import { useEffect, useState } from "react";
import type { PodState } from "@/lib/model";
import type { DeploymentPlanView, PlannedPod } from "@/lib/plan/planView";
import { useReducedMotion } from "../chrome/useReducedMotion";
import { GLYPH_RADIUS, GLYPHS } from "../deployment/glyphs";

const STEP_MS = 700;
const SIZE = GLYPH_RADIUS * 2 + 6;
/** The stage's glyphs: an old pod is a Ready pod drawn faded, a new one by its state. */
const GLYPH_OF: Record<PlannedPod, PodState> = { old: "Ready", "new-ready": "Ready", "new-starting": "Starting", "new-pending": "Pending" };
const LABEL: Record<PlannedPod, string> = {
  old: "old pod",
  "new-ready": "new pod, Ready",
  "new-starting": "new pod, starting",
  "new-pending": "new pod, Pending (no room)",
};

/** The planned rollout step by step: plays once through (instantly with reduced motion), then the slider picks a step. */
export function StepStrip({ plan }: { plan: DeploymentPlanView }) {
  const reduced = useReducedMotion();
  const last = plan.steps.length - 1;
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(true);
  const shown = reduced && playing ? last : Math.min(step, last);

  useEffect(() => {
    if (!playing || reduced) return;
    if (step >= last) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setStep((s) => s + 1), STEP_MS);
    return () => clearTimeout(t);
  }, [playing, reduced, step, last]);

  const s = plan.steps[shown];
  if (!s) return null;
  return (
    <div className="plan-strip" data-testid={`plan-steps-${plan.name}`} data-step={shown} data-steps={plan.steps.length}>
      <div
        className="plan-pods"
        role="img"
        aria-label={`step ${shown + 1} of ${plan.steps.length}: ${count(s.pods, "old")} old, ${s.pods.length - count(s.pods, "old")} new pods, ${s.available} available`}
      >
        {s.pods.map((p, i) => (
          <PlanGlyph key={i} pod={p} />
        ))}
      </div>
      <p className="plan-step-text" aria-live="polite">
        <strong>{Math.round(s.at)} s</strong> {s.action} · {s.available} available
      </p>
      <div className="plan-controls">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => (shown >= last ? (setStep(0), setPlaying(true)) : setPlaying(!playing))}
        >
          {playing && !reduced && shown < last ? "pause" : "replay"}
        </button>
        <input
          type="range"
          min={0}
          max={last}
          value={shown}
          aria-label={`step of the rollout of ${plan.name}`}
          onChange={(e) => {
            setPlaying(false);
            setStep(Number(e.target.value));
          }}
        />
        <span className="muted small">
          step {shown + 1}/{plan.steps.length}
        </span>
      </div>
    </div>
  );
}

function count(pods: readonly PlannedPod[], kind: PlannedPod): number {
  return pods.filter((p) => p === kind).length;
}

function PlanGlyph({ pod }: { pod: PlannedPod }) {
  const g = GLYPHS[GLYPH_OF[pod]];
  return (
    <svg
      className={`plan-glyph plan-${pod} ${g.className}`}
      width={SIZE}
      height={SIZE}
      viewBox={`${-SIZE / 2} ${-SIZE / 2} ${SIZE} ${SIZE}`}
      data-pod={pod}
      aria-label={LABEL[pod]}
      role="img"
    >
      <path className="glyph-outline" d={g.outline} strokeDasharray={g.dashed ? "4 3" : undefined} />
      {g.fill && <path className="glyph-fill" d={g.fill} />}
      {g.mark && <path className="glyph-mark" d={g.mark} transform={g.markRotate ? `rotate(${g.markRotate})` : undefined} />}
    </svg>
  );
}
