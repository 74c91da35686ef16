"use client";
import type { DeploymentView, Finding } from "@/lib/model";
import { PhaseBadge } from "../chrome/PhaseBadge";
import { FindingsList } from "../findings/FindingsList";
import { BudgetGauges } from "./BudgetGauges";
import { ConditionsPanel, RolloutStatusLine } from "./ConditionsPanel";
import { DeadlinePanel } from "./DeadlinePanel";
import { ReplicaSetLane } from "./ReplicaSetLane";
import { RolloutHistory } from "./RolloutHistory";
import { StageHandover } from "./StageHandover";

export interface DeploymentStageProps {
  d: DeploymentView;
  findings: Finding[];
  now: number;
  durationMs: number;
}

/** The stage of one Deployment: budgets, deadline, status, one lane per ReplicaSet, history. */
export function DeploymentStage({ d, findings, now, durationMs }: DeploymentStageProps) {
  const newest = d.replicaSets.find((rs) => rs.isNew);
  // Lanes with pods or replicas; the last old revision stays visible at 0 as the rollback target.
  const lastOld = [...d.replicaSets].reverse().find((rs) => !rs.isNew);
  const lanes = d.replicaSets.filter((rs) => rs.isNew || rs.desired > 0 || rs.pods.length > 0 || rs === lastOld);
  const hidden = d.replicaSets.length - lanes.length;
  return (
    <article
      className="stage card"
      id={`deployment-${d.namespace}-${d.name}`}
      data-testid={`deployment-${d.name}`}
      aria-labelledby={`dh-${d.uid}`}
    >
      <header className="stage-head">
        <h2 id={`dh-${d.uid}`}>
          <span className="kind">deployment</span> {d.name} <span className="muted ns">{d.namespace}</span>
        </h2>
        <PhaseBadge phase={d.phase} reason={d.phaseReason} />
        <span className="muted">{d.phaseReason}</span>
        <span className="stage-spec muted">
          {d.strategy} · replicas {d.replicas}
          {d.strategy === "RollingUpdate" && ` · maxSurge ${d.maxSurge} · maxUnavailable ${d.maxUnavailable}`}
          {d.minReadySeconds > 0 && ` · minReadySeconds ${d.minReadySeconds}`}
          {d.paused && " · paused"}
        </span>
      </header>
      {/* What moves first (status, deadline, budgets, lanes), the API's detail after. */}
      <RolloutStatusLine d={d} />
      <DeadlinePanel d={d} />
      {d.strategy === "RollingUpdate" && <BudgetGauges d={d} />}
      <div className="lanes">
        {lanes.map((rs) => (
          <ReplicaSetLane key={rs.uid} rs={rs} stalled={d.phase === "Stuck" && rs === newest} now={now} durationMs={durationMs} />
        ))}
        {hidden > 0 && (
          <p className="muted small">
            {hidden} older revision{hidden === 1 ? "" : "s"} at 0 replicas (see history)
          </p>
        )}
      </div>
      <StageHandover d={d} />
      {d.next && (
        <p className="next-step" data-testid="next-step">
          <span className="muted">controller next:</span> {d.next.action}
          {d.next.pod ? ` pod ${d.next.pod}` : d.next.replicaSet ? ` in ${d.next.replicaSet}` : ""} — {d.next.why}
        </p>
      )}
      <ConditionsPanel d={d} />
      <FindingsList findings={findings} />
      <RolloutHistory d={d} />
    </article>
  );
}
