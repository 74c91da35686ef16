/**
 * Issue 8's faults on the real control plane (kube-apiserver + kube-controller-manager v1.35.8,
 * lab kubelet): `rollscope serve` reads the cluster as the ServiceAccount of deploy/rollscope.yaml
 * (its read-only role, a token from an exec plugin running `kubectl create token`) through a TCP
 * proxy that can refuse, cut or freeze connections. Each fault checks what the dashboard says
 * during it (GET /api/rollouts `stale` / `degraded`, the banner in Chromium) and, afterwards, that
 * /api/rollouts equals the views computed from `kubectl get -o json` and that the server's
 * recording replayed to its end equals them too (no change lost from the timeline).
 * Prints a line per fault and `N passed, N failed`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rolloutsResponse } from "../../lib/response";
import type { RolloutsResponse } from "../../lib/model/types";
import { startTcpFaultProxy } from "../../test/support/kube/faults/tcp-proxy";
import { kubectlWith, rolloutManifest } from "../../test/support/kube/faults/support";
import { differencesFromTruth, storeOfRecording, TRUTH_RESOURCES, truthStore } from "../../test/support/kube/faults/truth";
import { startRealCluster } from "./cluster";
import { freePort } from "./procs";

const root = join(import.meta.dirname, "..", "..");
const NS = "faults";
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1].split(",") : undefined;
const cluster = await startRealCluster({ nodeCount: 3 });
const log = (m: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const kubectl = kubectlWith(cluster.kubeconfigPath, undefined, cluster.binaries.kubectl);

let server: ChildProcess | undefined;
let passed = 0;
let failed = 0;
const proxy = await startTcpFaultProxy("127.0.0.1", Number(new URL(cluster.server).port));
try {
  await kubectl("apply", "-f", join(root, "deploy", "rollscope.yaml"));
  await kubectl("create", "namespace", NS);
  const manifest = join(cluster.dir, "faults.yaml");
  writeFileSync(manifest, rolloutManifest(NS));
  await kubectl("apply", "-f", manifest);
  await kubectl("-n", NS, "rollout", "status", "deployment/inference", "--timeout=120s");

  // The dashboard's credentials: a token of Rollscope's ServiceAccount, handed over by an exec
  // plugin that prints whatever token file holds (no expirationTimestamp, so only a re-read of
  // the credentials after a 401 runs it again). Renewing = minting a new token into the file.
  const tokenFile = join(cluster.dir, "rollscope.token");
  const mintToken = async () =>
    writeFileSync(tokenFile, (await kubectl("-n", "rollscope", "create", "token", "rollscope", "--duration=1h")).trim(), { mode: 0o600 });
  await mintToken();
  const plugin = join(cluster.dir, "token-plugin.sh");
  writeFileSync(
    plugin,
    `#!/bin/sh
set -e
echo "$(date +%s)" >> ${cluster.dir}/token-plugin.calls
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat ${tokenFile})"
`,
  );
  chmodSync(plugin, 0o755);
  const kubeconfig = join(cluster.dir, "dashboard-kubeconfig");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: real, cluster: {server: "https://127.0.0.1:${proxy.port}", certificate-authority: "${join(cluster.dir, "ca.crt")}"}}]
users: [{name: rollscope, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: "${plugin}", interactiveMode: Never}}}]
contexts: [{name: real, context: {cluster: real, user: rollscope, namespace: ${NS}}}]
current-context: real
`,
    { mode: 0o600 },
  );

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(
    process.execPath,
    [join(root, "bin", "rollscope.mjs"), "serve", "--kubeconfig", kubeconfig, "-n", NS, "--port", String(port)],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, KUBECONFIG: "" },
      detached: true,
    },
  );
  // Its own process group (bin/rollscope.mjs re-executes Node): killed with us, however we end.
  const group = -server.pid!;
  process.on("exit", () => {
    try {
      process.kill(group, "SIGKILL");
    } catch {
      // already gone
    }
  });
  let serverLog = "";
  server.stdout?.on("data", (d: Buffer) => (serverLog += d));
  server.stderr?.on("data", (d: Buffer) => (serverLog += d));
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600 || server.exitCode !== null) throw new Error(`rollscope serve did not start:\n${serverLog}`);
    await sleep(500);
  }

  const api = async (): Promise<RolloutsResponse> =>
    (await (await fetch(`${base}/api/rollouts?namespace=${NS}`)).json()) as RolloutsResponse;
  const truth = async () => truthStore(await kubectl("-n", NS, "get", TRUTH_RESOURCES, "-o", "json"));

  /** /api/rollouts and the replayed recording equal kubectl's truth, nothing stale or degraded. */
  const converges = async (timeoutMs: number): Promise<void> => {
    const end = Date.now() + timeoutMs;
    let why: string[] = [];
    while (Date.now() < end) {
      const t = await truth();
      const a = await api();
      why = differencesFromTruth(a, t, NS);
      if (a.stale) why.push(`stale since ${a.stale.since}: ${a.stale.reason}`);
      if (a.degraded.length) why.push(`degraded: ${JSON.stringify(a.degraded)}`);
      if (why.length === 0) {
        const rec = storeOfRecording(await (await fetch(`${base}/api/recording`)).text());
        const replayed = rolloutsResponse(rec.store, { namespace: NS, now: Date.parse(a.generatedAt) });
        why = differencesFromTruth(replayed, t, NS).map((d) => `recording: ${d}`);
        if (why.length === 0) return;
      }
      await sleep(1000);
    }
    const health = await fetch(`${base}/healthz`).then(
      (r) => r.text(),
      (e: Error) => e.message,
    );
    throw new Error(`not equal to kubectl after ${timeoutMs} ms:\n    ${why.slice(0, 8).join("\n    ")}\n    /healthz: ${health}`);
  };

  /** Waits until /api/rollouts says the data is stale; returns what it says. */
  const staleReported = async (timeoutMs: number, matching = /./): Promise<{ since: string; reason: string }> => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const a = await api();
      if (a.stale && matching.test(a.stale.reason)) {
        if (Number.isNaN(Date.parse(a.stale.since))) throw new Error(`stale.since is not a time: ${a.stale.since}`);
        return a.stale;
      }
      await sleep(300);
    }
    throw new Error(
      `the dashboard never said its data was stale${matching.source === "." ? "" : ` (${matching})`} in ${timeoutMs} ms: ${JSON.stringify((await api()).stale)}`,
    );
  };

  const rollout = async (env: string) => {
    await kubectl("-n", NS, "set", "env", "deployment/inference", env);
  };
  const rolledOut = () => kubectl("-n", NS, "rollout", "status", "deployment/inference", "--timeout=180s");

  const faults: [string, () => Promise<string>][] = [
    [
      "baseline: /api/rollouts and the recording equal kubectl",
      async () => {
        await converges(60_000);
        return "equal";
      },
    ],
    [
      "API server restart mid-rollout",
      async () => {
        await rollout("VERSION=v2");
        const t0 = Date.now();
        await cluster.apiserver.stop();
        const stale = await staleReported(30_000);
        await sleep(3000);
        await cluster.apiserver.start();
        log(`apiserver back after ${Date.now() - t0} ms; stale said: ${stale.reason}`);
        await rolledOut();
        await converges(90_000);
        return `stale since ${stale.since.slice(11, 19)}, then equal`;
      },
    ],
    [
      "watch expired (410) after a restart: relist",
      async () => {
        const lastSeen = (
          JSON.parse(await kubectl("get", "--raw", `/api/v1/namespaces/${NS}/pods`)) as { metadata: { resourceVersion: string } }
        ).metadata.resourceVersion;
        await proxy.down();
        await rollout("VERSION=v3");
        await rolledOut();
        // A fresh watch cache starts at etcd's current revision: older resourceVersions are gone.
        await cluster.apiserver.stop();
        await cluster.apiserver.start();
        const probe = await kubectl(
          "get",
          "--raw",
          `/api/v1/namespaces/${NS}/pods?watch=true&resourceVersion=${lastSeen}&timeoutSeconds=1`,
        );
        const expired = /"code":410/.test(probe);
        log(`a watch from the dashboard's last resourceVersion ${lastSeen}: ${expired ? "410 Gone" : probe.slice(0, 200)}`);
        await proxy.up();
        await converges(90_000);
        if (!expired) throw new Error("the apiserver did not answer 410 to the old resourceVersion: the fault did not happen");
        return "410 from the apiserver, relisted, equal";
      },
    ],
    [
      "connection refused for a minute",
      async () => {
        await proxy.down();
        const downAt = Date.now();
        await rollout("VERSION=v4");
        const stale = await staleReported(30_000);
        const pageShows = await bannerText(base);
        if (
          !/(since \d\d:\d\d:\d\d — showing data from then|showing data from \d\d:\d\d:\d\d — the cluster watch is reconnecting)/.test(
            pageShows,
          )
        )
          throw new Error(`banner: ${pageShows}`);
        while (Date.now() - downAt < 60_000) {
          const a = await api();
          if (a.stale?.since !== stale.since) throw new Error(`stale changed during the outage: ${JSON.stringify(a.stale)}`);
          await sleep(2000);
        }
        await proxy.up();
        await rolledOut();
        // The informers' backoff is capped at 30 s.
        await converges(60_000);
        return `stale since ${stale.since.slice(11, 19)} for 60 s (banner: "${pageShows.slice(0, 60)}…"), then equal`;
      },
    ],
    [
      "a watch that goes silent",
      async () => {
        proxy.freezeOpen();
        await kubectl("-n", NS, "annotate", "deployment/inference", `rollscope.test/seq=${Date.now()}`, "--overwrite");
        await kubectl("-n", NS, "scale", "deployment/inference", "--replicas=4");
        // The production watchdog restarts a watch silent for 60 s.
        await converges(100_000);
        return "watchdog restarted the watches, equal";
      },
    ],
    [
      "RBAC forbids one kind",
      async () => {
        const role = JSON.parse(await kubectl("get", "clusterrole", "rollscope-read", "-o", "json")) as {
          rules: { resources: string[] }[];
        };
        const without = { ...role, rules: role.rules.map((r) => ({ ...r, resources: r.resources.filter((x) => x !== "pods") })) };
        const rolePath = join(cluster.dir, "role-without-pods.json");
        writeFileSync(rolePath, JSON.stringify(without));
        await kubectl("replace", "-f", rolePath);
        proxy.cut();
        const end = Date.now() + 60_000;
        let pods: string | undefined;
        while (!pods && Date.now() < end) {
          pods = (await api()).degraded.find((d) => d.kind === "Pod")?.message;
          if (!pods) await sleep(500);
        }
        if (!pods?.startsWith("Forbidden: cannot list/watch pods")) throw new Error(`no Pod degradation: ${pods}`);
        const a = await api();
        const t = rolloutsResponse(await truth(), { namespace: NS, now: Date.parse(a.generatedAt) });
        const want = t.deployments.map((d) => `${d.name} ${d.replicas}`).join();
        if (a.deployments.map((d) => `${d.name} ${d.replicas}`).join() !== want) throw new Error("the Deployments stopped being read too");
        writeFileSync(rolePath, JSON.stringify(role));
        await kubectl("apply", "-f", join(root, "deploy", "rollscope.yaml"));
        await converges(90_000);
        return `"${pods.slice(0, 70)}…", the rest kept working; role restored, equal`;
      },
    ],
    [
      "credentials revoked (401), then renewed",
      async () => {
        const calls = () => readFileSync(join(cluster.dir, "token-plugin.calls"), "utf8").trim().split("\n").length;
        const before = calls();
        // Deleting the ServiceAccount invalidates every token minted for it — after the apiserver's
        // token cache (10 s) forgets the last successful check.
        await kubectl("-n", "rollscope", "delete", "serviceaccount", "rollscope");
        await sleep(12_000);
        await rollout("VERSION=v5");
        proxy.cut();
        // The cut itself reads as a network error first; the retries then meet the 401.
        const stale = await staleReported(60_000, /^Unauthorized: the cluster rejected Rollscope's credentials/);
        await sleep(3000);
        if (!/^Unauthorized/.test((await api()).stale?.reason ?? ""))
          throw new Error(`no longer says Unauthorized: ${JSON.stringify((await api()).stale)}`);
        await kubectl("apply", "-f", join(root, "deploy", "rollscope.yaml"));
        await mintToken();
        await rolledOut();
        await converges(90_000);
        if (calls() - before < 1) throw new Error("recovered without running the credential plugin again?");
        return `stale "${stale.reason.slice(0, 60)}…"; plugin re-run ${calls() - before}×, equal`;
      },
    ],
  ];

  for (const [name, run] of faults) {
    if (only && !only.some((o) => name.includes(o))) continue;
    const t0 = Date.now();
    try {
      const what = await run();
      console.log(`✓ ${name}: ${what} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      passed++;
    } catch (err) {
      console.log(`✗ ${name}: ${err instanceof Error ? err.message : String(err)}`);
      failed++;
      await proxy.up().catch(() => {});
    }
  }
} catch (err) {
  console.log(`✗ setup: ${err instanceof Error ? err.stack : String(err)}`);
  failed++;
} finally {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await proxy.close();
  await cluster.stop();
}

/** The dashboard page's banner text, in Chromium. */
async function bannerText(base: string): Promise<string> {
  const { chromium } = await import("@playwright/test");
  const system = "/usr/bin/chromium";
  const browser = await chromium.launch({ ...(existsSync(system) ? { executablePath: system } : {}), args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/?namespace=${NS}`);
    // The cluster-stale banner, or the unreachable one when every kind has lost the cluster.
    const banner = page.locator('[data-testid^="banner-"]', { hasText: /showing data from/ }).first();
    await banner.waitFor({ timeout: 30_000 });
    // The frozen picture is drawn faded while the banner says since when.
    if ((await page.locator("main#main").getAttribute("data-stale")) !== "true")
      throw new Error("the stale picture is not marked data-stale");
    mkdirSync(join(root, "e2e", "artifacts"), { recursive: true });
    await page.screenshot({ path: join(root, "e2e", "artifacts", "real-cluster-unreachable.png"), animations: "disabled" });
    return (await banner.textContent()) ?? "";
  } finally {
    await browser.close();
  }
}

console.log(`real control plane, faults: ${passed} passed, ${failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
