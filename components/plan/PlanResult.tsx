import type { DeploymentPlanView, PlanView } from "@/lib/plan/planView";
import { FindingsList } from "../findings/FindingsList";
import { StepStrip } from "./StepStrip";

/** What the controllers will do for the pasted manifests, and the risks: errors loud, warnings quiet. */
export function PlanResult({ view }: { view: PlanView }) {
  const errors = view.findings.filter((f) => f.severity === "error");
  const rest = view.findings.filter((f) => f.severity !== "error");
  return (
    <section className="plan-result" data-testid="plan-result" data-errors={view.errors} data-cluster={view.cluster ? "live" : "offline"}>
      {view.notes.map((n) => (
        <p key={n} className="banner banner-info" role="status">
          {n}
        </p>
      ))}
      <p className={view.errors ? "plan-verdict plan-verdict-error" : "plan-verdict"} data-testid="plan-verdict">
        {view.errors
          ? `✖ ${view.errors} error(s): this rollout will not finish as written`
          : view.warnings
            ? `No error; ${view.warnings} warning(s)`
            : "No risks found"}
      </p>
      {view.deployments.map((d) => (
        <DeploymentPlanCard key={d.key} plan={d} />
      ))}
      <FindingsList findings={errors} title="Errors" />
      {rest.length > 0 && (
        <div className="plan-warnings">
          <FindingsList findings={rest} title="Warnings" />
        </div>
      )}
    </section>
  );
}

function DeploymentPlanCard({ plan }: { plan: DeploymentPlanView }) {
  return (
    <article className="card plan-card" data-testid={`plan-${plan.name}`} data-fit={plan.fit} data-stalls={plan.stalls ? "true" : "false"}>
      <h2>
        deployment/{plan.name} <span className="muted">-n {plan.namespace}</span> {plan.headline}
      </h2>
      <p className="muted">
        {plan.budget}; {plan.readiness}
      </p>
      {plan.moves && <StepStrip plan={plan} />}
      <dl className="plan-facts">
        <dt>peak</dt>
        <dd>
          {plan.peakPods} pods
          {plan.peakResources.map((r) => (
            <span key={r.resource} className="plan-resource">
              {" "}
              · {r.amount} {r.resource}
            </span>
          ))}
        </dd>
        <dt>fit</dt>
        <dd data-testid={`plan-fit-${plan.name}`} className={plan.fit === "does-not-fit" ? "plan-bad" : undefined}>
          {plan.fitText}
        </dd>
        <dt>outcome</dt>
        <dd className={plan.stalls ? "plan-bad" : undefined}>{plan.outcome}</dd>
      </dl>
    </article>
  );
}
