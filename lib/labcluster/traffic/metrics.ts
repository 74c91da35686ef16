/**
 * Request counters of the lab's Service proxy in the Prometheus text format, as a service mesh
 * sidecar or an ingress exports them: one series per Service, pod, version and outcome. They
 * are what a real cluster's Prometheus would hold, for the `--prometheus` path to read (issue 14
 * item 5); served at GET /rollscope/lab/metrics.
 */

/**
 * What a counter reads of a routed request. Declared here rather than imported from proxy.ts,
 * which owns the counters: the two files no longer import each other.
 */
export type CountedRequest = { kind: "answered"; version: string; pod: string } | { kind: "failed"; cause: string; pod?: string };

export const REQUESTS_METRIC = "rollscope_lab_requests_total";

interface SeriesKey {
  namespace: string;
  service: string;
  pod: string;
  version: string;
  code: string;
  cause: string;
}

const CODE: Record<string, string> = { "503 loading": "503", "no endpoints": "503", "connection refused": "0" };

export class RequestCounters {
  private readonly series = new Map<string, { labels: SeriesKey; value: number }>();

  add(namespace: string, service: string, r: CountedRequest): void {
    const labels: SeriesKey =
      r.kind === "answered"
        ? { namespace, service, pod: r.pod, version: r.version, code: "200", cause: "" }
        : { namespace, service, pod: r.pod ?? "", version: "", code: CODE[r.cause] ?? "503", cause: r.cause };
    const key = JSON.stringify(labels);
    const s = this.series.get(key);
    if (s) s.value++;
    else this.series.set(key, { labels, value: 1 });
  }

  /** The exposition text (version 0.0.4). */
  text(): string {
    const lines = [
      `# HELP ${REQUESTS_METRIC} Requests the lab's Service proxy routed, by Service, pod, answering version and outcome.`,
      `# TYPE ${REQUESTS_METRIC} counter`,
    ];
    for (const { labels, value } of this.series.values()) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
        .join(",");
      lines.push(`${REQUESTS_METRIC}{${l}} ${value}`);
    }
    return lines.join("\n") + "\n";
  }
}
