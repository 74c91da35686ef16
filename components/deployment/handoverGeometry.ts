/**
 * The handover chart laid out: stacked step bands (per revision, ready under unready), the
 * ceiling and floor as step lines, the controller's actions as ticks. Pure numbers and path
 * strings, shared by the React chart and the standalone SVG export.
 */
import { scaleLinear } from "d3";
import type { HandoverSeries } from "@/lib/timeline/handover";

export interface HandoverBand {
  revision: number;
  /** Position in revision order: picks the colour. */
  index: number;
  kind: "ready" | "unready";
  d: string;
}

export interface HandoverGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  x(t: number): number;
  y(n: number): number;
  bands: HandoverBand[];
  ceiling?: { d: string; last: number };
  floor?: { d: string; last: number };
  marks: { x: number; up: boolean; text: string }[];
  yTicks: number[];
  xTicks: { x: number; label: string }[];
}

const MARGIN = { left: 36, right: 112, top: 12, bottom: 28 };
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Step line through (t, value) points, held until `end`. */
function stepPath(points: readonly { t: number; v: number }[], end: number, x: (t: number) => number, y: (n: number) => number): string {
  if (points.length === 0) return "";
  const parts = points.map((p, i) => `${i === 0 ? `M${r1(x(p.t))},` : "V"}${r1(y(p.v))}H${r1(x(points[i + 1]?.t ?? end))}`);
  return parts.join("");
}

type Segment = { t0: number; t1: number; counts: { ready: number; unready: number }[] };

/**
 * Segments of constant counts: every time any revision changed, the counts of all from then on.
 * Changes closer than `resolution` (one pixel) collapse into the last of them, so a rollout of
 * thousands of pods draws a path of at most one step per pixel column.
 */
function segments(series: HandoverSeries, end: number, resolution: number): Segment[] {
  // The last change in each pixel column: one pass over the points, a sort of at most one time per column.
  const lastInColumn = new Map<number, number>();
  for (const r of series.revisions) {
    for (const p of r.points) {
      const c = Math.floor((p.t - series.start) / resolution);
      if (!(p.t <= (lastInColumn.get(c) ?? -Infinity))) lastInColumn.set(c, p.t);
    }
  }
  const times = [...lastInColumn.values()].sort((a, b) => a - b);
  const at = series.revisions.map(() => 0);
  return times.map((t, i) => {
    const counts = series.revisions.map((r, k) => {
      while (at[k]! < r.points.length && r.points[at[k]!]!.t <= t) at[k]!++;
      const p = r.points[at[k]! - 1];
      return { ready: p?.ready ?? 0, unready: p?.unready ?? 0 };
    });
    return { t0: t, t1: times[i + 1] ?? end, counts };
  });
}

/** Lays out `series` in a `width`×`height` box; `end` is the right edge in time. */
export function handoverGeometry(series: HandoverSeries, width: number, height: number, end = series.end): HandoverGeometry {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: width - MARGIN.right,
    bottom: height - MARGIN.bottom,
  };
  const right = Math.max(end, series.start + 1000);
  const segs = segments(series, right, Math.max(1, (right - series.start) / Math.max(1, plot.right - plot.left)));
  const rolling = series.strategy === "RollingUpdate" && series.envelope.length > 0;
  const maxStack = Math.max(0, ...segs.map((s) => s.counts.reduce((n, c) => n + c.ready + c.unready, 0)));
  const maxEnv = rolling ? Math.max(...series.envelope.map((e) => e.ceiling)) : 0;
  const top = Math.max(1, maxStack, maxEnv) + 1;
  const x = scaleLinear().domain([series.start, right]).range([plot.left, plot.right]);
  const y = scaleLinear().domain([0, top]).range([plot.bottom, plot.top]);

  const bands: HandoverBand[] = [];
  series.revisions.forEach((r, index) => {
    for (const kind of ["ready", "unready"] as const) {
      const upper: string[] = [];
      const lower: string[] = [];
      for (const s of segs) {
        const below =
          s.counts.slice(0, index).reduce((n, c) => n + c.ready + c.unready, 0) + (kind === "unready" ? s.counts[index]!.ready : 0);
        const above = below + s.counts[index]![kind];
        upper.push(`${r1(x(s.t0))},${r1(y(above))}`, `${r1(x(s.t1))},${r1(y(above))}`);
        lower.push(`${r1(x(s.t0))},${r1(y(below))}`, `${r1(x(s.t1))},${r1(y(below))}`);
      }
      if (upper.length)
        bands.push({
          revision: r.revision,
          index,
          kind,
          d: `M${[...upper, ...lower.reverse()].join("L")}Z`,
        });
    }
  });

  const envelopeLine = (key: "ceiling" | "floor") =>
    rolling
      ? {
          d: stepPath(
            series.envelope.map((e) => ({ t: e.t, v: e[key] })),
            right,
            x,
            y,
          ),
          last: series.envelope[series.envelope.length - 1]![key],
        }
      : undefined;
  const seconds = (t: number) => (t - series.start) / 1000;
  const xTicks = scaleLinear()
    .domain([0, seconds(right)])
    .ticks(6)
    .map((s) => ({ x: r1(x(series.start + s * 1000)), label: `${s} s` }));
  return {
    width,
    height,
    plot,
    x: (t) => r1(x(t)),
    y: (n) => r1(y(n)),
    bands,
    ceiling: envelopeLine("ceiling"),
    floor: envelopeLine("floor"),
    marks: series.marks.map((m) => ({
      x: r1(x(m.t)),
      up: m.to > m.from,
      text: m.text,
    })),
    yTicks: y.ticks(Math.min(5, top)).filter(Number.isInteger),
    xTicks,
  };
}

/** The chart in words (screen readers, the export's title). `cursorMs`: describe that moment. */
export function handoverSummary(series: HandoverSeries, cursorMs?: number): string {
  const t = cursorMs ?? series.end;
  const counts = series.revisions.map((r) => {
    let p: { ready: number; unready: number } | undefined;
    for (const x of r.points) if (x.t <= t) p = x;
    return `revision ${r.revision}: ${p?.ready ?? 0} ready, ${p?.unready ?? 0} not ready`;
  });
  const env = [...series.envelope].reverse().find((e) => e.t <= t) ?? series.envelope[0];
  const envelope =
    series.strategy === "RollingUpdate" && env
      ? `at most ${env.ceiling} pods (replicas ${env.replicas} + maxSurge), at least ${env.floor} available (replicas − maxUnavailable)`
      : "Recreate: no surge envelope";
  const acted = series.marks.filter((m) => m.t <= t).length;
  return `Handover of deployment ${series.name}, ${Math.round((t - series.start) / 1000)} s in: ${counts.join("; ") || "no pods"}. Envelope: ${envelope}. The controller resized a ReplicaSet ${acted} time${acted === 1 ? "" : "s"} so far.`;
}
