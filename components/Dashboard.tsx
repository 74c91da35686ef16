"use client";
import { useRouter } from "next/navigation";
import { useMemo, type ReactNode } from "react";
import { type DeploymentView, type ObjectRef, type RolloutsResponse, type ServiceView } from "@/lib/model";
import { ConnectionBanner } from "./chrome/ConnectionBanner";
import { LabOverlay } from "./labs/LabOverlay";
import { Welcome } from "./overview/Welcome";
import { ContextInfo } from "./chrome/ContextInfo";
import { NamespacePicker } from "./chrome/NamespacePicker";
import { ThemeToggle } from "./chrome/ThemeToggle";
import { useReducedMotion } from "./chrome/useReducedMotion";
import { FindingsList } from "./findings/FindingsList";
import { Overview } from "./overview/Overview";
import { useRolloutStream } from "./stream/useRolloutStream";
import { focusOn } from "./StageList";
import { StagesByNamespace } from "./overview/StagesByNamespace";
import { atClusterScale } from "./overview/namespaceSummary";
import { followTarget, presentFocus } from "./present/follow";
import { PresentStage } from "./present/PresentStage";
import { StageExports } from "./StageExports";
import { PastTraffic } from "./service/PastTraffic";
import { TimelineStrip } from "./timeline/TimelineStrip";
import { usePlaybackKeys } from "./timeline/usePlaybackKeys";
import { useLiveTimeline } from "./timeline/useLiveTimeline";
import { HandoverContext } from "./deployment/handoverContext";
import { useLiveHandover } from "./deployment/useLiveHandover";
import "./timeline/timeline.css";

const TRANSITION_MS = 600;

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
  /** Presentation mode (`?present=1`): no chrome, large, follows the Deployment rolling out. */
  present?: boolean;
}

/** Keyboard control of the timeline; only in presentation mode, where nothing else wants the keys. */
function PresentationKeys({
  dispatch,
  step,
}: {
  dispatch: Parameters<typeof usePlaybackKeys>[0];
  step: Parameters<typeof usePlaybackKeys>[1];
}) {
  usePlaybackKeys(dispatch, step);
  return null;
}

/** The page: header, banners, overview, one stage per Deployment, one traffic view per Service. */
export function Dashboard({ namespace, scope, aside: asideProp, present = false }: DashboardProps) {
  const router = useRouter();
  const { state, response: liveResponse, progress: liveProgress, now: liveNow } = useRolloutStream(namespace);
  const timeline = useLiveTimeline(state.journal, state.store, liveNow, namespace);
  const handover = useLiveHandover(state.journal, state.store, liveNow, timeline.live ? undefined : timeline.playback.t);
  // Scrubbed back: the page shows the cluster as it was then, rebuilt from the event log.
  const response = timeline.past?.response ?? liveResponse;
  const now = timeline.past?.now ?? liveNow;
  const progress = timeline.past ? undefined : liveProgress;
  const focus = present ? followTarget(response) : undefined;
  const reduced = useReducedMotion();
  const durationMs = reduced ? 0 : TRANSITION_MS;
  const shown = new Set([
    ...response.deployments.map((d) => `Deployment/${d.namespace}/${d.name}`),
    ...response.services.map((s) => `Service/${s.namespace}/${s.name}`),
  ]);
  const otherFindings = response.findings.filter((f) => !isShown(f.object, shown));
  // The lab overlay follows one namespace; with all namespaces in view it uses "default".
  const stream = useMemo(() => ({ store: state.store, now: liveNow }), [state.store, liveNow]);
  const aside = present ? undefined : (asideProp ?? <LabOverlay namespace={namespace ?? "default"} view={liveResponse} live={stream} />);
  const groups = byNamespace(response)
    .map((g) => focusOn(g, focus))
    .filter((g) => !focus || g.deployments.length > 0);
  // Every namespace of a big cluster: one summary row each, stages on demand.
  const summarise = !namespace && !present && atClusterScale(groups);
  const empty = state.hasData && (progress?.complete ?? true) && response.deployments.length === 0 && response.services.length === 0;
  const strip = state.hasData && (
    <TimelineStrip
      entries={timeline.entries}
      playback={timeline.playback}
      dispatch={timeline.dispatch}
      onStep={timeline.step}
      live={timeline.live}
    />
  );

  return (
    <div className={`app${present ? " present" : ""}`}>
      {present && <PresentationKeys dispatch={timeline.dispatch} step={timeline.step} />}
      <a className="skip" href="#main">
        skip to content
      </a>
      {!present && (
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
            {state.connection === "fatal" || state.status?.unreachable
              ? "✖ cluster unreachable"
              : state.connection === "live"
                ? "● live"
                : "○ " + state.connection}
          </span>
          <a href="/plan" className="topbar-link" data-testid="plan-link">
            plan a rollout
          </a>
          <ThemeToggle />
        </header>
      )}
      <ConnectionBanner state={state} response={liveResponse} />
      {!timeline.live && (
        <p className="banner banner-info" role="status" data-testid="past-banner">
          Showing the cluster as it was at {new Date(now).toLocaleTimeString()}, rebuilt from what this page recorded.{" "}
          <button type="button" onClick={timeline.backToLive} data-testid="back-to-live">
            back to live
          </button>
        </p>
      )}
      <div className={`layout${aside ? " with-aside" : ""}`}>
        {/* A picture that may be out of date is drawn faded (the banner says since when). */}
        <HandoverContext.Provider value={handover}>
          <main
            id="main"
            tabIndex={-1}
            data-stale={state.connection === "reconnecting" || liveResponse.stale || state.status?.unreachable ? "true" : undefined}
          >
            {state.hasData && !present && !summarise && <Overview response={response} showNamespace={!namespace} progress={progress} />}
            {empty && state.status?.unreachable && (
              <p className="empty card">
                Nothing to show yet: the cluster has not answered. Rollscope keeps retrying; check the address and your network.
              </p>
            )}
            {empty && !state.status?.unreachable && !namespace && !present && <Welcome />}
            {empty && !state.status?.unreachable && (namespace || present) && (
              <p className="empty card">
                No Deployments or Services {namespace ? `in namespace ${namespace}` : "in any namespace you can read"}.{" "}
                {namespace && "Apply a manifest, or pick another namespace."}
              </p>
            )}
            {/* Scrubbed back, the Service cards show the traffic recorded by then. */}
            <PastTraffic at={timeline.live ? undefined : timeline.playback.t}>
              {present ? (
                <PresentStage {...presentFocus(response, focus)} findings={response.findings} now={now} durationMs={durationMs} />
              ) : (
                <StagesByNamespace
                  groups={groups}
                  allNamespaces={!namespace}
                  summarise={summarise}
                  findings={response.findings}
                  now={now}
                  durationMs={durationMs}
                  progress={progress}
                />
              )}
            </PastTraffic>
            {!present && <FindingsList findings={otherFindings} title="other findings" />}
            {!present && state.hasData && (
              <>
                {strip}
                <StageExports deployments={response.deployments} />
              </>
            )}
          </main>
        </HandoverContext.Provider>
        {aside && <aside className="aside">{aside}</aside>}
      </div>
      {/* On the big screen the strip has its own row under the stage (timeline.css), never over it. */}
      {present && strip}
    </div>
  );
}
