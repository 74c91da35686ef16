import type { RolloutsResponse } from "@/lib/model";
import { PhaseBadge } from "../chrome/PhaseBadge";

/** Every Deployment and Service in view with its phase at a glance; each links to its stage. */
export function Overview({ response, showNamespace }: { response: RolloutsResponse; showNamespace: boolean }) {
  const errors = (kind: string, ns: string, name: string) =>
    response.findings.filter((f) => f.object.kind === kind && f.object.namespace === ns && f.object.name === name && f.severity !== "info").length;
  return (
    <nav className="overview" aria-label="overview">
      <ul>
        {response.deployments.map((d) => {
          const ready = d.replicaSets.reduce((n, rs) => n + rs.ready, 0);
          const n = errors("Deployment", d.namespace, d.name);
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
                {n > 0 && <span className="ov-findings">⚠ {n}</span>}
              </a>
            </li>
          );
        })}
        {response.services.map((s) => {
          const n = errors("Service", s.namespace, s.name);
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
                {n > 0 && <span className="ov-findings">⚠ {n}</span>}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
