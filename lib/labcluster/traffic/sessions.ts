/**
 * The dashboard's traffic: one load generator per Service that a user started, kept per process
 * (globalThis, like the hub) so every route bundle shares it. Requests go through the lab API
 * server's service proxy with the dashboard's own kubeconfig; a server that is not the lab
 * cluster gets none (client.ts asks first).
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { isLabCluster, requestThroughService, serviceExists } from "./client";
import { count, emptyTotals, startGenerator, type Generator, type Outcome, type TrafficTotals } from "./generator";
import { LANE_LENGTH, observedSplit, WINDOW_MS, type LaneRequest, type TrafficPicture } from "../../traffic/picture";
import type { RecordedTraffic } from "../../traffic/recorded";

interface Session {
  namespace: string;
  service: string;
  rate: number;
  generator?: Generator;
  totals: TrafficTotals;
  /** Enough recent requests for the lane and the observation window. */
  recent: LaneRequest[];
  seq: number;
}

export type TrafficAction = { action: "start" | "pause" | "resume" | "stop"; namespace: string; service: string; rate?: number };

const KEY = Symbol.for("rollscope.trafficSessions");
type WithSessions = typeof globalThis & { [KEY]?: Map<string, Session> };
const sessions = (): Map<string, Session> => ((globalThis as WithSessions)[KEY] ??= new Map());
const keyOf = (ns: string, svc: string) => `${ns}/${svc}`;
const MAX_RECENT = 2000;

function record(s: Session, o: Outcome, sentAt: number): void {
  count(s.totals, o);
  s.recent.push({ seq: ++s.seq, at: sentAt, ...(o.ok ? { version: o.version } : { cause: o.cause }), ...(o.pod ? { pod: o.pod } : {}) });
  if (s.recent.length > MAX_RECENT) s.recent.splice(0, s.recent.length - MAX_RECENT);
}

function run(kc: KubeConfig, s: Session): void {
  s.generator = startGenerator({
    rate: s.rate,
    send: () => requestThroughService(kc, s.namespace, s.service),
    onOutcome: (o, at) => record(s, o, at),
  });
}

/** Applies a user's action; an error message when traffic may not or cannot run. */
export async function trafficAction(kc: KubeConfig, a: TrafficAction): Promise<string | undefined> {
  const all = sessions();
  const key = keyOf(a.namespace, a.service);
  const s = all.get(key);
  const rate = a.rate !== undefined && a.rate > 0 && a.rate <= 500 ? a.rate : undefined;
  switch (a.action) {
    case "start": {
      if (s?.generator) {
        if (rate) {
          s.rate = rate;
          s.generator.setRate(rate);
        }
        return undefined;
      }
      if (!(await isLabCluster(kc))) return "not the Rollscope lab cluster: Rollscope sends no traffic to a real cluster";
      if (!(await serviceExists(kc, a.namespace, a.service))) return `service "${a.service}" not found in namespace "${a.namespace}"`;
      const fresh: Session = s ?? {
        namespace: a.namespace,
        service: a.service,
        rate: rate ?? 20,
        totals: emptyTotals(),
        recent: [],
        seq: 0,
      };
      if (rate) fresh.rate = rate;
      all.set(key, fresh);
      run(kc, fresh);
      return undefined;
    }
    case "pause":
      if (s?.generator) {
        const g = s.generator;
        s.generator = undefined;
        await g.stop();
      }
      return undefined;
    case "resume":
      if (s && !s.generator) run(kc, s);
      return undefined;
    case "stop":
      all.delete(key);
      await s?.generator?.stop();
      return undefined;
  }
}

/** Every Service's traffic picture at `now`. */
export function trafficPictures(now: number): TrafficPicture[] {
  return [...sessions().values()].map((s) => {
    const { observed, failed } = observedSplit(s.recent, now, WINDOW_MS);
    return {
      namespace: s.namespace,
      service: s.service,
      running: !!s.generator,
      paused: !s.generator,
      rate: s.rate,
      sent: s.totals.sent,
      failed: s.totals.failed,
      failures: { ...s.totals.failures },
      byVersion: { ...s.totals.byVersion },
      lane: s.recent.slice(-LANE_LENGTH),
      windowMs: WINDOW_MS,
      observed,
      windowFailed: failed,
    };
  });
}

/**
 * A feed for the recorder: each call returns, per Service, the requests finished since the
 * previous call, their send times mapped by `toRecordTime` (wall ms → the recording's clock, which
 * for a lab cluster with --time-scale runs faster). Sessions keep the last 2,000 requests, so call
 * it at least every few seconds.
 */
export function trafficFeed(toRecordTime: (wallMs: number) => number = (t) => t): () => Omit<RecordedTraffic, "t">[] {
  const cursor = new Map<Session, number>();
  return () => {
    const out: Omit<RecordedTraffic, "t">[] = [];
    for (const s of sessions().values()) {
      const after = cursor.get(s) ?? 0;
      const fresh = s.recent.filter((r) => r.seq > after);
      if (!fresh.length) continue;
      cursor.set(s, fresh[fresh.length - 1]!.seq);
      out.push({
        namespace: s.namespace,
        service: s.service,
        rate: s.rate,
        requests: fresh.map((r) => ({ ...r, at: Math.round(toRecordTime(r.at)) })),
      });
    }
    return out;
  };
}

/** Stops every generator (tests, shutdown). */
export async function stopAllTraffic(): Promise<void> {
  const all = [...sessions().values()];
  sessions().clear();
  await Promise.all(all.map((s) => s.generator?.stop()));
}
