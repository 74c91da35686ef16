/**
 * The stage of one Deployment as a standalone SVG document (export for slides, tickets and
 * reviews): one lane per ReplicaSet with the same glyphs as the live stage, the budgets and the
 * rollout status line. A string builder, so it runs on the server, in the browser and in tests.
 */
import type { DeploymentView } from "@/lib/model";
import { GLYPHS, GLYPH_RADIUS } from "../deployment/glyphs";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const COLOURS: Record<string, string> = {
  "glyph-pending": "#6b7686",
  "glyph-starting": "#1f5fbf",
  "glyph-notready": "#a15c00",
  "glyph-ready": "#137a3a",
  "glyph-terminating": "#6b7686",
  "glyph-failed": "#b3261e",
};

const SLOT = 84;
const LANE_H = 110;
const LEFT = 230;
const TOP = 96;

export function stageSvg(d: DeploymentView, opts: { title?: string } = {}): string {
  const lanes = d.replicaSets.filter((rs) => rs.isNew || rs.desired > 0 || rs.pods.length > 0);
  const maxPods = Math.max(1, ...lanes.map((rs) => Math.max(rs.pods.length, rs.desired)));
  const width = LEFT + maxPods * SLOT + 40;
  const height = TOP + lanes.length * LANE_H + 40;
  const b = d.budget;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" role="img" aria-label="${esc(`Rollout of deployment ${d.name}`)}">`,
    `<title>${esc(opts.title ?? `deployment/${d.name} (${d.namespace}) — ${d.phase}`)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="20" y="32" font-size="22" font-weight="700" fill="#14181f">deployment/${esc(d.name)} <tspan font-weight="400" fill="#55606e">${esc(d.namespace)} · ${esc(d.phase)}: ${esc(d.phaseReason)}</tspan></text>`,
    `<text x="20" y="58" font-size="14" fill="#14181f">${esc(`${d.strategy} · replicas ${d.replicas} · maxSurge ${d.maxSurge} · maxUnavailable ${d.maxUnavailable} · pods ${b.totalPods}/${b.maxTotal} (surge ${b.surgeUsed}/${d.maxSurge}) · available ${b.available} ≥ ${b.minAvailable}`)}</text>`,
    `<text x="20" y="80" font-size="14" font-family="ui-monospace, monospace" fill="#55606e">${esc(d.rolloutStatus)}</text>`,
  );
  lanes.forEach((rs, i) => {
    const y = TOP + i * LANE_H;
    parts.push(
      `<g data-revision="${rs.revision}">`,
      `<rect x="12" y="${y}" width="${width - 24}" height="${LANE_H - 12}" rx="10" fill="${rs.isNew ? "#eef4fd" : "#f6f7f9"}" stroke="#cfd6df"/>`,
      `<text x="24" y="${y + 28}" font-size="16" font-weight="700" fill="#14181f">rev ${rs.revision}${rs.isNew ? " (new)" : ""}</text>`,
      `<text x="24" y="${y + 50}" font-size="13" fill="#14181f">${esc(rs.version ? `VERSION ${rs.version}` : rs.image)}</text>`,
      `<text x="24" y="${y + 72}" font-size="13" fill="#55606e">${rs.ready}/${rs.desired} ready · ${rs.available} available${rs.terminating ? ` · ${rs.terminating} terminating` : ""}</text>`,
    );
    rs.pods.forEach((p, j) => {
      const g = GLYPHS[p.state];
      const cx = LEFT + j * SLOT + SLOT / 2;
      const cy = y + 38;
      const colour = COLOURS[g.className] ?? "#14181f";
      parts.push(
        `<g transform="translate(${cx},${cy})" data-state="${p.state}"><title>${esc(`${p.name}: ${g.label}${p.reason ? ` (${p.reason})` : ""}`)}</title>`,
        `<path d="${g.outline}" fill="none" stroke="${colour}" stroke-width="2.5"${g.dashed ? ` stroke-dasharray="4 3"` : ""}/>`,
        g.fill ? `<path d="${g.fill}" fill="${colour}"/>` : "",
        g.mark ? `<path d="${g.mark}" fill="none" stroke="${g.fill ? "#ffffff" : colour}" stroke-width="3" stroke-linecap="round"/>` : "",
        `<text y="${GLYPH_RADIUS + 20}" text-anchor="middle" font-size="12" fill="#14181f">${esc(g.label)}</text>`,
        `</g>`,
      );
    });
    parts.push(`</g>`);
  });
  parts.push(`</svg>`);
  return parts.filter(Boolean).join("\n");
}
