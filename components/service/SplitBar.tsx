import { scaleLinear } from "d3";
import type { BackendView, ServiceView } from "@/lib/model";

function backendName(b: BackendView): string {
  const who = b.deployment ?? b.replicaSet ?? "unowned pods";
  const what = b.version ?? (b.label ? `${b.labelKey}=${b.label}` : b.revision !== undefined ? `rev ${b.revision}` : "");
  return what ? `${who} · ${what}` : who;
}

/** Share of ready endpoints per backend (canary 9+1 → 90/10). Widths from a d3 scale. */
export function SplitBar({ svc }: { svc: ServiceView }) {
  const serving = svc.backends.filter((b) => b.readyEndpoints > 0);
  const x = scaleLinear().domain([0, 1]).range([0, 100]);
  return (
    <div className="split" data-testid={`split-${svc.name}`}>
      <div
        className="split-bar"
        role="img"
        aria-label={serving.map((b) => `${backendName(b)} ${Math.round(b.share * 100)}%`).join(", ") || "no ready endpoints"}
      >
        {serving.map((b, i) => (
          <span
            key={`${b.deployment}/${b.replicaSet}/${b.label}`}
            className={`split-seg seg-${i % 4}`}
            style={{ width: `${x(b.share)}%` }}
            data-share={Math.round(b.share * 100)}
            data-backend={b.deployment ?? b.replicaSet ?? ""}
          >
            {Math.round(b.share * 100)}%
          </span>
        ))}
        {serving.length === 0 && <span className="split-empty">no ready endpoints — requests to this Service fail</span>}
      </div>
      <ul className="split-legend">
        {serving.map((b, i) => (
          <li key={`${b.deployment}/${b.replicaSet}/${b.label}`}>
            <span className={`swatch seg-${i % 4}`} aria-hidden="true" /> {backendName(b)}: <strong>{Math.round(b.share * 100)}%</strong> (
            {b.readyEndpoints} ready endpoint
            {b.readyEndpoints === 1 ? "" : "s"})
          </li>
        ))}
      </ul>
    </div>
  );
}
