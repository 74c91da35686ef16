"use client";
import { listKind, type Finding, type ObjectRef, type RolloutsResponse, type Store } from "@/lib/model";
import { DeploymentStage } from "./deployment/DeploymentStage";
import { revisionDiff } from "./deployment/revisionDiff";
import { FindingsList } from "./findings/FindingsList";
import { ServiceTraffic } from "./service/ServiceTraffic";
import { switchOptions } from "./service/switchOptions";

export interface StageListProps {
  response: RolloutsResponse;
  store: Store;
  now: number;
  durationMs: number;
  /** Only this Deployment's stage and the Services in front of it (presentation mode). */
  focus?: { namespace: string; name: string };
}

function about(findings: Finding[], kind: string, ns: string, name: string): Finding[] {
  return findings.filter((f) => f.object.kind === kind && f.object.namespace === ns && f.object.name === name);
}

const refKey = (r: ObjectRef) => `${r.kind}/${r.namespace}/${r.name}`;

/** One stage per Deployment, one traffic view per Service, then the findings about anything else. */
export function StageList({ response, store, now, durationMs, focus }: StageListProps) {
  const deployments = focus ? response.deployments.filter((d) => d.namespace === focus.namespace && d.name === focus.name) : response.deployments;
  const services = focus
    ? response.services.filter((s) => s.namespace === focus.namespace && s.backends.some((b) => b.deployment === focus.name))
    : response.services;
  const shown = new Set([
    ...response.deployments.map((d) => `Deployment/${d.namespace}/${d.name}`),
    ...response.services.map((s) => `Service/${s.namespace}/${s.name}`),
  ]);
  const otherFindings = focus ? [] : response.findings.filter((f) => !shown.has(refKey(f.object)));
  return (
    <>
      {deployments.map((d) => (
        <DeploymentStage
          key={d.uid}
          d={d}
          findings={about(response.findings, "Deployment", d.namespace, d.name)}
          now={now}
          durationMs={durationMs}
          diff={(a, b) => revisionDiff(store, d, a, b)}
        />
      ))}
      {services.map((s) => (
        <ServiceTraffic
          key={s.uid}
          svc={s}
          findings={about(response.findings, "Service", s.namespace, s.name)}
          colourSwitch={switchOptions(s, listKind(store, "Deployment", s.namespace))}
          durationMs={durationMs}
        />
      ))}
      {otherFindings.length > 0 && <FindingsList findings={otherFindings} title="other findings" />}
    </>
  );
}
