/**
 * Traffic in a recording (issue 14): the requests the dashboard's load generator sent, or the
 * counts a real cluster's Prometheus observed (`serve --prometheus`), one line per Service and
 * sample, and the folds that give them back — the picture at a replay time, and the totals of a
 * time window for the rollout report. Pure and browser-safe.
 */
import { addTotals, type TrafficTotals } from "./promCounts";
import { LANE_LENGTH, observedSplit, WINDOW_MS, type LaneRequest, type ObservedShare, type TrafficPicture } from "./picture";

/** The requests through one Service that finished since the previous sample. `t`: when sampled. */
export interface RecordedTraffic {
  t: number;
  namespace: string;
  service: string;
  /** Requests per second: the generator's rate, or the rate Prometheus observed when sampled. */
  rate: number;
  /** The load generator's requests one by one (empty for Prometheus: it counts, it has no single requests). */
  requests: LaneRequest[];
  /** "prometheus": observed on a real cluster by its Prometheus, not sent by Rollscope. Absent: the lab's load generator. */
  source?: "prometheus";
  /** Prometheus: the requests its counters gained since the previous sample. */
  counts?: TrafficTotals;
  /** Prometheus: each pod's request and error rate (per second) when sampled. */
  pods?: { pod: string; rate: number; errorRate: number }[];
}

export type { TrafficTotals };

function totalsOf(requests: Iterable<LaneRequest>, counts: Iterable<TrafficTotals> = []): TrafficTotals {
  const t: TrafficTotals = { sent: 0, failed: 0, byVersion: {}, failures: {} };
  for (const c of counts) addTotals(t, c);
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
  const bySvc = new Map<string, { s: RecordedTraffic; requests: LaneRequest[]; counts: RecordedTraffic[] }>();
  for (const s of samples) {
    if (s.t > t) break;
    const entry = bySvc.get(keyOf(s)) ?? { s, requests: [], counts: [] };
    entry.s = s;
    for (const r of s.requests) if (r.at <= t) entry.requests.push(r);
    if (s.counts) entry.counts.push(s);
    bySvc.set(keyOf(s), entry);
  }
  return [...bySvc.values()].map(({ s, requests, counts }) => {
    const totals = totalsOf(
      requests,
      counts.map((c) => c.counts!),
    );
    const { observed, failed } = s.source === "prometheus" ? countedSplit(counts, t) : observedSplit(requests, t, WINDOW_MS);
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
      ...(s.source === "prometheus" ? { source: s.source, pods: s.pods ?? [] } : {}),
    };
  });
}

/** The split per version of the counts sampled in the window before `t` (Prometheus samples: no single requests). */
function countedSplit(counted: readonly RecordedTraffic[], t: number): { observed: ObservedShare[]; failed: number } {
  const inWindow = totalsOf(
    [],
    counted.filter((c) => c.t > t - WINDOW_MS).map((c) => c.counts!),
  );
  const answered = inWindow.sent - inWindow.failed;
  const observed = Object.entries(inWindow.byVersion)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, count]) => ({ version, count, share: count / answered }));
  return { observed, failed: inWindow.failed };
}

/**
 * Totals of the requests through `namespace/service` sent in [from, to] (to undefined: until the end).
 * Prometheus counts are placed at their sample's time (within one sample of when they were sent).
 */
export function trafficBetween(
  samples: readonly RecordedTraffic[],
  namespace: string,
  service: string,
  from: number,
  to?: number,
): TrafficTotals {
  const within = (at: number) => at >= from && (to === undefined || at <= to);
  const mine = samples.filter((s) => s.namespace === namespace && s.service === service);
  const inWindow = function* () {
    for (const s of mine) for (const r of s.requests) if (within(r.at)) yield r;
  };
  return totalsOf(
    inWindow(),
    mine.filter((s) => s.counts && within(s.t)).map((s) => s.counts!),
  );
}
