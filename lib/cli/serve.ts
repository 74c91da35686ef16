/**
 * `rollscope serve`: the dashboard. Picks the cluster (or starts the embedded lab cluster),
 * hands the choice to the route handlers through the environment and globalThis, then runs
 * Next.js in this process behind node:http.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hasClusterConfig } from "../kube/config";
import { clusterClock, processConnection, setClusterClock, stopProcessConnection } from "../kube/process-hub";
import { AccessConfigError, accessPolicy, isLoopback, type AccessPolicy } from "../security/access";
import { setProcessRecorder, startRecorder } from "../timeline/recorder";
import { trafficFeed } from "../labcluster/traffic/sessions";
import { listKind } from "../model/store";
import type { RawObject } from "../model/raw";
import { DEFAULT_PROMQL } from "../traffic/promql";
import { processPromPoller } from "../traffic/promPoller";
import { bindablePort, bindError, hostUrl, reachableHosts } from "./bind";
import { CLUSTER_FLAGS, checkNamespaceFlags, portNumber, positiveNumber, UsageError } from "./flags";
import { startNextServer } from "./next-server";

const HELP = `Usage: rollscope serve [--kubeconfig F] [--context C] [-n NS | -A] [--lab] [--time-scale N] [--port P] [--host H]
                      [--record F] [--auth token|none] [--token T] [--allow-apply] [--dev]
                      [--prometheus URL [--promql-total Q] [--promql-rate Q]]

Serves the dashboard for one cluster. Without --kubeconfig it uses $KUBECONFIG, then
~/.kube/config, then the in-cluster service account; with none of them (or with --lab) it starts
the embedded lab cluster and writes its kubeconfig to .rollscope/lab-kubeconfig.

  --kubeconfig F    kubeconfig file to read
  --context C       context of the kubeconfig (default: its current-context)
  -n, --namespace   only this namespace (default: every namespace you can list)
  -A                every namespace (the default)
  --lab             start the embedded lab cluster and show it
  --time-scale N    lab cluster clock N times faster (default 1)
  --port P          port (default 3000; 0 = any free port)
  --host H          address to bind (default 127.0.0.1); any other address needs a token
  --record F        also append everything watched to F (replay it with \`rollscope replay F\`)
  --auth MODE       token (default off loopback) or none (say so out loud on a trusted network)
  --token T         the access token (default: $ROLLSCOPE_TOKEN, else one is generated and printed)
  --allow-apply     let the lab overlay's "Apply this step" change a cluster that is not the lab
  --dev             Next.js development mode (hot reload)
  --prometheus URL  each Service's requests from this Prometheus (rate and error rate per pod)
                    instead of Rollscope's load generator, which then sends nothing
  --promql-total Q  PromQL for request counters by pod, version, code, cause ({namespace}, {service})
  --promql-rate Q   PromQL for requests per second by pod, version, code (defaults: lib/traffic/promql.ts)`;

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The access policy from the flags, with a usage error that says what to add. */
export function policyFromFlags(host: string, auth: string | undefined, token: string | undefined): AccessPolicy {
  if (auth === "none" && token) {
    // A token inherited from the environment is easy to forget: name where it came from.
    throw new UsageError(
      token === process.env.ROLLSCOPE_TOKEN
        ? "--auth none and $ROLLSCOPE_TOKEN (set in this environment) exclude each other: unset ROLLSCOPE_TOKEN, or drop --auth none to require it"
        : "--auth none and --token exclude each other: drop one of them",
    );
  }
  try {
    return accessPolicy({ host, auth, token: token || undefined });
  } catch (err) {
    if (err instanceof AccessConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * Tells the operator how to get in when a token protects the dashboard, and warns out loud when
 * nothing does on an address other machines can reach. `url` is the bound address; a wildcard
 * bind is announced with each of the machine's own addresses.
 */
export function announceAccess(policy: AccessPolicy, url: string): void {
  const bound = new URL(url);
  const port = Number(bound.port);
  const links = reachableHosts(bound.hostname).map((h) => hostUrl(h, port));
  if (policy.mode === "none") {
    if (isLoopback(bound.hostname)) return;
    console.error(
      `rollscope: WARNING: --auth none on ${bound.hostname}: anyone who can reach ${links.join(" or ")} sees this cluster, with no token. ` +
        "Use it only on a network you trust; drop --auth none to require a token.",
    );
    return;
  }
  if (policy.generated) {
    console.log(`rollscope: access token (generated): ${policy.token}`);
    for (const link of links) console.log(`rollscope: open ${link}/?token=${policy.token}`);
  } else console.log(`rollscope: access token required (the one given with --token / $ROLLSCOPE_TOKEN): open ${links[0]}/?token=<token>`);
}

/**
 * The recorder's traffic feed with --prometheus: the process's poller, held for the whole serve
 * (the recording always runs), the same one the dashboard's traffic stream reads.
 */
function recordedPrometheus(url: string, services: () => RawObject[]) {
  const poller = processPromPoller({
    url,
    templates: {
      total: process.env.ROLLSCOPE_PROMQL_TOTAL || DEFAULT_PROMQL.total,
      rate: process.env.ROLLSCOPE_PROMQL_RATE || DEFAULT_PROMQL.rate,
    },
    services: () => services().map((s) => ({ namespace: s.metadata.namespace ?? "", service: s.metadata.name ?? "" })),
    now: () => clusterClock().now(),
  });
  poller.acquire();
  return () => poller.drain();
}

export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CLUSTER_FLAGS,
      lab: { type: "boolean" },
      "time-scale": { type: "string", default: "1" },
      port: { type: "string", default: "3000" },
      host: { type: "string", default: "127.0.0.1" },
      dev: { type: "boolean" },
      record: { type: "string" },
      auth: { type: "string" },
      token: { type: "string" },
      "allow-apply": { type: "boolean" },
      prometheus: { type: "string" },
      "promql-total": { type: "string" },
      "promql-rate": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  checkNamespaceFlags(values);
  if (values.lab && (values.kubeconfig || values.context))
    throw new UsageError("--lab shows the embedded lab cluster; drop --kubeconfig/--context");
  const timeScale = positiveNumber(values["time-scale"]!, "--time-scale");
  const host = values.host!;
  let port = portNumber(values.port!, "--port");
  const dev = Boolean(values.dev);
  const policy = policyFromFlags(host, values.auth, values.token ?? process.env.ROLLSCOPE_TOKEN);
  // A bad --host or a taken --port is refused now, in one line, before anything starts.
  port = await bindablePort(host, port);

  let kubeconfig = values.kubeconfig ? resolve(values.kubeconfig) : undefined;
  let stopLab: (() => Promise<void>) | undefined;
  const useLab = values.lab || !hasClusterConfig({ kubeconfig });
  if (useLab) {
    if (!values.lab) {
      console.log(
        "rollscope: no cluster configured (no --kubeconfig, $KUBECONFIG or ~/.kube/config, not in a pod) — starting the embedded lab cluster instead.",
      );
    }
    const { startLabCluster } = await import("../labcluster/index");
    // ROLLSCOPE_LAB_KUBECONFIG lets parallel servers (e2e) keep their kubeconfigs apart.
    const out = resolve(process.env.ROLLSCOPE_LAB_KUBECONFIG || join(projectRoot, ".rollscope", "lab-kubeconfig"));
    const lab = await startLabCluster({ timeScale, kubeconfigOut: out });
    kubeconfig = resolve(lab.kubeconfigPath);
    stopLab = () => lab.stop();
    setClusterClock({ now: () => lab.clock.now(), rate: lab.clock.timeScale });
    console.log(`rollscope: lab cluster at ${lab.server} (time ×${timeScale}); use kubectl with: export KUBECONFIG=${kubeconfig}`);
  }

  process.env.ROLLSCOPE_KUBECONFIG = kubeconfig ?? "";
  process.env.ROLLSCOPE_CONTEXT = values.context ?? "";
  process.env.ROLLSCOPE_NAMESPACE = values.namespace ?? "";
  process.env.ROLLSCOPE_LAB = useLab ? "1" : "";
  process.env.ROLLSCOPE_ALLOW_APPLY = values["allow-apply"] ? "1" : (process.env.ROLLSCOPE_ALLOW_APPLY ?? "");
  if (values.prometheus !== undefined && !/^https?:\/\/[^/]/.test(values.prometheus))
    throw new UsageError(`--prometheus must be an http(s) URL, got "${values.prometheus}"`);
  process.env.ROLLSCOPE_PROMETHEUS = values.prometheus ?? "";
  process.env.ROLLSCOPE_PROMQL_TOTAL = values["promql-total"] ?? "";
  process.env.ROLLSCOPE_PROMQL_RATE = values["promql-rate"] ?? "";

  // Start reading the cluster now, so the first page already has data and errors show in the log.
  const conn = processConnection();
  if (conn.configError) {
    console.error(
      `rollscope: ${conn.configError}\nrollscope: serving anyway; the dashboard shows this error until you restart with a working kubeconfig.`,
    );
  } else {
    await conn.hub!.whenSynced(10_000);
    const st = conn.hub!.status();
    if (st.unreachable) console.error(`rollscope: cluster ${conn.clusterLabel} is unreachable: ${st.unreachable} (still trying)`);
    else if (st.stale) console.error(`rollscope: cluster ${conn.clusterLabel}: ${st.stale.reason}`);
    for (const d of st.degraded) console.error(`rollscope: ${d.kind}: ${d.message}`);
    if (st.endpointSource === "Endpoints") console.log("rollscope: EndpointSlices unavailable; reading legacy Endpoints");
    // Always recorded in memory (the dashboard's download and report); with --record, to a file too.
    setProcessRecorder(
      startRecorder(conn.hub!, {
        file: values.record ? resolve(values.record) : undefined,
        source: conn.clusterLabel,
        namespace: values.namespace,
        now: () => clusterClock().now(),
        // Lab traffic (the dashboard's load generator), its wall-clock send times on the cluster's clock;
        // with --prometheus, the counts Prometheus observed (and the generator sends nothing).
        traffic: values.prometheus
          ? recordedPrometheus(values.prometheus, () => listKind(conn.hub!.store, "Service"))
          : trafficFeed((wall) => clusterClock().now() - (Date.now() - wall) * clusterClock().rate),
      }),
    );
    if (values.record) console.log(`rollscope: recording to ${resolve(values.record)}`);
  }

  let web: Awaited<ReturnType<typeof startNextServer>>;
  try {
    web = await startNextServer({ projectRoot, host, port, dev, policy });
  } catch (err) {
    // The lab cluster and the watches would keep the process alive: a failed start would hang.
    stopProcessConnection();
    await stopLab?.();
    throw bindError(err, host, port) ?? err;
  }
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const cluster = conn.target ? `${conn.target.context}/${conn.target.server}` : "none";
  console.log(`rollscope serving http://${shownHost}:${port} cluster=${cluster} namespace=${values.namespace ?? "all"}`);
  announceAccess(policy, `http://${shownHost}:${port}`);

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  console.log("rollscope: stopping");
  stopProcessConnection();
  await web.close();
  await stopLab?.();
}
