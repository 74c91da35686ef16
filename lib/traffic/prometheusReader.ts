/**
 * Reads a Service's request metrics from a Prometheus server's HTTP API (`/api/v1/query`) with
 * the PromQL templates of promql.ts. The only I/O of lib/traffic; `fetch` is passed in for tests.
 */
import { DEFAULT_PROMQL, fillPromql, metricsPicture, type PromqlTemplates, type PromSample } from "./promql";
import type { TrafficPicture } from "./picture";

export type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

interface QueryAnswer {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: PromSample[] };
}

/** The innermost cause of a failed fetch ("connect ECONNREFUSED 127.0.0.1:9"), not undici's bare "fetch failed". */
function reachCause(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause !== undefined) e = e.cause;
  if (e instanceof Error && e.name === "TimeoutError") return "no answer within 10 s";
  return e instanceof Error ? e.message : String(e);
}

/** One instant query; throws with Prometheus' own error text when it refuses. */
export async function promQuery(baseUrl: string, promql: string, fetchFn: Fetch = fetch): Promise<PromSample[]> {
  const url = `${baseUrl.replace(/\/$/, "")}/api/v1/query?query=${encodeURIComponent(promql)}`;
  let res: Awaited<ReturnType<Fetch>>;
  try {
    res = await fetchFn(url, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(`cannot reach Prometheus at ${baseUrl}: ${reachCause(err)}`);
  }
  const body = (await res.json().catch(() => ({}))) as QueryAnswer;
  if (!res.ok || body.status !== "success")
    throw new Error(`Prometheus ${baseUrl} refused the query (HTTP ${res.status}): ${body.error ?? "no answer"} — query: ${promql}`);
  if (body.data?.resultType !== "vector")
    throw new Error(
      `Prometheus answered a ${body.data?.resultType ?? "missing"} result; the template must give an instant vector: ${promql}`,
    );
  return body.data.result ?? [];
}

/** The two answers (`total`, `rate`) for one Service; throws with the cause when Prometheus cannot answer. */
export async function prometheusAnswers(
  baseUrl: string,
  namespace: string,
  service: string,
  templates: PromqlTemplates = DEFAULT_PROMQL,
  fetchFn: Fetch = fetch,
): Promise<{ total: PromSample[]; rate: PromSample[] }> {
  const [total, rate] = await Promise.all([
    promQuery(baseUrl, fillPromql(templates.total, namespace, service), fetchFn),
    promQuery(baseUrl, fillPromql(templates.rate, namespace, service), fetchFn),
  ]);
  return { total, rate };
}

/** The traffic picture of one Service from its metrics; `error` set (and counts 0) when Prometheus cannot answer. */
export async function prometheusPicture(
  baseUrl: string,
  namespace: string,
  service: string,
  templates: PromqlTemplates = DEFAULT_PROMQL,
  fetchFn: Fetch = fetch,
): Promise<TrafficPicture> {
  try {
    const { total, rate } = await prometheusAnswers(baseUrl, namespace, service, templates, fetchFn);
    return metricsPicture(namespace, service, total, rate);
  } catch (err) {
    return { ...metricsPicture(namespace, service, [], []), error: err instanceof Error ? err.message : String(err) };
  }
}
