import type { RolloutPhase } from "@/lib/model";

const ICON: Record<RolloutPhase, string> = { Complete: "✓", Progressing: "↻", Stuck: "⚠", Paused: "⏸" };

/** Phase as icon + word (never colour alone). */
export function PhaseBadge({ phase, reason }: { phase: RolloutPhase; reason?: string }) {
  return (
    <span className={`phase phase-${phase.toLowerCase()}`} data-phase={phase} title={reason}>
      <span aria-hidden="true">{ICON[phase]}</span> {phase}
    </span>
  );
}
