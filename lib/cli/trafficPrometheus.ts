/**
 * `rollscope traffic service/NAME --prometheus URL`: the requests a real cluster's Prometheus
 * observes through a Service, read-only (issue 14 item 5). Nothing is sent to the cluster — it is
 * not even contacted: only Prometheus is queried. One line per second with the requests counted
 * in that second, then the totals of the run in the generator's JSON shape, plus `"source":
 * "prometheus"`. Exit 0, or 2 when Prometheus cannot answer at the start or the end.
 */
import { addTotals, carryForward, counterReading, countsBetween, emptyTotals, type CounterReading } from "../traffic/promCounts";
import { promQuery } from "../traffic/prometheusReader";
import { fillPromql, type PromqlTemplates } from "../traffic/promql";
import type { TrafficTotals } from "../traffic/recorded";

export interface ObserveOptions {
  url: string;
  namespace: string;
  service: string;
  templates: PromqlTemplates;
  durationMs?: number;
  json: boolean;
  everyMs?: number;
  /** Ends the run like Ctrl-C (after one more reading). */
  signal?: AbortSignal;
}

const list = (r: Record<string, number>) =>
  Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");

/** "12s  observed 20/s  failed 1/s (503 Service Unavailable 1)  answered: v1 19" */
function secondLine(elapsedS: number, t: TrafficTotals, seconds: number): string {
  const per = (n: number) => `${Math.round((n / seconds) * 10) / 10}/s`;
  return `${elapsedS}s  observed ${per(t.sent)}  failed ${per(t.failed)}${t.failed ? ` (${list(t.failures)})` : ""}  answered: ${list(t.byVersion) || "none"}`;
}

/** Reads the Service's counters every second for the duration (or until Ctrl-C); returns the exit code. */
export async function observeWithPrometheus(o: ObserveOptions): Promise<number> {
  const say = o.json ? (s: string) => console.error(s) : (s: string) => console.log(s);
  const query = fillPromql(o.templates.total, o.namespace, o.service);
  const read = async (): Promise<CounterReading> => counterReading(await promQuery(o.url, query), Date.now());
  let last: CounterReading;
  try {
    last = await read();
  } catch (err) {
    return fail(err);
  }
  const start = Date.now();
  let lastAt = start;
  say(
    `observing service/${o.service} in ${o.namespace} through Prometheus ${o.url} (read-only: no request is sent)${last.size === 0 ? "; no series yet" : ""}`,
  );
  const totals = emptyTotals();
  // Ctrl-C (or the signal) ends the run after one more reading: the totals up to that moment.
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  o.signal?.addEventListener("abort", interrupt, { once: true });
  process.once("SIGINT", interrupt);
  const end = o.durationMs === undefined ? Infinity : start + o.durationMs;
  let failure: unknown;
  for (;;) {
    await pause(Math.min(o.everyMs ?? 1000, end - Date.now()), stop.signal);
    try {
      const next = await read();
      const counts = countsBetween(last, next);
      addTotals(totals, counts);
      last = carryForward(last, next, Date.now()); // a failed scrape hides series for a moment
      failure = undefined;
      say(secondLine(Math.round((Date.now() - start) / 1000), counts, Math.max(0.001, (Date.now() - lastAt) / 1000)));
      lastAt = Date.now();
    } catch (err) {
      failure = err;
      console.error(`rollscope traffic: ${err instanceof Error ? err.message : String(err)} (still trying)`);
    }
    if (stop.signal.aborted || Date.now() >= end) break;
  }
  process.off("SIGINT", interrupt);
  if (failure !== undefined) return fail(failure, "the last reading failed, the totals would be short: ");
  if (o.json) console.log(JSON.stringify({ ...totals, source: "prometheus" }));
  else
    console.log(
      `total observed by Prometheus: ${totals.sent} requests, failed ${totals.failed}${totals.failed ? ` (${list(totals.failures)})` : ""}; answered by ${list(totals.byVersion) || "none"}`,
    );
  return 0;
}

/** Waits `ms` (nothing when not positive), cut short by `signal`. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

function fail(err: unknown, prefix = ""): number {
  console.error(`rollscope traffic: ${prefix}${err instanceof Error ? err.message : String(err)}`);
  return 2;
}
