import type { RolloutsResponse } from "@/lib/model/types";
import { renderMiniStage, type MiniRow } from "@/lib/labs/miniStage";

const STATE_CLASS: Record<MiniRow["pods"][number]["state"], string> = {
  Ready: "lab-dot-ready",
  Starting: "lab-dot-starting",
  RunningNotReady: "lab-dot-notready",
  Pending: "lab-dot-pending",
  Terminating: "lab-dot-terminating",
  Failed: "lab-dot-failed",
};

/**
 * A small live diagram for a step: each named Deployment's ReplicaSets as rows of pod dots
 * (filled = Ready, hollow = not Ready), and each Service with the share of ready endpoints per
 * version — the readiness contract at a glance.
 */
export function MiniStage({
  view,
  namespace,
  deployments,
  services,
}: {
  view: RolloutsResponse;
  namespace: string;
  deployments: string[];
  services: string[];
}) {
  const stage = renderMiniStage(view, namespace, deployments, services);
  if (stage.rows.length === 0 && stage.services.length === 0) return null;
  return (
    <figure className="lab-mini" aria-label="live diagram">
      {stage.rows.map((row) => (
        <div key={row.key} className="lab-mini-row">
          <span className="lab-mini-label small">{row.label}</span>
          <span className="lab-mini-pods">
            {row.pods.map((p) => (
              <span
                key={p.name}
                className={`lab-dot ${STATE_CLASS[p.state]}`}
                title={`${p.name}: ${p.state}${p.reason ? ` (${p.reason})` : ""}`}
              />
            ))}
          </span>
        </div>
      ))}
      {stage.services.map((s) => (
        <figcaption key={s.name} className="small">
          Service <code>{s.name}</code> → {s.text}
        </figcaption>
      ))}
    </figure>
  );
}
