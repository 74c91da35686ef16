"use client";
import { memo, useId, useMemo } from "react";
import type { HandoverSeries } from "@/lib/timeline/handover";
import { handoverGeometry, handoverSummary } from "./handoverGeometry";
import "./handoverChart.css";

export interface HandoverChartProps {
  series: HandoverSeries;
  /** The timeline's cursor (scrubbed, replayed); none when following live. */
  cursorMs?: number;
  width?: number;
  height?: number;
}

const COLOURS = 4;

/**
 * Ready and not-ready pods of each revision over time, stacked, inside the controller's envelope
 * (ceiling `replicas + maxSurge`, floor `replicas − maxUnavailable`), with its actions ticked on
 * the time axis. Not-ready is hatched and every band is named in the legend: colour is never the
 * only carrier. Re-lays out only when the series (kept === until it changes) or the size changes.
 */
export const HandoverChart = memo(function HandoverChart({ series, cursorMs, width = 720, height = 220 }: HandoverChartProps) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const end = Math.max(series.end, cursorMs ?? series.end);
  const g = useMemo(() => handoverGeometry(series, width, height, end), [series, width, height, end]);
  const summary = handoverSummary(series, cursorMs);
  const cursorX = cursorMs === undefined ? undefined : g.x(Math.min(Math.max(cursorMs, series.start), end));
  const { plot } = g;
  return (
    <figure className="handover" data-testid="handover-chart" data-revisions={series.revisions.length} data-cursor-x={cursorX}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} className="handover-svg">
        <defs>
          {Array.from({ length: COLOURS }, (_, i) => (
            <pattern key={i} id={`${id}-hatch-${i}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" className="handover-hatch-bg" />
              <line x1="0" y1="0" x2="0" y2="6" className={`handover-hatch handover-seg-${i}`} />
            </pattern>
          ))}
        </defs>
        {g.yTicks.map((n) => (
          <g key={n} className="handover-grid">
            <line x1={plot.left} x2={plot.right} y1={g.y(n)} y2={g.y(n)} />
            <text x={plot.left - 6} y={g.y(n) + 4} textAnchor="end">
              {n}
            </text>
          </g>
        ))}
        {g.bands.map((b) => (
          <path
            key={`${b.revision}-${b.kind}`}
            d={b.d}
            className={`handover-band handover-${b.kind} handover-seg-${b.index % COLOURS}`}
            fill={b.kind === "unready" ? `url(#${id}-hatch-${b.index % COLOURS})` : undefined}
            data-revision={b.revision}
          />
        ))}
        {g.ceiling && <EnvelopeLine kind="ceiling" d={g.ceiling.d} value={g.ceiling.last} right={plot.right} y={g.y(g.ceiling.last)} />}
        {g.floor && <EnvelopeLine kind="floor" d={g.floor.d} value={g.floor.last} right={plot.right} y={g.y(g.floor.last)} />}
        <line className="handover-axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        {g.xTicks.map((t) => (
          <text key={t.x} className="handover-tick" x={t.x} y={plot.bottom + 20} textAnchor="middle">
            {t.label}
          </text>
        ))}
        {g.marks.map((m, i) => (
          <path
            key={i}
            className={`handover-mark handover-mark-${m.up ? "up" : "down"}`}
            d={m.up ? `M${m.x},${plot.bottom - 9}l-4,7h8z` : `M${m.x},${plot.bottom - 2}l-4,-7h8z`}
          >
            <title>{m.text}</title>
          </path>
        ))}
        {cursorX !== undefined && (
          <line className="handover-cursor" data-testid="handover-cursor" x1={cursorX} x2={cursorX} y1={plot.top} y2={plot.bottom} />
        )}
      </svg>
      <figcaption className="handover-legend">
        {series.revisions.map((r, i) => (
          <span key={`${r.revision}-${r.replicaSet}`} className="handover-key">
            <svg width="28" height="12" aria-hidden="true">
              <rect width="13" height="12" className={`handover-ready handover-seg-${i % COLOURS}`} />
              <rect x="15" width="13" height="12" fill={`url(#${id}-hatch-${i % COLOURS})`} className="handover-unready-key" />
            </svg>
            rev {r.revision} ready / <span className="handover-hatched-word">not ready</span>
          </span>
        ))}
        <span className="handover-key">▲▼ controller scaled a ReplicaSet</span>
      </figcaption>
    </figure>
  );
});

function EnvelopeLine({ kind, d, value, right, y }: { kind: "ceiling" | "floor"; d: string; value: number; right: number; y: number }) {
  return (
    <g className={`handover-${kind}`} data-testid={`handover-${kind}`}>
      <path d={d} />
      <text x={right + 6} y={y + (kind === "ceiling" ? -2 : 12)}>
        {kind === "ceiling" ? `max ${value} pods` : `min ${value} available`}
      </text>
    </g>
  );
}
