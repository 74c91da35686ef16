/** The fixed clock and deterministic ids every test builder shares. */

export const T0 = Date.parse("2026-11-24T03:00:00Z");

/** ISO time `s` seconds before T0 (negative = after). */
export function ago(s: number, now = T0): string {
  return new Date(now - s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

let counter = 0;
/** A deterministic uid-looking string. */
export function uid(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const hex = (h.toString(16) + "00000000").slice(0, 8);
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${(hex + hex).slice(0, 12)}`;
}

/** Restarts resourceVersions, so each scenario's files do not depend on the ones written before it. */
export function resetResourceVersions(): void {
  counter = 0;
}

/** A fresh resourceVersion (process-wide counter, so generated files are deterministic per run). */
export function nextRv(): string {
  counter += 1;
  return String(10000 + counter);
}
