import { parseRecording } from "@/lib/timeline/recording";
import { requestsLine, rolloutReport } from "@/lib/timeline/report";
import { recordingText } from "@/lib/timeline/source";
import { handoverSeries } from "@/lib/timeline/handover";
import { HandoverChart } from "@/components/deployment/HandoverChart";
import { HandoverExport } from "@/components/export/HandoverExport";
import { handoverSvg } from "@/components/export/handoverSvg";
import "@/components/timeline/timeline.css";

export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
const secs = (s: number | undefined) => (s === undefined ? "—" : `${s.toFixed(1)} s`);

/** `/report?namespace=NS&deployment=D[&name=rollout]` — the rollout report as a page (JSON and Markdown at /api/report). */
export default async function ReportPage({ searchParams }: { searchParams: Promise<Params> }) {
  const p = await searchParams;
  const namespace = one(p.namespace);
  const deployment = one(p.deployment);
  const name = one(p.name);
  if (!namespace || !deployment) {
    return (
      <main className="fatal-page">
        <h1>Rollout report</h1>
        <p role="alert">Say which Deployment: /report?namespace=NS&amp;deployment=NAME</p>
      </main>
    );
  }
  const { text, error } = await recordingText(name);
  if (text === undefined) {
    return (
      <main className="fatal-page">
        <h1>Rollout report</h1>
        <p role="alert">{error}</p>
      </main>
    );
  }
  const recording = parseRecording(text);
  const events = recording.events;
  const r = rolloutReport(events, namespace, deployment, recording.traffic);
  const handover = handoverSeries(events, namespace, deployment);
  const q = `namespace=${encodeURIComponent(namespace)}&deployment=${encodeURIComponent(deployment)}${name ? `&name=${encodeURIComponent(name)}` : ""}`;
  return (
    <main className="report card" data-testid="report">
      <h1>
        Rollout report: deployment/{r.deployment.name} <span className="muted">namespace {r.deployment.namespace}</span>
      </h1>
      <p className="muted">
        Recorded {r.recordedFrom} → {r.recordedTo}. Download <a href={`/api/report?${q}&format=md&download`}>Markdown</a> ·{" "}
        <a href={`/api/report?${q}&download`}>JSON</a>
      </p>
      <table className="cond-table">
        <thead>
          <tr>
            <th>revision</th>
            <th>change-cause</th>
            <th>started</th>
            <th>ended</th>
            <th>outcome</th>
            <th>duration</th>
            <th>longest wait for Ready</th>
            <th>requests</th>
          </tr>
        </thead>
        <tbody>
          {r.rollouts.map((x) => (
            <tr key={`${x.revision}-${x.startedAt}`} data-outcome={x.outcome}>
              <td>{x.revision}</td>
              <td>{x.changeCause ?? "—"}</td>
              <td>{x.startedAt}</td>
              <td>{x.endedAt ?? "—"}</td>
              <td>{x.outcome}</td>
              <td>{secs(x.durationSeconds)}</td>
              <td>
                {x.readinessWaits.some((w) => !w.readyAt)
                  ? "a pod never became Ready"
                  : secs(Math.max(0, ...x.readinessWaits.map((w) => w.waitedSeconds ?? 0)))}
              </td>
              <td data-testid="report-requests">{x.requests?.map((q) => `${q.service}: ${requestsLine(q)}`).join("; ") ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Handover</h2>
      {handover ? (
        <section data-testid="report-handover">
          <HandoverChart series={handover} width={900} height={260} />
          <p>
            <HandoverExport svg={handoverSvg(handover)} fileBase={`handover-${r.deployment.namespace}-${r.deployment.name}`} />
          </p>
        </section>
      ) : (
        <p>The recording holds no pods of this Deployment.</p>
      )}
      <h2>Findings at the end</h2>
      {r.findings.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {r.findings.map((f, i) => (
            <li key={i}>
              <strong>
                {f.severity} {f.code}
              </strong>
              : {f.message} <code>{f.fix}</code>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
