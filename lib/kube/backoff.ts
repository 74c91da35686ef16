/** Capped exponential backoff: initial, 2×, 4×, … up to max; reset once a watch delivers something. */
export interface Backoff {
  /** The wait before the next retry (and doubles the one after). */
  next(): number;
  reset(): void;
}

export function createBackoff(initialMs: number, maxMs: number): Backoff {
  let wait = initialMs;
  return {
    next() {
      const w = wait;
      wait = Math.min(maxMs, wait * 2);
      return w;
    },
    reset() {
      wait = initialMs;
    },
  };
}
