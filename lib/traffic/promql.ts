/**
 * Request metrics of a real cluster through Prometheus (issue 14 item 5): Rollscope sends no
 * request there, it reads what the cluster's mesh, ingress or app already counts. Two PromQL
 * templates, `{namespace}` and `{service}` filled in per Service:
 *
 * - `total`: request counters since they started, by pod, version, code and cause — sent, failed,
 *   answered per version, failures per cause;
 * - `rate`: requests per second over the last minute, by pod, version and code — each pod's
 *   request rate and error rate, and the split observed now.
 *
 * The defaults read the lab's exporter (`rollscope_lab_requests_total`, GET /rollscope/lab/metrics);
 * on a real cluster point them at its own series with --promql-total / --promql-rate, e.g. Istio's
 * `sum by (pod, version, code, cause) (label_replace(istio_requests_total{destination_service_namespace="{namespace}",destination_service_name="{service}"}, "code", "$1", "response_code", "(.*)"))`.
 * A series counts as answered when its `code` label is 200–399; a failed one's cause is its `cause`
 * label, else its code's reason phrase (promCounts.ts). Pure: parsing and arithmetic.
 */
import type { TrafficPicture } from "./picture";
import { addSeries, emptyTotals, isAnswered, type PromSample } from "./promCounts";

export interface PromqlTemplates {
  total: string;
  rate: string;
}

export const DEFAULT_PROMQL: PromqlTemplates = {
  total: 'sum by (pod, version, code, cause) (rollscope_lab_requests_total{namespace="{namespace}",service="{service}"})',
  rate: 'sum by (pod, version, code) (rate(rollscope_lab_requests_total{namespace="{namespace}",service="{service}"}[1m]))',
};

/** One series of an instant-vector answer (`/api/v1/query`, resultType vector). */
export type { PromSample };

export interface PodRate {
  pod: string;
  /** Requests per second. */
  rate: number;
  /** Failed requests per second. */
  errorRate: number;
}

const answered = (m: Record<string, string>) => isAnswered(m.code);
const num = (s: PromSample) => Number(s.value[1]) || 0;

/** Fills a template for one Service; label values are escaped as PromQL strings. */
export function fillPromql(template: string, namespace: string, service: string): string {
  const q = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  return template.replaceAll("{namespace}", q(namespace)).replaceAll("{service}", q(service));
}

/** A Service's traffic picture from the two answers: counts from `total`, per-pod and observed rates from `rate`. */
export function metricsPicture(
  namespace: string,
  service: string,
  total: readonly PromSample[],
  rate: readonly PromSample[],
): TrafficPicture {
  const totals = emptyTotals();
  for (const s of total) addSeries(totals, s.metric, Math.round(num(s)));
  const pods = new Map<string, PodRate>();
  const versions = new Map<string, number>();
  let answeredRate = 0;
  let failedRate = 0;
  for (const s of rate) {
    const r = num(s);
    const pod = s.metric.pod || "(no pod)";
    const p = pods.get(pod) ?? { pod, rate: 0, errorRate: 0 };
    p.rate += r;
    if (answered(s.metric)) {
      answeredRate += r;
      versions.set(s.metric.version ?? "?", (versions.get(s.metric.version ?? "?") ?? 0) + r);
    } else {
      p.errorRate += r;
      failedRate += r;
    }
    pods.set(pod, p);
  }
  const observed = [...versions]
    .filter(([, r]) => r > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, r]) => ({ version, count: r, share: r / answeredRate }));
  return {
    namespace,
    service,
    source: "prometheus",
    running: false,
    paused: false,
    rate: answeredRate + failedRate,
    ...totals,
    lane: [],
    windowMs: 60_000,
    observed,
    windowFailed: failedRate,
    pods: [...pods.values()].sort((a, b) => a.pod.localeCompare(b.pod)),
  };
}
