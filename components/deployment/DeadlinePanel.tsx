import type { DeploymentView } from "@/lib/model";
import { duration } from "../format";

/** The progress deadline: a countdown while progressing, the verdict once it passed. */
export function DeadlinePanel({ d }: { d: DeploymentView }) {
  if (d.phase === "Stuck") {
    const cond = d.conditions.find((c) => c.type === "Progressing");
    return (
      <div className="deadline deadline-exceeded" role="alert" data-testid="deadline">
        <strong>{cond?.reason ?? "ProgressDeadlineExceeded"}</strong>
        <span>{cond?.message ?? d.phaseReason}</span>
        <span className="muted">
          Kubernetes does not roll back on its own. Undo:{" "}
          <code>
            kubectl rollout undo deployment/{d.name} -n {d.namespace}
          </code>
        </span>
      </div>
    );
  }
  if (d.phase !== "Progressing" || d.deadlineSecondsLeft === undefined || d.progressDeadlineSeconds === undefined) return null;
  const frac = d.deadlineSecondsLeft / d.progressDeadlineSeconds;
  return (
    <div className="deadline" data-testid="deadline">
      <span>
        progress deadline in <strong>{duration(d.deadlineSecondsLeft)}</strong>{" "}
        <span className="muted">(progressDeadlineSeconds {d.progressDeadlineSeconds}; resets whenever a pod becomes Ready)</span>
      </span>
      <span className="deadline-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(1, frac)) * 100}%` }} />
      </span>
    </div>
  );
}
