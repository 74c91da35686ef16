import { memo, useMemo } from "react";
import type { DeploymentView, RolloutsResponse, ServiceView } from "@/lib/model";
import { PhaseBadge } from "../chrome/PhaseBadge";
import { findingKey, indexFindings } from "../findingsIndex";
import type { LiveProgress } from "@/lib/response";
import { ViewsPending } from "./ViewsPending";

/** Errors loudly, warnings quietly: a risk is not yet a failure. */
function FindingCount({ errors, warnings }: { errors: number; warnings: number }) {
  return (
    <>
      {errors > 0 && (
        <span className="ov-findings ov-errors" title={`${errors} error finding${errors === 1 ? "" : "s"}`}>
          ✖ {errors}
        </span>
      )}
      {warnings > 0 && (
        <span className="ov-findings ov-warnings muted" title={`${warnings} warning${warnings === 1 ? "" : "s"}`}>
          ⚠ {warnings}
        </span>
      )}
    </>
  );
}

interface Counts {
  errors: number;
  warnings: number;
}

/** One Deployment's row; memoised: the model keeps unchanged views ===, so a message re-renders only its rows. */
const DeploymentRow = memo(function DeploymentRow({ d, n, showNamespace }: { d: DeploymentView; n: Counts; showNamespace: boolean }) {
  const ready = d.replicaSets.reduce((sum, rs) => sum + rs.ready, 0);
  return (
    <li>
      <a href={`#deployment-${d.namespace}-${d.name}`} className="ov-item" data-testid={`overview-deployment-${d.name}`}>
        <span className="kind">deploy</span>
        <span className="ov-name">
          {showNamespace && <span className="muted">{d.namespace}/</span>}
          {d.name}
        </span>
        <PhaseBadge phase={d.phase} reason={d.phaseReason} />
        <span className="muted">
          {ready}/{d.replicas} ready
        </span>
        <FindingCount {...n} />
      </a>
    </li>
  );
}, sameRow);

const ServiceRow = memo(function ServiceRow({ s, n, showNamespace }: { s: ServiceView; n: Counts; showNamespace: boolean }) {
  return (
    <li>
      <a href={`#service-${s.namespace}-${s.name}`} className="ov-item" data-testid={`overview-service-${s.name}`}>
        <span className="kind">svc</span>
        <span className="ov-name">
          {showNamespace && <span className="muted">{s.namespace}/</span>}
          {s.name}
        </span>
        <span className={`pattern pattern-${s.pattern}`}>{s.pattern}</span>
        <span className="muted">{s.readyEndpoints} ready endpoints</span>
        <FindingCount {...n} />
      </a>
    </li>
  );
}, sameRow);

function sameRow<P extends { n: Counts; showNamespace: boolean }>(a: P, b: P): boolean {
  const keys = Object.keys(a) as (keyof P)[];
  return (
    a.showNamespace === b.showNamespace &&
    a.n.errors === b.n.errors &&
    a.n.warnings === b.n.warnings &&
    keys.every((k) => k === "n" || a[k] === b[k])
  );
}

/** Every Deployment and Service in view with its phase at a glance; each links to its stage. */
export function Overview({
  response,
  showNamespace,
  progress,
}: {
  response: RolloutsResponse;
  showNamespace: boolean;
  /** While views are still being computed, a row says how many are done where the rest will appear. */
  progress?: LiveProgress;
}) {
  const byObject = useMemo(() => indexFindings(response.findings), [response.findings]);
  const counts = (kind: string, ns: string, name: string): Counts => {
    const list = byObject.get(findingKey(kind, ns, name)) ?? [];
    return { errors: list.filter((f) => f.severity === "error").length, warnings: list.filter((f) => f.severity === "warning").length };
  };
  return (
    <nav className="overview" aria-label="overview">
      <ul>
        {response.deployments.map((d) => (
          <DeploymentRow key={d.uid} d={d} n={counts("Deployment", d.namespace, d.name)} showNamespace={showNamespace} />
        ))}
        {response.services.map((s) => (
          <ServiceRow key={s.uid} s={s} n={counts("Service", s.namespace, s.name)} showNamespace={showNamespace} />
        ))}
        {progress && <ViewsPending progress={progress} as="li" announce />}
      </ul>
    </nav>
  );
}
