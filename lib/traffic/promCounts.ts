/**
 * Prometheus request counters as recorded traffic (issue 14 item 5): the counts observed between
 * two readings of the `total` template, per version and per failure cause. Counters are diffed
 * series by series, so a pod that appears mid-rollout counts from its first scrape and a restarted
 * exporter (a counter that went down) counts from zero, as Prometheus' own increase() does; a
 * series missing from one reading (a failed scrape) is carried, not forgotten.
 * Pure: parsing and arithmetic.
 */

/** One series of a Prometheus instant query's answer. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Requests counted over a span: sent, failed, answered per version, failures per cause. */
export interface TrafficTotals {
  sent: number;
  failed: number;
  /** Answered requests per version. */
  byVersion: Record<string, number>;
  /** Failed requests per cause ("503 loading", "connection refused", …). */
  failures: Record<string, number>;
}

/** Reason phrases of the codes a mesh or ingress reports for failed requests. */
const REASON: Record<string, string> = {
  "0": "no response (connection refused or reset)",
  "400": "400 Bad Request",
  "401": "401 Unauthorized",
  "403": "403 Forbidden",
  "404": "404 Not Found",
  "408": "408 Request Timeout",
  "429": "429 Too Many Requests",
  "500": "500 Internal Server Error",
  "502": "502 Bad Gateway",
  "503": "503 Service Unavailable",
  "504": "504 Gateway Timeout",
};

/** Whether a series' requests were answered: a 2xx or 3xx `code`. */
export const isAnswered = (code: string | undefined): boolean => /^[23]\d\d$/.test(code ?? "");

/**
 * Why the requests of a failed series failed: the exporter's own `cause` label when it gives one
 * (the lab's "503 loading"), else the HTTP code's reason phrase, else the bare code — never a guess
 * beyond what the code says.
 */
export function causeOf(code: string | undefined, cause?: string): string {
  if (cause) return cause;
  if (code === undefined || code === "") return "failed (no code label)";
  return REASON[code] ?? (/^[45]\d\d$/.test(code) ? `HTTP ${code}` : `code ${code}`);
}

export const emptyTotals = (): TrafficTotals => ({ sent: 0, failed: 0, byVersion: {}, failures: {} });

/** Adds `n` requests of one series to `t`. */
export function addSeries(t: TrafficTotals, metric: Record<string, string>, n: number): void {
  if (n <= 0) return;
  t.sent += n;
  if (isAnswered(metric.code)) t.byVersion[metric.version || "?"] = (t.byVersion[metric.version || "?"] ?? 0) + n;
  else {
    t.failed += n;
    const cause = causeOf(metric.code, metric.cause);
    t.failures[cause] = (t.failures[cause] ?? 0) + n;
  }
}

/** Every series of a `total` answer by its label set, with when it was last seen: the counters to diff on the next reading. */
export type CounterReading = Map<string, { metric: Record<string, string>; value: number; seen: number }>;

export function counterReading(samples: readonly PromSample[], at = 0): CounterReading {
  const reading: CounterReading = new Map();
  for (const s of samples) {
    const key = JSON.stringify(Object.entries(s.metric).sort(([a], [b]) => a.localeCompare(b)));
    const value = Math.round(Number(s.value[1]) || 0);
    const had = reading.get(key);
    reading.set(key, { metric: s.metric, value: (had?.value ?? 0) + value, seen: at });
  }
  return reading;
}

/**
 * The baseline for the next diff: `next`, plus the series of `prev` missing from it for less than
 * `keepMs`. A failed scrape makes Prometheus mark every series of the target stale, so an instant
 * query briefly returns none; forgotten, they would come back as "new" and count whole.
 */
export function carryForward(prev: CounterReading, next: CounterReading, at: number, keepMs = 10 * 60_000): CounterReading {
  const out: CounterReading = new Map(next);
  for (const [key, entry] of prev) if (!out.has(key) && at - entry.seen < keepMs) out.set(key, entry);
  return out;
}

/** The requests counted between two readings; a series new in `next` counts whole, one that went down restarted from 0. */
export function countsBetween(prev: CounterReading, next: CounterReading): TrafficTotals {
  const t = emptyTotals();
  for (const [key, { metric, value }] of next) {
    const before = prev.get(key)?.value ?? 0;
    addSeries(t, metric, value >= before ? value - before : value);
  }
  return t;
}

/** Sums `b` into `a`. */
export function addTotals(a: TrafficTotals, b: TrafficTotals): TrafficTotals {
  a.sent += b.sent;
  a.failed += b.failed;
  for (const [v, n] of Object.entries(b.byVersion)) a.byVersion[v] = (a.byVersion[v] ?? 0) + n;
  for (const [c, n] of Object.entries(b.failures)) a.failures[c] = (a.failures[c] ?? 0) + n;
  return a;
}
