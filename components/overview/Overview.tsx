import { useMemo } from "react";
import type { RolloutsResponse } from "@/lib/model";
import { PhaseBadge } from "../chrome/PhaseBadge";
import { findingKey, indexFindings } from "../findingsIndex";

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

/** Every Deployment and Service in view with its phase at a glance; each links to its stage. */
export function Overview({ response, showNamespace }: { response: RolloutsResponse; showNamespace: boolean }) {
  const byObject = useMemo(() => indexFindings(response.findings), [response.findings]);
  const counts = (kind: string, ns: string, name: string) => {
    const list = byObject.get(findingKey(kind, ns, name)) ?? [];
    return { errors: list.filter((f) => f.severity === "error").length, warnings: list.filter((f) => f.severity === "warning").length };
  };
  return (
    <nav className="overview" aria-label="overview">
      <ul>
        {response.deployments.map((d) => {
          const ready = d.replicaSets.reduce((n, rs) => n + rs.ready, 0);
          const n = counts("Deployment", d.namespace, d.name);
          return (
            <li key={d.uid}>
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
        })}
        {response.services.map((s) => {
          const n = counts("Service", s.namespace, s.name);
          return (
            <li key={s.uid}>
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
        })}
      </ul>
    </nav>
  );
}
