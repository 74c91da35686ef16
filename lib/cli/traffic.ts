import { parseArgs } from "node:util";
import { KubeConfigError, contextNamespace, loadClusterTarget } from "../kube/config";
import { isLabCluster, requestThroughService, serviceExists, serviceProxyPath } from "../labcluster/traffic/client";
import { count, emptyTotals, startGenerator, type Outcome, type TrafficTotals } from "../labcluster/traffic/generator";
import { DEFAULT_PROMQL } from "../traffic/promql";
import { checkOutputFlag, positiveNumber, UsageError } from "./flags";
import { observeWithPrometheus } from "./trafficPrometheus";

const HELP = `Usage: rollscope traffic service/NAME [-n NS] [--kubeconfig F] [--context C] [--rate R] [--for DURATION] [-o text|json]
       rollscope traffic service/NAME [-n NS] --prometheus URL [--promql-total Q] [--for DURATION] [-o text|json]

Sends a steady stream of requests (default 20/s) through the Service, routed like kube-proxy,
on the Rollscope lab cluster only; prints one line per second and the totals at the end
(-o json: {"sent", "failed", "byVersion", "failures"}). Without --for it runs until Ctrl-C.
Exit code: 0 done, 2 usage error, not the lab cluster, or the Service is unknown.

With --prometheus it sends nothing and never contacts the cluster: it reads the requests that
Prometheus counts through the Service (the --promql-total template, default in
lib/traffic/promql.ts), prints the observed rates each second and the totals of the run
(-o json adds "source": "prometheus"). Exit 2 when Prometheus cannot answer.`;

/** `10s`, `1m`, `500ms`, `1m30s`, or plain seconds. */
export function parseDuration(raw: string): number {
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const parts = [...raw.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== raw)
    throw new UsageError(`--for must be a duration such as 30s or 2m, got "${raw}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((ms, p) => ms + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

function serviceName(ref: string | undefined): string {
  const m = /^(?:service|services|svc)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)$/.exec(ref ?? "");
  if (!m) throw new UsageError(`expected service/NAME, got "${ref ?? ""}"`);
  return m[1]!;
}

const versions = (t: TrafficTotals) =>
  Object.entries(t.byVersion)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([v, n]) => `${v} ${n}`)
    .join(", ") || "none";
const causes = (t: TrafficTotals) =>
  Object.entries(t.failures)
    .map(([c, n]) => `${c} ${n}`)
    .join(", ");

/** `rollscope traffic`: requests through a lab Service, per second and in total. */
export async function trafficCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kubeconfig: { type: "string" },
      context: { type: "string" },
      namespace: { type: "string", short: "n" },
      rate: { type: "string" },
      for: { type: "string" },
      prometheus: { type: "string" },
      "promql-total": { type: "string" },
      output: { type: "string", short: "o", default: "text" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  checkOutputFlag(values.output);
  if (positionals.length !== 1) throw new UsageError("expected exactly one service/NAME");
  const name = serviceName(positionals[0]);
  const durationMs = values.for === undefined ? undefined : parseDuration(values.for);
  if (values.prometheus !== undefined) return observe(values, name, durationMs);
  if (values["promql-total"] !== undefined) throw new UsageError("--promql-total needs --prometheus");
  const rate = positiveNumber(values.rate ?? "20", "--rate");
  let target;
  try {
    target = loadClusterTarget({ kubeconfig: values.kubeconfig, context: values.context });
  } catch (err) {
    if (err instanceof KubeConfigError) return fail(err.message);
    throw err;
  }
  const namespace = values.namespace ?? contextNamespace(target) ?? "default";
  try {
    if (!(await isLabCluster(target.kc)))
      return fail(
        `${target.server} is not the Rollscope lab cluster; rollscope sends traffic only to the lab cluster (on a real cluster, use --prometheus for real request metrics)`,
      );
    if (!(await serviceExists(target.kc, namespace, name))) return fail(`service "${name}" not found in namespace "${namespace}"`);
  } catch (err) {
    return fail(`cannot reach ${target.server}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const json = values.output === "json";
  const say = json ? (s: string) => console.error(s) : (s: string) => console.log(s);
  say(
    `proxy: ${target.server.replace(/\/$/, "")}${serviceProxyPath(namespace, name)}  (curl it; ${rate}/s${durationMs === undefined ? ", Ctrl-C stops" : ` for ${durationMs / 1000}s`})`,
  );
  return run(target.kc, namespace, name, rate, durationMs, json, say);
}

/** --prometheus: read-only; the namespace from -n, else the kubeconfig's context (read from the file, no request), else default. */
function observe(
  values: {
    prometheus?: string;
    "promql-total"?: string;
    rate?: string;
    namespace?: string;
    kubeconfig?: string;
    context?: string;
    output?: string;
  },
  service: string,
  durationMs: number | undefined,
): Promise<number> {
  const url = values.prometheus ?? "";
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--prometheus must be an http(s) URL, got "${url}"`);
  if (values.rate !== undefined)
    throw new UsageError("--rate sends requests; with --prometheus rollscope only reads what Prometheus counts");
  let namespace = values.namespace;
  if (namespace === undefined)
    try {
      namespace = contextNamespace(loadClusterTarget({ kubeconfig: values.kubeconfig, context: values.context }));
    } catch (err) {
      if (!(err instanceof KubeConfigError)) throw err;
    }
  return observeWithPrometheus({
    url,
    namespace: namespace ?? "default",
    service,
    templates: { ...DEFAULT_PROMQL, ...(values["promql-total"] ? { total: values["promql-total"] } : {}) },
    durationMs,
    json: values.output === "json",
  });
}

async function run(
  kc: Parameters<typeof requestThroughService>[0],
  namespace: string,
  name: string,
  rate: number,
  durationMs: number | undefined,
  json: boolean,
  say: (s: string) => void,
): Promise<number> {
  const totals = emptyTotals();
  let second = emptyTotals();
  const start = Date.now();
  const gen = startGenerator({
    rate,
    durationMs,
    send: () => requestThroughService(kc, namespace, name),
    onOutcome: (o: Outcome) => {
      count(totals, o);
      count(second, o);
    },
  });
  const perSecond = setInterval(() => {
    const s = second;
    second = emptyTotals();
    say(
      `${Math.round((Date.now() - start) / 1000)}s  sent ${s.sent}  failed ${s.failed}${s.failed ? ` (${causes(s)})` : ""}  answered: ${versions(s)}`,
    );
  }, 1000);
  const interrupt = () => void gen.stop();
  process.once("SIGINT", interrupt);
  await gen.done;
  clearInterval(perSecond);
  process.off("SIGINT", interrupt);
  if (json) console.log(JSON.stringify(totals));
  else
    console.log(
      `total: sent ${totals.sent}, failed ${totals.failed}${totals.failed ? ` (${causes(totals)})` : ""}; answered by ${versions(totals)}`,
    );
  return 0;
}

function fail(message: string): number {
  console.error(`rollscope traffic: ${message}`);
  return 2;
}
