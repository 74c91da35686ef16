/**
 * Traffic in a recording (issue 14): the requests the dashboard's load generator sent, one line
 * per Service and second, and the folds that give them back — the lane at a replay time, and the
 * totals of a time window for the rollout report. Pure and browser-safe.
 */
import { LANE_LENGTH, observedSplit, WINDOW_MS, type LaneRequest, type TrafficPicture } from "./picture";

/** The requests through one Service that finished since the previous sample. `t`: when sampled. */
export interface RecordedTraffic {
  t: number;
  namespace: string;
  service: string;
  /** Requests per second the generator ran at when sampled. */
  rate: number;
  requests: LaneRequest[];
}

export interface TrafficTotals {
  sent: number;
  failed: number;
  /** Answered requests per version. */
  byVersion: Record<string, number>;
  /** Failed requests per cause ("503 loading", "connection refused", …). */
  failures: Record<string, number>;
}

function totalsOf(requests: Iterable<LaneRequest>): TrafficTotals {
  const t: TrafficTotals = { sent: 0, failed: 0, byVersion: {}, failures: {} };
  for (const r of requests) {
    t.sent++;
    if (r.version !== undefined) t.byVersion[r.version] = (t.byVersion[r.version] ?? 0) + 1;
    else {
      t.failed++;
      const cause = r.cause ?? "failed";
      t.failures[cause] = (t.failures[cause] ?? 0) + 1;
    }
  }
  return t;
}

const keyOf = (s: { namespace: string; service: string }) => `${s.namespace}/${s.service}`;

/**
 * Every recorded Service's traffic picture as it stood at `t`: counts of the requests sent by then,
 * the lane of the last ones, the split observed over the window before `t`. A replay has no
 * generator: `running` is false and there is nothing to press.
 */
export function trafficAt(samples: readonly RecordedTraffic[], t: number): TrafficPicture[] {
  const bySvc = new Map<string, { s: RecordedTraffic; requests: LaneRequest[] }>();
  for (const s of samples) {
    if (s.t > t) break;
    const entry = bySvc.get(keyOf(s)) ?? { s, requests: [] };
    entry.s = s;
    for (const r of s.requests) if (r.at <= t) entry.requests.push(r);
    bySvc.set(keyOf(s), entry);
  }
  return [...bySvc.values()].map(({ s, requests }) => {
    const totals = totalsOf(requests);
    const { observed, failed } = observedSplit(requests, t, WINDOW_MS);
    return {
      namespace: s.namespace,
      service: s.service,
      running: false,
      paused: false,
      rate: s.rate,
      ...totals,
      lane: requests.slice(-LANE_LENGTH),
      windowMs: WINDOW_MS,
      observed,
      windowFailed: failed,
    };
  });
}

/** Totals of the requests through `namespace/service` sent in [from, to] (to undefined: until the end). */
export function trafficBetween(
  samples: readonly RecordedTraffic[],
  namespace: string,
  service: string,
  from: number,
  to?: number,
): TrafficTotals {
  const inWindow = function* () {
    for (const s of samples)
      if (s.namespace === namespace && s.service === service)
        for (const r of s.requests) if (r.at >= from && (to === undefined || r.at <= to)) yield r;
  };
  return totalsOf(inWindow());
}
