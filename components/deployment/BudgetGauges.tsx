import type { DeploymentView } from "@/lib/model";
import "./gauges.css";

/** Past this many units a budget is one proportional bar: 500 cells would not fit a card. */
const MAX_CELLS = 24;

function fmtRaw(raw: string | number | undefined, resolved: number): string {
  return raw === undefined || String(raw) === String(resolved) ? String(resolved) : `${raw} → ${resolved}`;
}

/** A row of cells, one per unit of budget: filled when in use. Count is what the text says. */
function Cells({ used, total, kind }: { used: number; total: number; kind: "surge" | "unavailable" }) {
  const n = Math.max(total, used);
  if (n > MAX_CELLS) {
    return (
      <span className={`gauge-bar gauge-${kind}${used > total ? " over" : ""}`} aria-hidden="true" data-testid={`${kind}-bar`}>
        <span className="gauge-bar-used" style={{ width: `${(100 * used) / n}%` }} />
      </span>
    );
  }
  return (
    <span className="gauge-cells" aria-hidden="true">
      {Array.from({ length: n }, (_, i) => (
        <span key={i} className={`gauge-cell gauge-${kind}${i < used ? " used" : ""}${i >= total ? " over" : ""}`} />
      ))}
      {n === 0 && <span className="gauge-none">none allowed</span>}
    </span>
  );
}

/** Surge and unavailability budgets with the resolved numbers (ROLLOUT-SPEC §1, §4). */
export function BudgetGauges({ d }: { d: DeploymentView }) {
  const b = d.budget;
  const surgeText = `surge ${b.surgeUsed}/${d.maxSurge} in use`;
  const availOk = b.available >= b.minAvailable;
  const availText = `available ${b.available} ${availOk ? "≥" : "<"} ${b.minAvailable} min`;
  return (
    <div className="gauges" role="group" aria-label="rollout budgets">
      <div className="gauge" data-testid="surge-gauge">
        <div className="gauge-title">
          <strong>{surgeText}</strong>
          <span className="muted">
            pods {b.totalPods} / {b.maxTotal} max (replicas {d.replicas} + maxSurge {fmtRaw(d.maxSurgeRaw, d.maxSurge)})
          </span>
        </div>
        <Cells used={b.surgeUsed} total={d.maxSurge} kind="surge" />
      </div>
      <div className={`gauge${availOk ? "" : " gauge-breach"}`} data-testid="availability-gauge">
        <div className="gauge-title">
          <strong>{availText}</strong>
          <span className="muted">
            unavailable {b.unavailableUsed}/{d.maxUnavailable} allowed (replicas {d.replicas} − maxUnavailable{" "}
            {fmtRaw(d.maxUnavailableRaw, d.maxUnavailable)})
          </span>
        </div>
        <Cells used={b.unavailableUsed} total={d.maxUnavailable} kind="unavailable" />
      </div>
    </div>
  );
}
