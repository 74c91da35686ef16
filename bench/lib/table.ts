/**
 * The one table `npm run bench` prints. Each bench returns figures; targets of issue 7 sit
 * beside the figure they judge, marked met / NOT MET, or "not measured" with the reason.
 */
export type Verdict = "met" | "NOT MET" | "not measured";

export interface Figure {
  section: string;
  name: string;
  /** A number (formatted with `unit`) or a short text such as "skipped: no page yet". */
  value: number | string;
  unit?: string;
  target?: string;
  verdict?: Verdict;
  note?: string;
}

export function fmt(value: number | string, unit = ""): string {
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const n = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${n} ${unit}` : n;
}

export function judge(met: boolean): Verdict {
  return met ? "met" : "NOT MET";
}

export function renderTable(figures: readonly Figure[]): string {
  const head = ["section", "figure", "value", "target", "verdict"];
  const rows = figures.map((f) => [f.section, f.name, fmt(f.value, f.unit), f.target ?? "", f.verdict ?? ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const out = [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)];
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.section} / ${f.name}: ${f.note}`);
  return [...out, ...(notes.length ? ["", "Notes:", ...notes] : [])].join("\n");
}
