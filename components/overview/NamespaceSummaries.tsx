"use client";
import type { PodState, RolloutPhase } from "@/lib/model";
import { PhaseBadge } from "../chrome/PhaseBadge";
import { GLYPHS, POD_STATES } from "../deployment/glyphs";
import type { NamespaceSummary } from "./namespaceSummary";
import "./overview.css";

const PHASES: readonly RolloutPhase[] = ["Stuck", "Progressing", "Paused", "Complete"];

export interface NamespaceSummariesProps {
  rows: readonly NamespaceSummary[];
  open: ReadonlySet<string>;
  onToggle(namespace: string): void;
}

/** One row per namespace; each opens that namespace's stages below. */
export function NamespaceSummaries({ rows, open, onToggle }: NamespaceSummariesProps) {
  return (
    <table className="ns-summary card" data-testid="namespace-summary">
      <caption className="muted">
        {rows.length} namespaces · {rows.reduce((n, r) => n + r.deployments, 0).toLocaleString("en-US")} deployments ·{" "}
        {rows.reduce((n, r) => n + r.pods, 0).toLocaleString("en-US")} pods — open a namespace to see its stages
      </caption>
      <thead>
        <tr>
          <th scope="col">namespace</th>
          <th scope="col">deployments</th>
          <th scope="col">pods by state</th>
          <th scope="col">phases</th>
          <th scope="col">errors</th>
          <th scope="col">
            <span className="sr-only">stages</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.namespace} data-namespace={r.namespace} data-pods={r.pods}>
            <th scope="row">{r.namespace}</th>
            <td>
              {r.deployments}
              {r.services > 0 && <span className="muted"> · {r.services} svc</span>}
            </td>
            <td className="ns-pods">
              {r.pods.toLocaleString("en-US")}
              {POD_STATES.filter((s: PodState) => r.podsByState[s]).map((s) => (
                <span key={s} className={`ns-state ${GLYPHS[s].className}`}>
                  {" "}
                  · {GLYPHS[s].label} {r.podsByState[s]!.toLocaleString("en-US")}
                </span>
              ))}
            </td>
            <td>
              {PHASES.filter((p) => r.phases[p]).map((p) => (
                <span key={p} className="ns-phase">
                  <PhaseBadge phase={p} /> {r.phases[p]}{" "}
                </span>
              ))}
            </td>
            <td className={r.errors > 0 ? "ns-errors" : "muted"}>{r.errors > 0 ? `⚠ ${r.errors}` : "0"}</td>
            <td>
              <button
                type="button"
                className="btn"
                aria-expanded={open.has(r.namespace)}
                onClick={() => onToggle(r.namespace)}
                data-testid={`open-${r.namespace}`}
              >
                {open.has(r.namespace) ? "hide stages" : "show stages"}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
