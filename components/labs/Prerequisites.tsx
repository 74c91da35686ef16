import type { MissingPrerequisite } from "@/lib/labs/prerequisites";

/** "Run step 1 first: it creates deployment/inference", with a way back to that step. */
export function Prerequisites({ missing, onGoto }: { missing: MissingPrerequisite[]; onGoto: (step: number) => void }) {
  const steps = [...new Map(missing.flatMap((m) => (m.step ? [[m.step.index, m.step] as const] : []))).values()];
  return (
    <div className="lab-prereq" role="note" aria-label="before this step" data-testid="lab-prerequisite">
      <ul>
        {missing.map((m) => (
          <li key={m.object}>{m.message}</li>
        ))}
      </ul>
      {steps.map((s) => (
        <button key={s.id} type="button" className="btn btn-small" onClick={() => onGoto(s.index)}>
          Go to step {s.index + 1}: {s.title}
        </button>
      ))}
    </div>
  );
}
