"use client";
import type { ServiceView } from "@/lib/model";
import { failedCounter, type PrometheusState, type TrafficPicture } from "@/lib/traffic/picture";

export type TrafficCommand = "start" | "pause" | "resume" | "stop";

export interface RequestTrafficProps {
  svc: ServiceView;
  picture?: TrafficPicture;
  error?: string;
  /** Absent in a replay: the recorded lane is drawn with no controls. */
  onCommand?: (command: TrafficCommand, rate?: number) => void;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Send requests / Pause / Resume, the rate and Stop: the live dashboard's, never a replay's. */
function TrafficControls({
  picture,
  onCommand,
}: {
  picture?: TrafficPicture;
  onCommand: (command: TrafficCommand, rate?: number) => void;
}) {
  if (!picture)
    return (
      <button type="button" onClick={() => onCommand("start")}>
        Send requests (20/s)
      </button>
    );
  return (
    <>
      <button type="button" onClick={() => onCommand(picture.running ? "pause" : "resume")}>
        {picture.running ? "Pause" : "Resume"}
      </button>
      <label className="muted small">
        rate{" "}
        <select value={picture.rate} aria-label="requests per second" onChange={(e) => onCommand("start", Number(e.target.value))}>
          {[5, 20, 50, 100].map((r) => (
            <option key={r} value={r}>
              {r}/s
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="link" onClick={() => onCommand("stop")}>
        Stop
      </button>
    </>
  );
}

/** `serve --prometheus`: where the reader stands instead of a button (Rollscope sends nothing there). */
function PrometheusStatus({ prom }: { prom: PrometheusState }) {
  if (prom.state === "error")
    return (
      <span
        className="requests-prometheus"
        data-testid="prometheus-state"
        data-state="error"
        role="alert"
        style={{ color: "var(--failed)" }}
      >
        Prometheus: {prom.cause}
      </span>
    );
  return (
    <span className="muted small requests-prometheus" data-testid="prometheus-state" data-state={prom.state}>
      {prom.state === "waiting" ? `Prometheus: waiting for its first answer (${prom.url})` : "observed by Prometheus"}
    </span>
  );
}

/** What the head shows beside "Requests": the generator's controls, Prometheus' state, or where a replay's came from. */
function TrafficHead({ picture, onCommand }: Pick<RequestTrafficProps, "picture" | "onCommand">) {
  if (picture?.prometheus) return <PrometheusStatus prom={picture.prometheus} />;
  if (onCommand) return <TrafficControls picture={picture} onCommand={onCommand} />;
  if (!picture) return null; // live, before the stream said whether this dashboard sends or reads
  return <span className="muted small">{picture?.source === "prometheus" ? "observed by Prometheus (recorded)" : "recorded"}</span>;
}

/** Colour slot per version: the Service's backends first (as the split bar orders them), then any other. */
function versionSlots(svc: ServiceView, picture: TrafficPicture | undefined): Map<string, number> {
  const slots = new Map<string, number>();
  for (const b of svc.backends) if (b.version && !slots.has(b.version)) slots.set(b.version, slots.size);
  for (const v of Object.keys(picture?.byVersion ?? {}).sort()) if (!slots.has(v)) slots.set(v, slots.size);
  return slots;
}

/** Endpoint-derived share per version (ready endpoints), to set beside the observed one. */
function endpointShares(svc: ServiceView): Map<string, number> {
  const shares = new Map<string, number>();
  for (const b of svc.backends) if (b.version) shares.set(b.version, (shares.get(b.version) ?? 0) + b.share);
  return shares;
}

/**
 * Requests through one Service (lab cluster): a lane of the latest requests coloured by the
 * version that answered, failures in red with their cause, the split observed over the last
 * seconds beside the endpoint share, "failed: N of M", and start/pause controls.
 */
export function RequestTraffic({ svc, picture, error, onCommand }: RequestTrafficProps) {
  const slots = versionSlots(svc, picture);
  const endpoint = endpointShares(svc);
  const running = picture?.running ?? false;
  // Until Prometheus first answers there is nothing to count: zeros would read as "no requests".
  const shown = picture && picture.prometheus?.state !== "waiting" ? picture : undefined;
  return (
    <section className="requests" data-testid={`requests-${svc.name}`} data-running={running} aria-label={`requests through ${svc.name}`}>
      <div className="requests-head" style={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: "0.75rem" }}>
        <strong>Requests</strong>
        <TrafficHead picture={picture} onCommand={onCommand} />
        {shown && (
          <span
            className="requests-counter"
            style={shown.failed > 0 ? { color: "var(--failed)", fontWeight: 600 } : undefined}
            data-testid={`failed-${svc.name}`}
            data-failed={shown.failed}
            data-sent={shown.sent}
          >
            {failedCounter(shown.failed, shown.sent)}
          </span>
        )}
      </div>
      {error && (
        <p className="requests-error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <>
          <svg
            className="requests-lane"
            width="100%"
            height="14"
            viewBox={`0 0 ${60 * 6} 12`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`last ${shown.lane.length} requests`}
          >
            {shown.lane.map((r, i) => (
              <rect
                key={r.seq}
                x={i * 6}
                width={5}
                height={12}
                className={r.version !== undefined ? "req" : "req req-failed"}
                // Theme colours: the split bar's per-backend colours, the failed pod state's red.
                style={{ fill: r.version !== undefined ? `var(--seg-${(slots.get(r.version) ?? 0) % 4})` : "var(--failed)" }}
                data-seq={r.seq}
                data-version={r.version}
                data-cause={r.cause}
              >
                <title>
                  {r.version !== undefined ? `${r.version} answered (${r.pod ?? ""})` : `failed: ${r.cause}${r.pod ? ` (${r.pod})` : ""}`}
                </title>
              </rect>
            ))}
          </svg>
          <ul className="requests-split" aria-label={`observed split over the last ${shown.windowMs / 1000} s`}>
            {[...slots.keys()].map((v) => {
              const seen = shown.observed.find((o) => o.version === v);
              if (!seen && !endpoint.has(v)) return null;
              return (
                <li
                  key={v}
                  data-version={v}
                  data-observed={seen ? Math.round(seen.share * 100) : 0}
                  data-endpoint-share={Math.round((endpoint.get(v) ?? 0) * 100)}
                >
                  <span className={`swatch seg-${(slots.get(v) ?? 0) % 4}`} aria-hidden="true" /> {v}: observed{" "}
                  <strong>{pct(seen?.share ?? 0)}</strong> · endpoints {pct(endpoint.get(v) ?? 0)}
                </li>
              );
            })}
          </ul>
          {shown.pods && shown.pods.length > 0 && (
            <ul className="requests-pods" aria-label="request rate per pod">
              {shown.pods.map((p) => (
                <li key={p.pod} data-pod={p.pod} data-rate={p.rate.toFixed(2)} data-error-rate={p.errorRate.toFixed(2)}>
                  {p.pod}: {p.rate.toFixed(1)}/s
                  {p.errorRate > 0 && <span style={{ color: "var(--failed)" }}> · errors {p.errorRate.toFixed(1)}/s</span>}
                </li>
              ))}
            </ul>
          )}
          {shown.failed > 0 && (
            <ul className="requests-failures">
              {Object.entries(shown.failures).map(([cause, n]) => (
                <li key={cause} data-cause={cause}>
                  <span className="swatch" style={{ background: "var(--failed)" }} aria-hidden="true" /> {cause}: {n}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
