"use client";
import { useEffect, useMemo, useState, type CSSProperties } from "react";
import type { DeploymentView, Finding, ServiceView } from "@/lib/model";
import { PhaseBadge } from "../chrome/PhaseBadge";
import { BudgetGauges } from "../deployment/BudgetGauges";
import { RolloutStatusLine } from "../deployment/ConditionsPanel";
import { DeadlinePanel } from "../deployment/DeadlinePanel";
import { ReplicaSetLane } from "../deployment/ReplicaSetLane";
import { NowContext } from "../deployment/nowContext";
import { BlueGreenSwitch } from "../service/BlueGreenSwitch";
import { SplitBar } from "../service/SplitBar";
import { PresentPanelView } from "./PresentPanel";
import { nextPanel, PANEL_KEYS, type PresentPanel } from "./presentKeys";
import { useFitZoom } from "./useFitZoom";
import "./present.css";

export interface PresentStageProps {
  /** The Deployment presentation mode follows (followTarget), if any. */
  d: DeploymentView | undefined;
  /** The Services in front of it. */
  services: readonly ServiceView[];
  findings: readonly Finding[];
  now: number;
  durationMs: number;
}

/** The same lanes as the stage (DeploymentStage): live ones, and the last old one as the rollback target. */
function shownLanes(d: DeploymentView) {
  const lastOld = [...d.replicaSets].reverse().find((rs) => !rs.isNew);
  return d.replicaSets.filter((rs) => rs.isNew || rs.desired > 0 || rs.pods.length > 0 || rs === lastOld);
}

/** d / f / h / c / ? toggle a panel, Escape closes it (not while typing in a field). */
function usePanelKeys(): [PresentPanel | null, (p: PresentPanel | null) => void] {
  const [open, setOpen] = useState<PresentPanel | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      setOpen((prev) => {
        const next = nextPanel(prev, e.key);
        return next === undefined ? prev : next;
      });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return [open, setOpen];
}

/**
 * Presentation mode: one followed Deployment on one screen — its lanes (pod glyphs zoomed to fill
 * the room left), budget gauges, rollout-status line and the traffic of its Services; details,
 * findings, history and the chart one key away, in a side panel that never covers the lanes.
 */
export function PresentStage({ d, services, findings, now, durationMs }: PresentStageProps) {
  const [open, setOpen] = usePanelKeys();
  const [lanesBox, setLanesBox] = useState<HTMLDivElement | null>(null);
  const zoom = useFitZoom(lanesBox);
  const ours = useMemo(
    () =>
      findings.filter(
        (f) =>
          (d && f.object.kind === "Deployment" && f.object.name === d.name) ||
          services.some((s) => f.object.kind === "Service" && f.object.name === s.name),
      ),
    [findings, d, services],
  );
  if (!d) {
    return (
      <p className="empty card present-empty" data-testid="present-empty">
        No Deployment to follow yet. Presentation mode puts the Deployment that is rolling out on this screen: apply one (or start a lab)
        and it appears here.
      </p>
    );
  }
  return (
    <NowContext.Provider value={now}>
      <div
        className={`present-screen${open ? " with-panel" : services.length === 0 && d.strategy !== "RollingUpdate" ? " no-side" : ""}`}
        data-testid="present-screen"
        data-panel={open ?? ""}
      >
        <header className="present-head" data-testid="present-head">
          <h2>
            <span className="kind">deployment</span> {d.name} <span className="muted ns">{d.namespace}</span>
          </h2>
          <PhaseBadge phase={d.phase} reason={d.phaseReason} />
          <span className="stage-spec">
            replicas {d.replicas}
            {d.strategy === "RollingUpdate" ? ` · maxSurge ${d.maxSurge} · maxUnavailable ${d.maxUnavailable}` : ` · ${d.strategy}`}
          </span>
        </header>
        <div className="present-status" data-testid="present-status">
          <RolloutStatusLine d={d} />
          <DeadlinePanel d={d} />
        </div>
        <div
          className="present-lanes"
          ref={setLanesBox}
          data-testid="present-lanes"
          data-zoom={zoom}
          style={{ "--lane-zoom": zoom } as CSSProperties}
        >
          <div className="lanes">
            {shownLanes(d).map((rs) => (
              <ReplicaSetLane key={rs.uid} rs={rs} stalled={d.phase === "Stuck" && rs.isNew} now={now} durationMs={durationMs} />
            ))}
          </div>
        </div>
        <div className="present-side">
          {d.strategy === "RollingUpdate" && (
            <div className="present-gauges" data-testid="present-gauges">
              <BudgetGauges d={d} />
            </div>
          )}
          {services.length > 0 && <PresentTraffic services={services} durationMs={durationMs} />}
          {open && <PresentPanelView panel={open} d={d} findings={ours} onClose={() => setOpen(null)} />}
        </div>
        <p className="present-keys" data-testid="present-keys">
          {PANEL_KEYS.map((k) => (
            <button
              type="button"
              key={k.key}
              className="linklike"
              onClick={() => setOpen(open === k.panel ? null : k.panel)}
              aria-pressed={open === k.panel}
            >
              <kbd>{k.key}</kbd> {k.panel}
            </button>
          ))}
          <span>
            <kbd>space</kbd> play · <kbd>←</kbd>
            <kbd>→</kbd> step
          </span>
        </p>
      </div>
    </NowContext.Provider>
  );
}

/** Where the followed Deployment's Services send traffic: the switch or the split bar, no more. */
function PresentTraffic({ services, durationMs }: { services: readonly ServiceView[]; durationMs: number }) {
  return (
    <section className="present-traffic" aria-label="traffic" data-testid="present-traffic">
      {services.map((s) => (
        <div key={s.uid} className="present-service" data-testid={`service-${s.name}`} data-pattern={s.pattern}>
          <h3>
            <span className="kind">service</span> {s.name} <span className={`pattern pattern-${s.pattern}`}>{s.pattern}</span>
          </h3>
          {s.colourSwitch && (
            <BlueGreenSwitch svc={s} labelKey={s.colourSwitch.key} options={s.colourSwitch.options} durationMs={durationMs} />
          )}
          <SplitBar svc={s} />
        </div>
      ))}
    </section>
  );
}
