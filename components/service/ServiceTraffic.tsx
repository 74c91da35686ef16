"use client";
import { useContext } from "react";
import type { Finding, ServiceView } from "@/lib/model";
import { selectorText } from "@/lib/model";
import { FindingsList } from "../findings/FindingsList";
import { BlueGreenSwitch } from "./BlueGreenSwitch";
import { RequestTraffic } from "./RequestTraffic";
import { RecordedTraffic } from "./RequestTrafficSource";
import { SplitBar } from "./SplitBar";
import { useServiceTraffic } from "./useServiceTraffic";

export interface ServiceTrafficProps {
  svc: ServiceView;
  findings: Finding[];
  durationMs: number;
}

/** Where one Service sends traffic: a switch for blue-green, a split bar otherwise, warnings. */
export function ServiceTraffic({ svc, findings, durationMs }: ServiceTrafficProps) {
  const colourSwitch = svc.colourSwitch;
  const mixedIsExpected = svc.pattern === "canary" || svc.pattern === "rolling";
  return (
    <article
      className="service card"
      id={`service-${svc.namespace}-${svc.name}`}
      data-testid={`service-${svc.name}`}
      data-pattern={svc.pattern}
    >
      <header className="stage-head">
        <h2>
          <span className="kind">service</span> {svc.name} <span className="muted ns">{svc.namespace}</span>
        </h2>
        <span className={`pattern pattern-${svc.pattern}`}>{svc.pattern}</span>
        <span className="muted">
          selector <code>{selectorText(svc.selector) || "(none)"}</code> · {svc.type}
          {svc.ports.length > 0 && ` · ${svc.ports.map((p) => `${p.port}→${p.targetPort}`).join(", ")}`}
        </span>
      </header>
      {svc.warnings.length > 0 && (
        // Mixed versions are the point of a canary or a rollout in progress: say it, do not alarm.
        <ul className={mixedIsExpected ? "warnings warnings-expected" : "warnings"} role={mixedIsExpected ? undefined : "alert"}>
          {svc.warnings.map((w) => (
            <li key={w}>
              {mixedIsExpected ? "ℹ" : "⚠"} {w}
              {mixedIsExpected && ` (expected for a ${svc.pattern})`}
            </li>
          ))}
        </ul>
      )}
      {colourSwitch && <BlueGreenSwitch svc={svc} labelKey={colourSwitch.key} options={colourSwitch.options} durationMs={durationMs} />}
      <SplitBar svc={svc} />
      <p className="muted small endpoint-counts">
        endpoints ({svc.endpointSource}): {svc.readyEndpoints} ready · {svc.notReadyEndpoints} not ready · {svc.terminatingEndpoints}{" "}
        terminating · selector matches {svc.matchedPods} pod{svc.matchedPods === 1 ? "" : "s"}
      </p>
      <Requests svc={svc} />
      <FindingsList findings={findings} />
    </article>
  );
}

function Requests({ svc }: { svc: ServiceView }) {
  const recorded = useContext(RecordedTraffic);
  if (!recorded) return <LiveRequests svc={svc} />;
  const picture = recorded.find((p) => p.namespace === svc.namespace && p.service === svc.name);
  return picture ? <RequestTraffic svc={svc} picture={picture} /> : null;
}

function LiveRequests({ svc }: { svc: ServiceView }) {
  const { picture, heard, error, command } = useServiceTraffic(svc.namespace, svc.name);
  // Metrics of a real cluster (serve --prometheus): drawn the same way, nothing to send; and no
  // "Send requests" before the stream said which of the two this dashboard has.
  const sends = heard && picture?.source !== "prometheus";
  return <RequestTraffic svc={svc} picture={picture} error={error} onCommand={sends ? command : undefined} />;
}
