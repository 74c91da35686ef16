/**
 * The handover chart as a standalone SVG document (the report's export, slides, tickets): the
 * same layout as the live chart (handoverGeometry), with fixed light colours instead of the
 * theme's variables, a title and the text summary. A string builder: runs anywhere.
 */
import type { HandoverSeries } from "@/lib/timeline/handover";
import { handoverGeometry, handoverSummary } from "../deployment/handoverGeometry";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The light theme's --seg-0…3, --bad, --warn, --muted, --border, --text (app/globals.css). */
const SEG = ["#1f5fbf", "#c2561a", "#6b3fb3", "#137a3a"];
const C = { bad: "#b3261e", warn: "#8a5a00", muted: "#55606e", border: "#cfd6df", text: "#14181f", accent: "#1f5fbf" };
const HEAD = 56;
const LEGEND = 28;

export function handoverSvg(series: HandoverSeries, opts: { width?: number; height?: number; cursorMs?: number } = {}): string {
  const width = opts.width ?? 900;
  const chartH = opts.height ?? 260;
  const g = handoverGeometry(series, width, chartH);
  const height = HEAD + chartH + LEGEND;
  const { plot } = g;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="${esc(handoverSummary(series, opts.cursorMs))}">`,
    `<title>${esc(`Handover of deployment/${series.name} (${series.namespace})`)}</title>`,
    `<defs>${SEG.map((c, i) => `<pattern id="hatch-${i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${c}" stroke-width="3"/></pattern>`).join("")}</defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="18" font-weight="700" fill="${C.text}">Handover: deployment/${esc(series.name)} <tspan font-weight="400" fill="${C.muted}">${esc(series.namespace)}</tspan></text>`,
    `<text x="16" y="46" fill="${C.muted}">ready pods solid, not-ready hatched, per revision; dashed: replicas + maxSurge; dotted: replicas − maxUnavailable; ▲▼ the controller scaled a ReplicaSet</text>`,
    `<g transform="translate(0,${HEAD})">`,
  ];
  for (const n of g.yTicks) {
    out.push(
      `<line x1="${plot.left}" x2="${plot.right}" y1="${g.y(n)}" y2="${g.y(n)}" stroke="${C.border}"/>`,
      `<text x="${plot.left - 6}" y="${g.y(n) + 4}" text-anchor="end" fill="${C.muted}">${n}</text>`,
    );
  }
  for (const b of g.bands) {
    const c = SEG[b.index % SEG.length]!;
    out.push(
      b.kind === "ready"
        ? `<path d="${b.d}" fill="${c}" fill-opacity="0.85" data-revision="${b.revision}"/>`
        : `<path d="${b.d}" fill="url(#hatch-${b.index % SEG.length})" stroke="${c}" data-revision="${b.revision}"/>`,
    );
  }
  if (g.ceiling)
    out.push(
      `<path d="${g.ceiling.d}" fill="none" stroke="${C.bad}" stroke-width="2" stroke-dasharray="7 4"/>`,
      `<text x="${plot.right + 6}" y="${g.y(g.ceiling.last) - 2}" fill="${C.bad}" font-weight="600">max ${g.ceiling.last} pods</text>`,
    );
  if (g.floor)
    out.push(
      `<path d="${g.floor.d}" fill="none" stroke="${C.warn}" stroke-width="2" stroke-dasharray="2 3"/>`,
      `<text x="${plot.right + 6}" y="${g.y(g.floor.last) + 12}" fill="${C.warn}" font-weight="600">min ${g.floor.last} available</text>`,
    );
  out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${C.muted}"/>`);
  for (const t of g.xTicks) out.push(`<text x="${t.x}" y="${plot.bottom + 20}" text-anchor="middle" fill="${C.muted}">${t.label}</text>`);
  for (const m of g.marks) {
    const d = m.up ? `M${m.x},${plot.bottom - 9}l-4,7h8z` : `M${m.x},${plot.bottom - 2}l-4,-7h8z`;
    out.push(`<path d="${d}" fill="${C.text}"><title>${esc(m.text)}</title></path>`);
  }
  if (opts.cursorMs !== undefined)
    out.push(
      `<line x1="${g.x(opts.cursorMs)}" x2="${g.x(opts.cursorMs)}" y1="${plot.top}" y2="${plot.bottom}" stroke="${C.accent}" stroke-width="2"/>`,
    );
  out.push(`</g>`);
  let x = 16;
  series.revisions.forEach((r, i) => {
    const y = HEAD + chartH + 8;
    const c = SEG[i % SEG.length]!;
    out.push(
      `<rect x="${x}" y="${y}" width="13" height="12" fill="${c}" fill-opacity="0.85"/>`,
      `<rect x="${x + 15}" y="${y}" width="13" height="12" fill="url(#hatch-${i % SEG.length})" stroke="${C.muted}"/>`,
      `<text x="${x + 34}" y="${y + 10}" fill="${C.text}">rev ${r.revision} ready / not ready</text>`,
    );
    x += 190;
  });
  out.push(`</svg>`);
  return out.join("\n");
}
