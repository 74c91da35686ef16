"use client";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { listKind, type DeploymentView, type Finding, type ObjectRef, type RolloutsResponse, type ServiceView } from "@/lib/model";
import { ConnectionBanner } from "./chrome/ConnectionBanner";
import { LabOverlay } from "./labs/LabOverlay";
import { ContextInfo } from "./chrome/ContextInfo";
import { NamespacePicker } from "./chrome/NamespacePicker";
import { ThemeToggle } from "./chrome/ThemeToggle";
import { useReducedMotion } from "./chrome/useReducedMotion";
import { DeploymentStage } from "./deployment/DeploymentStage";
import { revisionDiff } from "./deployment/revisionDiff";
import { FindingsList } from "./findings/FindingsList";
import { Overview } from "./overview/Overview";
import { ServiceTraffic } from "./service/ServiceTraffic";
import { switchOptions } from "./service/switchOptions";
import { useRolloutStream } from "./stream/useRolloutStream";

const TRANSITION_MS = 600;

function about(findings: Finding[], kind: string, ns: string, name: string): Finding[] {
  return findings.filter((f) => f.object.kind === kind && f.object.namespace === ns && f.object.name === name);
}

function isShown(ref: ObjectRef, kinds: Set<string>): boolean {
  return kinds.has(`${ref.kind}/${ref.namespace}/${ref.name}`);
}

/** Deployments and Services per namespace, in the response's order (namespace, name). */
function byNamespace(res: RolloutsResponse): { namespace: string; deployments: DeploymentView[]; services: ServiceView[] }[] {
  const out = new Map<string, { namespace: string; deployments: DeploymentView[]; services: ServiceView[] }>();
  const group = (ns: string) => out.get(ns) ?? out.set(ns, { namespace: ns, deployments: [], services: [] }).get(ns)!;
  for (const d of res.deployments) group(d.namespace).deployments.push(d);
  for (const s of res.services) group(s.namespace).services.push(s);
  return [...out.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
}

export interface DashboardProps {
  namespace?: string;
  /** The process is limited to one namespace (rollscope serve -n). */
  scope?: string;
  /** Right-hand panel; defaults to the lab overlay. */
  aside?: ReactNode;
}

/** The page: header, banners, overview, one stage per Deployment, one traffic view per Service. */
export function Dashboard({ namespace, scope, aside: asideProp }: DashboardProps) {
  const router = useRouter();
  const { state, response, now } = useRolloutStream(namespace);
  const reduced = useReducedMotion();
  const durationMs = reduced ? 0 : TRANSITION_MS;
  const shown = new Set([
    ...response.deployments.map((d) => `Deployment/${d.namespace}/${d.name}`),
    ...response.services.map((s) => `Service/${s.namespace}/${s.name}`),
  ]);
  const otherFindings = response.findings.filter((f) => !isShown(f.object, shown));
  // The lab overlay follows one namespace; with all namespaces in view it uses "default".
  const aside = asideProp ?? <LabOverlay namespace={namespace ?? "default"} view={response} />;
  const groups = byNamespace(response);
  const empty = state.hasData && response.deployments.length === 0 && response.services.length === 0;

  return (
    <div className="app">
      <a className="skip" href="#main">
        skip to content
      </a>
      <header className="topbar">
        <h1>
          <span className="logo" aria-hidden="true">
            ◐
          </span>{" "}
          Rollscope
        </h1>
        <ContextInfo />
        <NamespacePicker
          namespace={namespace}
          namespaces={state.namespaces}
          scope={scope}
          onChange={(ns) => router.push(ns ? `/?namespace=${encodeURIComponent(ns)}` : "/")}
        />
        <span
          className={`live live-${state.status?.unreachable && state.connection === "live" ? "fatal" : state.connection}`}
          data-testid="connection"
          data-connection={state.connection}
        >
          {state.connection === "fatal" || state.status?.unreachable ? "✖ cluster unreachable" : state.connection === "live" ? "● live" : "○ " + state.connection}
        </span>
        <ThemeToggle />
      </header>
      <ConnectionBanner state={state} response={response} />
      <div className={`layout${aside ? " with-aside" : ""}`}>
        <main id="main" tabIndex={-1}>
          {state.hasData && <Overview response={response} showNamespace={!namespace} />}
          {empty && state.status?.unreachable && (
            <p className="empty card">Nothing to show yet: the cluster has not answered. Rollscope keeps retrying; check the address and your network.</p>
          )}
          {empty && !state.status?.unreachable && (
            <p className="empty card">
              No Deployments or Services {namespace ? `in namespace ${namespace}` : "in any namespace you can read"}.{" "}
              {namespace && "Apply a manifest, or pick another namespace."}
            </p>
          )}
          {groups.map((g) => (
            <section key={g.namespace} className="ns-group" aria-label={`namespace ${g.namespace}`}>
              {!namespace && <h2 className="ns-heading">namespace {g.namespace}</h2>}
              {g.deployments.map((d) => (
                <DeploymentStage
                  key={d.uid}
                  d={d}
                  findings={about(response.findings, "Deployment", d.namespace, d.name)}
                  now={now}
                  durationMs={durationMs}
                  diff={(a, b) => revisionDiff(state.store, d, a, b)}
                />
              ))}
              {g.services.map((s) => (
                <ServiceTraffic
                  key={s.uid}
                  svc={s}
                  findings={about(response.findings, "Service", s.namespace, s.name)}
                  colourSwitch={switchOptions(s, listKind(state.store, "Deployment", s.namespace))}
                  durationMs={durationMs}
                />
              ))}
            </section>
          ))}
          <FindingsList findings={otherFindings} title="other findings" />
        </main>
        {aside && <aside className="aside">{aside}</aside>}
      </div>
    </div>
  );
}
