/**
 * The peers rows of the table: Rollscope's write→paint p95 over k9s's write→screen p95 at each
 * size both benches measured (issue 12 item 4 target: below 1 at every size). Read from the
 * figures the two benches returned, so neither bench knows about the other.
 */
import { fmt, judge, type Figure } from "../lib/table";

const PAGE = /^churn (\d+)\/s: write→paint p50\/p95 \(page\)$/;
const K9S = /^churn (\d+)\/s: write→screen p95 \(k9s\)$/;

function podsOf(section: string, prefix: string): number | undefined {
  const m = new RegExp(`^${prefix} ([\\d,]+) pods$`).exec(section);
  return m ? Number(m[1]!.replaceAll(",", "")) : undefined;
}

/** "12.3 / 45.6 ms" → 45.6 (the figure after the slash). */
function secondNumber(value: Figure["value"]): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /\/\s*([\d,.]+)\s*ms/.exec(value);
  return m ? Number(m[1]!.replaceAll(",", "")) : undefined;
}

export function peerRatioRows(figures: readonly Figure[]): Figure[] {
  // The browser's gentlest churn rate is the closest to k9s's.
  const page = new Map<number, { rate: number; p95: number }>();
  for (const f of figures) {
    const pods = podsOf(f.section, "browser");
    const m = PAGE.exec(f.name);
    const p95 = secondNumber(f.value);
    if (pods === undefined || !m || p95 === undefined) continue;
    const rate = Number(m[1]);
    const had = page.get(pods);
    if (!had || rate < had.rate) page.set(pods, { rate, p95 });
  }
  const rows: Figure[] = [];
  for (const f of figures) {
    const pods = podsOf(f.section, "k9s");
    const m = K9S.exec(f.name);
    if (pods === undefined || !m) continue;
    const p = page.get(pods);
    if (!p) continue;
    const section = `peers ${pods.toLocaleString("en-US")} pods`;
    const name = "Rollscope p95 / k9s p95 (write→screen)";
    if (typeof f.value !== "number" || !Number.isFinite(f.value)) {
      rows.push({
        section,
        name,
        value: `k9s showed no change (Rollscope p95 ${fmt(p.p95)} ms)`,
        target: "< 1 at every size",
        verdict: "met",
        note: `k9s: ${f.value}`,
      });
      continue;
    }
    const ratio = p.p95 / f.value;
    rows.push({
      section,
      name,
      value: `${fmt(ratio)}× (${fmt(p.p95)} / ${fmt(f.value)} ms)`,
      target: "< 1 at every size",
      verdict: judge(ratio < 1),
      note: `Rollscope at churn ${p.rate}/s over all pods, k9s at ${m[1]}/s over the pods on its screen; k9s's p95 covers only the changes it showed`,
    });
  }
  return rows;
}
