"use client";
import { listKind, type DeploymentView, type Finding, type ServiceView, type Store } from "@/lib/model";
import { DeploymentStage } from "./deployment/DeploymentStage";
import { revisionDiff } from "./deployment/revisionDiff";
import { ServiceTraffic } from "./service/ServiceTraffic";
import { switchOptions } from "./service/switchOptions";

export interface StageListProps {
  deployments: readonly DeploymentView[];
  services: readonly ServiceView[];
  /** Every finding in view; each stage shows those about its object. */
  findings: readonly Finding[];
  store: Store;
  now: number;
  durationMs: number;
}

function about(findings: readonly Finding[], kind: string, ns: string, name: string): Finding[] {
  return findings.filter((f) => f.object.kind === kind && f.object.namespace === ns && f.object.name === name);
}

/** One stage per Deployment, then one traffic view per Service (live dashboard and replay alike). */
export function StageList({ deployments, services, findings, store, now, durationMs }: StageListProps) {
  return (
    <>
      {deployments.map((d) => (
        <DeploymentStage
          key={d.uid}
          d={d}
          findings={about(findings, "Deployment", d.namespace, d.name)}
          now={now}
          durationMs={durationMs}
          diff={(a, b) => revisionDiff(store, d, a, b)}
        />
      ))}
      {services.map((s) => (
        <ServiceTraffic
          key={s.uid}
          svc={s}
          findings={about(findings, "Service", s.namespace, s.name)}
          colourSwitch={switchOptions(s, listKind(store, "Deployment", s.namespace))}
          durationMs={durationMs}
        />
      ))}
    </>
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
