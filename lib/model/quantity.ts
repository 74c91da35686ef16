/**
 * resource.Quantity → a number in the resource's base unit (cores for cpu, bytes otherwise).
 * Enough of the grammar for requests and allocatable: plain and decimal numbers, m, k/M/G/T/P/E,
 * Ki…Ei, and exponents. Unparseable input is 0, the way a missing request counts.
 */
const SUFFIX: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === "number") return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|([a-zA-Z]*))$/.exec(q.trim());
  if (!m) return 0;
  const base = Number.parseFloat(m[1]);
  if (m[2] !== undefined) return base * 10 ** Number(m[2]);
  const mult = SUFFIX[m[3] ?? ""];
  return mult === undefined ? 0 : base * mult;
}
