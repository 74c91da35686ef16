"use client";
import { useContext, type ReactNode } from "react";
import type { DeploymentView, Finding } from "@/lib/model";
import { ConditionsPanel } from "../deployment/ConditionsPanel";
import { HandoverChart } from "../deployment/HandoverChart";
import { HandoverContext } from "../deployment/handoverContext";
import { RolloutHistory } from "../deployment/RolloutHistory";
import { FindingsList } from "../findings/FindingsList";
import { PANEL_KEYS, PLAYBACK_KEYS, type PresentPanel } from "./presentKeys";

export interface PresentPanelProps {
  panel: PresentPanel;
  d: DeploymentView;
  findings: Finding[];
  onClose(): void;
}

function KeyList() {
  return (
    <dl className="present-keylist">
      {[...PANEL_KEYS, ...PLAYBACK_KEYS].map((k) => (
        <div key={k.key}>
          <dt>
            <kbd>{k.key}</kbd>
          </dt>
          <dd>{k.label}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The handover chart of the followed Deployment, its cursor on the timeline's (the page's HandoverContext). */
function PresentChart({ d }: { d: DeploymentView }) {
  const source = useContext(HandoverContext);
  const series = source?.seriesOf(d.namespace, d.name);
  if (!series) return <p>No handover of {d.name} seen yet: the chart draws from the changes this page (or the recording) observed.</p>;
  return <HandoverChart series={series} cursorMs={source?.cursorMs} />;
}

function body({ panel, d, findings }: PresentPanelProps): ReactNode {
  switch (panel) {
    case "details":
      return (
        <>
          {d.next && (
            <p className="next-step" data-testid="next-step">
              <span className="muted">controller next:</span> {d.next.action}
              {d.next.pod ? ` pod ${d.next.pod}` : d.next.replicaSet ? ` in ${d.next.replicaSet}` : ""} — {d.next.why}
            </p>
          )}
          <ConditionsPanel d={d} />
        </>
      );
    case "findings":
      return findings.length > 0 ? <FindingsList findings={findings} /> : <p>No findings about {d.name} or its Services.</p>;
    case "history":
      return <RolloutHistory d={d} />;
    case "chart":
      return <PresentChart d={d} />;
    case "keys":
      return <KeyList />;
  }
}

/** The side panel a key opened: it takes its own column, so the lanes stay in view beside it. */
export function PresentPanelView(props: PresentPanelProps) {
  const title = PANEL_KEYS.find((k) => k.panel === props.panel)?.label ?? props.panel;
  return (
    <section className="present-panel card" aria-label={title} data-testid={`present-panel-${props.panel}`}>
      <header className="present-panel-head">
        <h3>{title}</h3>
        <button type="button" className="linklike" onClick={props.onClose} aria-label="Close the panel (Esc)">
          close <kbd>Esc</kbd>
        </button>
      </header>
      {body(props)}
    </section>
  );
}
