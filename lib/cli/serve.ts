/**
 * `rollscope serve`: the dashboard. Picks the cluster (or starts the embedded lab cluster),
 * hands the choice to the route handlers through the environment and globalThis, then runs
 * Next.js in this process behind node:http.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hasClusterConfig } from "../kube/config";
import { processConnection, setClusterClock, stopProcessConnection } from "../kube/process-hub";
import { portNumber, positiveNumber, UsageError } from "./flags";

const HELP = `Usage: rollscope serve [--kubeconfig F] [--context C] [-n NS | -A] [--lab] [--time-scale N] [--port P] [--host H] [--dev]

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
  --host H          address to bind (default 127.0.0.1)
  --dev             Next.js development mode (hot reload)`;

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function freePort(host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once("error", fail);
    s.listen(0, host, () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

function ensureProductionBuild(): void {
  if (existsSync(join(projectRoot, ".next", "BUILD_ID"))) return;
  console.log("rollscope: no production build in .next — running `npx next build` once (a minute or two)…");
  const nextBin = join(projectRoot, "node_modules", "next", "dist", "bin", "next");
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: projectRoot, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status}); run \`npx next build\` in ${projectRoot} to see why, or use --dev`);
}

export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: "string" },
      context: { type: "string" },
      namespace: { type: "string", short: "n" },
      "all-namespaces": { type: "boolean", short: "A" },
      lab: { type: "boolean" },
      "time-scale": { type: "string", default: "1" },
      port: { type: "string", default: "3000" },
      host: { type: "string", default: "127.0.0.1" },
      dev: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.namespace && values["all-namespaces"]) throw new UsageError("-n and -A exclude each other");
  if (values.lab && (values.kubeconfig || values.context)) throw new UsageError("--lab shows the embedded lab cluster; drop --kubeconfig/--context");
  const timeScale = positiveNumber(values["time-scale"]!, "--time-scale");
  const host = values.host!;
  let port = portNumber(values.port!, "--port");
  if (port === 0) port = await freePort(host);
  const dev = Boolean(values.dev);

  let kubeconfig = values.kubeconfig ? resolve(values.kubeconfig) : undefined;
  let stopLab: (() => Promise<void>) | undefined;
  const useLab = values.lab || !hasClusterConfig({ kubeconfig });
  if (useLab) {
    if (!values.lab) {
      console.log("rollscope: no cluster configured (no --kubeconfig, $KUBECONFIG or ~/.kube/config, not in a pod) — starting the embedded lab cluster instead.");
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

  // Start reading the cluster now, so the first page already has data and errors show in the log.
  const conn = processConnection();
  if (conn.configError) {
    console.error(`rollscope: ${conn.configError}\nrollscope: serving anyway; the dashboard shows this error until you restart with a working kubeconfig.`);
  } else {
    await conn.hub!.whenSynced(10_000);
    const st = conn.hub!.status();
    if (st.unreachable) console.error(`rollscope: cluster ${conn.clusterLabel} is unreachable: ${st.unreachable} (still trying)`);
    for (const d of st.degraded) console.error(`rollscope: ${d.kind}: ${d.message}`);
    if (st.endpointSource === "Endpoints") console.log("rollscope: EndpointSlices unavailable; reading legacy Endpoints");
  }

  if (!dev) ensureProductionBuild();
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  const { default: next } = await import("next");
  const app = next({ dev, dir: projectRoot, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const cluster = conn.target ? `${conn.target.context}/${conn.target.server}` : "none";
  console.log(`rollscope serving http://${shownHost}:${port} cluster=${cluster} namespace=${values.namespace ?? "all"}`);

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  console.log("rollscope: stopping");
  stopProcessConnection();
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
  await app.close?.();
  await stopLab?.();
}
