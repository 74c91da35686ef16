/**
 * Numeric expectations in lab checks: a bare number means "exactly", a string may carry an
 * operator (">=3", "<1", "!=0"). Kept as a tiny closed grammar so lab authors cannot write
 * something the overlay would silently misread.
 */
export type Comparison = number | string;

export type Operator = ">=" | "<=" | ">" | "<" | "==" | "!=";

export interface ParsedComparison {
  op: Operator;
  value: number;
}

const PATTERN = /^\s*(>=|<=|==|!=|>|<)?\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Parses a comparison; undefined when it does not fit the grammar. */
export function parseComparison(c: Comparison): ParsedComparison | undefined {
  if (typeof c === "number") return Number.isFinite(c) ? { op: "==", value: c } : undefined;
  const m = PATTERN.exec(c);
  if (!m) return undefined;
  return { op: (m[1] as Operator | undefined) ?? "==", value: Number(m[2]) };
}

// Traffic shares are ratios computed from endpoint counts (1/10, 2/3): compare equality with a
// tolerance so "0.1" matches 1/10 and "0.33" can be written for a third.
const EPSILON = 0.005;

/** True when `actual` satisfies the comparison. Throws on a malformed comparison (validated at load). */
export function compare(actual: number, c: Comparison): boolean {
  const p = parseComparison(c);
  if (!p) throw new Error(`not a comparison: ${String(c)}`);
  switch (p.op) {
    case "==":
      return Math.abs(actual - p.value) < EPSILON;
    case "!=":
      return Math.abs(actual - p.value) >= EPSILON;
    case ">=":
      return actual >= p.value - EPSILON;
    case "<=":
      return actual <= p.value + EPSILON;
    case ">":
      return actual > p.value;
    case "<":
      return actual < p.value;
  }
}

/** "3", "≥ 3", "≠ 0": how the overlay prints an expectation. */
export function describeComparison(c: Comparison): string {
  const p = parseComparison(c);
  if (!p) return String(c);
  const symbol: Record<Operator, string> = { "==": "", "!=": "≠ ", ">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< " };
  return `${symbol[p.op]}${p.value}`;
}
