/**
 * The traffic picture of one Service as the dashboard draws it: the lane of recent requests
 * coloured by the version that answered, failures with their cause, the split observed over the
 * last seconds, totals. Pure and browser-safe (types and arithmetic only).
 */

/** One finished request in the lane. `version` when answered, `cause` when failed. */
export interface LaneRequest {
  seq: number;
  /** When it was sent (ms since the epoch). */
  at: number;
  version?: string;
  cause?: string;
  pod?: string;
}

export interface ObservedShare {
  version: string;
  count: number;
  /** Of the answered requests in the window, 0..1. */
  share: number;
}

export interface TrafficPicture {
  namespace: string;
  service: string;
  running: boolean;
  paused: boolean;
  rate: number;
  sent: number;
  failed: number;
  failures: Record<string, number>;
  byVersion: Record<string, number>;
  /** The most recent requests, oldest first. */
  lane: LaneRequest[];
  windowMs: number;
  /** Answered requests per version over the last `windowMs`, by version name. */
  observed: ObservedShare[];
  windowFailed: number;
  /** Why traffic could not start (not the lab cluster, unknown Service). */
  error?: string;
  /** "prometheus": read from a real cluster's metrics (no lane, nothing to press); else the lab's load generator. */
  source?: "generator" | "prometheus";
  /** Per pod request and error rates (requests per second), from Prometheus. */
  pods?: { pod: string; rate: number; errorRate: number }[];
  /** `serve --prometheus`: whether Prometheus has answered yet, answers, or fails (and why). */
  prometheus?: PrometheusState;
}

/** The live Prometheus reader's state, as the Service card shows it ("Prometheus: <cause>"). */
export type PrometheusState =
  | { state: "waiting"; url: string }
  | { state: "answering"; url: string; at: number }
  | { state: "error"; url: string; cause: string; at: number };

export const LANE_LENGTH = 60;
export const WINDOW_MS = 5000;

/** The observed split per version among the requests answered since `now - windowMs`. */
export function observedSplit(
  recent: readonly LaneRequest[],
  now: number,
  windowMs = WINDOW_MS,
): { observed: ObservedShare[]; failed: number } {
  const counts = new Map<string, number>();
  let answered = 0;
  let failed = 0;
  for (const r of recent) {
    if (r.at < now - windowMs) continue;
    if (r.version === undefined) failed++;
    else {
      answered++;
      counts.set(r.version, (counts.get(r.version) ?? 0) + 1);
    }
  }
  const observed = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, count]) => ({ version, count, share: count / answered }));
  return { observed, failed };
}

/** "failed: 0 of 1,240" */
export function failedCounter(failed: number, sent: number): string {
  const n = new Intl.NumberFormat("en-US");
  return `failed: ${n.format(failed)} of ${n.format(sent)}`;
}
