"use client";
import { memo, useMemo, useRef } from "react";
import type { DeploymentView, Finding, ServiceView } from "@/lib/model";
import { DeploymentStage } from "./deployment/DeploymentStage";
import { LazyBlock, LazyStage } from "./deployment/LazyStage";
import { NowContext } from "./deployment/nowContext";
import { findingsAbout, indexFindings } from "./findingsIndex";
import { ServiceTraffic } from "./service/ServiceTraffic";

export interface StageListProps {
  deployments: readonly DeploymentView[];
  services: readonly ServiceView[];
  /** Every finding in view; each stage shows those about its object. */
  findings: readonly Finding[];
  now: number;
  durationMs: number;
}

/** Past this many Deployments in one list, stages away from the viewport are placeholders. */
export const LAZY_FROM = 6;
/** Past this many Services in one list (cluster scale), their cards away from the viewport are placeholders. */
export const LAZY_SERVICES_FROM = 20;
/** A Service card's height before it was drawn (one split bar, no findings), px. */
const SERVICE_ESTIMATE = 240;

interface StageItemProps {
  d: DeploymentView;
  findings: Finding[];
  now: number;
  durationMs: number;
  lazy: boolean;
}

/**
 * One Deployment's stage, re-rendered only when its view or its findings changed (the model keeps
 * both === otherwise) or, for a stuck rollout whose lane counts seconds, when the clock moved.
 */
const StageItem = memo(
  function StageItem({ d, findings, now, durationMs, lazy }: StageItemProps) {
    const stage = <DeploymentStage d={d} findings={findings} now={now} durationMs={durationMs} />;
    return lazy ? <LazyStage d={d}>{stage}</LazyStage> : stage;
  },
  (a, b) =>
    a.d === b.d &&
    a.findings === b.findings &&
    a.durationMs === b.durationMs &&
    a.lazy === b.lazy &&
    (a.now === b.now || b.d.phase !== "Stuck"),
);

interface ServiceItemProps {
  svc: ServiceView;
  findings: Finding[];
  durationMs: number;
  lazy: boolean;
}

/**
 * One Service's traffic view (its colour switch included), re-rendered only when its view or
 * findings changed; at cluster scale drawn only near the viewport (#service-ns-name stays in place).
 */
const ServiceItem = memo(
  function ServiceItem({ svc, findings, durationMs, lazy }: ServiceItemProps) {
    const card = <ServiceTraffic svc={svc} findings={findings} durationMs={durationMs} />;
    if (!lazy) return card;
    return (
      <LazyBlock
        uid={svc.uid}
        id={`service-${svc.namespace}-${svc.name}`}
        testId={`service-placeholder-${svc.name}`}
        estimate={SERVICE_ESTIMATE}
        label={`service ${svc.name}: ${svc.pattern} (drawn when scrolled into view)`}
        summary={
          <>
            <span className="kind">service</span> {svc.name} <span className="muted">{svc.pattern}</span>
          </>
        }
      >
        {card}
      </LazyBlock>
    );
  },
  (a, b) => a.svc === b.svc && a.findings === b.findings && a.durationMs === b.durationMs && a.lazy === b.lazy,
);

/** One stage per Deployment, then one traffic view per Service (live dashboard and replay alike). */
export function StageList({ deployments, services, findings, now, durationMs }: StageListProps) {
  const previous = useRef<Map<string, Finding[]> | undefined>(undefined);
  const index = useMemo(() => indexFindings(findings, previous.current), [findings]);
  previous.current = index;
  const lazy = deployments.length > LAZY_FROM;
  const lazyServices = services.length > LAZY_SERVICES_FROM;
  return (
    <NowContext.Provider value={now}>
      {deployments.map((d) => (
        <StageItem
          key={d.uid}
          d={d}
          findings={findingsAbout(index, "Deployment", d.namespace, d.name)}
          now={now}
          durationMs={durationMs}
          lazy={lazy}
        />
      ))}
      {services.map((s) => (
        <ServiceItem
          key={s.uid}
          svc={s}
          findings={findingsAbout(index, "Service", s.namespace, s.name)}
          durationMs={durationMs}
          lazy={lazyServices}
        />
      ))}
    </NowContext.Provider>
  );
}

/** Narrows the views to one Deployment and the Services in front of it (presentation mode). */
export function focusOn<T extends { deployments: readonly DeploymentView[]; services: readonly ServiceView[] }>(
  group: T,
  focus: { namespace: string; name: string } | undefined,
): T {
  if (!focus) return group;
  return {
    ...group,
    deployments: group.deployments.filter((d) => d.namespace === focus.namespace && d.name === focus.name),
    services: group.services.filter((s) => s.namespace === focus.namespace && s.backends.some((b) => b.deployment === focus.name)),
  };
}
