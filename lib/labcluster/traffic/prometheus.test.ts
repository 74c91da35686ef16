/**
 * The lab proxy's request counters through a real Prometheus server (Debian's `prometheus`,
 * started here on loopback, scraping GET /rollscope/lab/metrics every second): what Prometheus
 * holds must equal the load generator's own counts. Needs the `prometheus` binary: missing, the
 * test fails under CI=true and is skipped, saying so, elsewhere.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "../index";
import { loadKubeconfig } from "../kubelet";
import { requestThroughService } from "./client";
import { count, emptyTotals, startGenerator } from "./generator";
import { REQUESTS_METRIC } from "./metrics";
import { prometheusPicture } from "../../traffic/prometheusReader";
import { startPromPoller } from "../../traffic/promPoller";
import { trafficBetween } from "../../traffic/recorded";
import { emptyStore } from "../../model/store";
import { startRecorder } from "../../timeline/recorder";
import { parseRecording } from "../../timeline/recording";
import { observeWithPrometheus } from "../../cli/trafficPrometheus";
import { DEFAULT_PROMQL } from "../../traffic/promql";

const hasPrometheus = spawnSync("prometheus", ["--version"]).status === 0;
if (!hasPrometheus && process.env.CI === "true")
  throw new Error("prometheus is not installed (.ci/run installs Debian's prometheus package)");

let lab: LabCluster;
let prom: ChildProcess | undefined;
let promUrl = "";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

// Asynchronous: the lab's API server runs in this process and must keep answering.
function kubectl(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = execFile("kubectl", [`--kubeconfig=${lab.kubeconfigPath}`, ...args], { timeout: 90_000 }, (err, _out, stderr) =>
      err ? reject(new Error(stderr || String(err))) : resolve(),
    );
    p.stdin!.end(input);
  });
}

async function query(promql: string): Promise<number | undefined> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
  const v = body.data?.result?.[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

beforeAll(async () => {
  if (!hasPrometheus) return;
  const dir = mkdtempSync(join(tmpdir(), "prom-"));
  lab = await startLabCluster({ timeScale: 20, kubeconfigOut: join(dir, "kubeconfig") });
  const target = new URL(lab.server).host;
  writeFileSync(
    join(dir, "prometheus.yml"),
    `global: {scrape_interval: 1s}\nscrape_configs:\n- job_name: rollscope-lab\n  metrics_path: /rollscope/lab/metrics\n  static_configs: [{targets: ["${target}"]}]\n`,
  );
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prom = spawn(
    "prometheus",
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: "ignore" },
  );
  const manifest = `apiVersion: v1\nkind: Namespace\nmetadata: {name: prom}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prom}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: server\n        image: busybox:1.36\n        command: ["sh", "-c", "sleep 2; touch /tmp/ready; sleep infinity"]\n        env: [{name: VERSION, value: v1}]\n        ports: [{containerPort: 8080}]\n        readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prom}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: prom}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n`;
  await kubectl(["apply", "-f", "-"], manifest);
  await kubectl(["-n", "prom", "rollout", "status", "deployment/web", "--timeout=60s"], "");
  // Ready pods are not yet routed: wait for both Services' EndpointSlices, so no request meets "no endpoints".
  for (let i = 0; i < 120 && (await readyEndpoints()) < 4; i++) await new Promise((r) => setTimeout(r, 250));
}, 120_000);

/** Ready endpoints over the namespace's EndpointSlices (web's and api's). */
function readyEndpoints(): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      "kubectl",
      [`--kubeconfig=${lab.kubeconfigPath}`, "-n", "prom", "get", "endpointslices", "-o", "json"],
      { timeout: 30_000 },
      (err, out) => {
        if (err) return resolve(0);
        const list = JSON.parse(out) as { items: { endpoints?: { conditions?: { ready?: boolean } }[] }[] };
        resolve(list.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).length);
      },
    );
  });
}

afterAll(async () => {
  prom?.kill();
  await lab?.stop();
});

describe.skipIf(!hasPrometheus)("lab request metrics through a real Prometheus", () => {
  it("Prometheus' totals per version and per pod equal the generator's counts", async () => {
    const kc = loadKubeconfig(lab.kubeconfigPath);
    const totals = emptyTotals();
    const gen = startGenerator({
      rate: 50,
      durationMs: 3000,
      send: () => requestThroughService(kc, "prom", "web"),
      onOutcome: (o) => count(totals, o),
    });
    await gen.done;
    expect(totals.sent).toBe(150);
    const sel = `${REQUESTS_METRIC}{namespace="prom",service="web"}`;
    // Scrapes every second: wait until one has seen the last request.
    let seen: number | undefined;
    for (let i = 0; i < 120 && seen !== totals.sent; i++) {
      seen = await query(`sum(${sel})`).catch(() => undefined);
      if (seen !== totals.sent) await new Promise((r) => setTimeout(r, 500));
    }
    expect(seen).toBe(totals.sent);
    expect(await query(`sum(${REQUESTS_METRIC}{namespace="prom",service="web",code="200",version="v1"})`)).toBe(totals.byVersion.v1 ?? 0);
    expect(await query(`sum(${REQUESTS_METRIC}{namespace="prom",service="web",code!="200"}) or vector(0)`)).toBe(totals.failed);
    expect(await query(`count(${REQUESTS_METRIC}{namespace="prom",service="web",code="200"})`)).toBe(2);

    // The --prometheus overlay (lib/traffic/promql.ts defaults) reads the same numbers.
    // rate() needs two scrapes of a series: wait until both pods have one.
    let overlay = await prometheusPicture(promUrl, "prom", "web");
    for (let i = 0; i < 120 && (overlay.pods?.length ?? 0) < 2; i++) {
      await new Promise((r) => setTimeout(r, 500));
      overlay = await prometheusPicture(promUrl, "prom", "web");
    }
    expect(overlay.error).toBeUndefined();
    expect({ sent: overlay.sent, failed: overlay.failed, byVersion: overlay.byVersion, failures: overlay.failures }).toEqual({
      sent: totals.sent,
      failed: totals.failed,
      byVersion: totals.byVersion,
      failures: totals.failures,
    });
    expect(overlay.source).toBe("prometheus");
    expect(overlay.pods?.map((p) => p.pod)).toHaveLength(2);
    expect(overlay.pods?.every((p) => p.errorRate === 0)).toBe(true);
    // Rates: while more requests flow, every pod answers some per second and v1 answers them all.
    const more = startGenerator({
      rate: 20,
      durationMs: 4000,
      send: () => requestThroughService(kc, "prom", "web"),
      onOutcome: () => undefined,
    });
    const flowing = (p: typeof overlay) => p.observed.length > 0 && (p.pods ?? []).length === 2 && (p.pods ?? []).every((x) => x.rate > 0);
    let live = overlay;
    for (let i = 0; i < 120 && !flowing(live); i++) {
      await new Promise((r) => setTimeout(r, 500));
      live = await prometheusPicture(promUrl, "prom", "web");
    }
    await more.done;
    expect(live.observed.map((o) => o.version)).toEqual(["v1"]);
    expect(live.pods?.every((p) => p.rate > 0 && p.errorRate === 0)).toBe(true);
    // A template Prometheus refuses is an error on the picture, not a crash.
    const bad = await prometheusPicture(promUrl, "prom", "web", { total: "sum(", rate: "up" });
    expect(bad.error).toMatch(/refused the query/);
  });

  // serve --prometheus and `rollscope traffic --prometheus` on their own Service (`api`, same pods):
  // the counts above are not in its series.
  const sendToApi = (rate: number, durationMs: number) => {
    const kc = loadKubeconfig(lab.kubeconfigPath);
    const totals = emptyTotals();
    const gen = startGenerator({
      rate,
      durationMs,
      send: () => requestThroughService(kc, "prom", "api"),
      onOutcome: (o) => count(totals, o),
    });
    return gen.done.then(() => totals);
  };
  const apiSum = () => query(`sum(${REQUESTS_METRIC}{namespace="prom",service="api"}) or vector(0)`);
  /** Until Prometheus' sum for `api` reaches `n` (scrapes every second). */
  async function scrapedUpTo(n: number): Promise<void> {
    for (let i = 0; i < 120 && (await apiSum().catch(() => -1)) !== n; i++) await new Promise((r) => setTimeout(r, 250));
  }

  it("the poller's recorded samples equal the generator's own counts, and replay's fold gives them back", async () => {
    const poller = startPromPoller({ url: promUrl, services: () => [{ namespace: "prom", service: "api" }], everyMs: 500 });
    const recorder = startRecorder(
      { store: emptyStore(), subscribe: () => () => {} },
      {
        source: "test",
        now: Date.now,
        traffic: () => poller.drain(),
      },
    );
    await poller.poll(); // the baseline
    expect(poller.state().state).toBe("answering");
    const release = poller.acquire();
    const totals = await sendToApi(50, 2000);
    expect(totals.sent).toBe(100);
    await scrapedUpTo(totals.sent);
    await poller.poll();
    release();
    recorder.stop();
    const recorded = parseRecording(recorder.text()).traffic;
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.every((s) => s.source === "prometheus" && s.requests.length === 0)).toBe(true);
    expect(trafficBetween(recorded, "prom", "api", 0)).toEqual({
      sent: totals.sent,
      failed: totals.failed,
      byVersion: totals.byVersion,
      failures: totals.failures,
    });
    expect(poller.pictures()[0]).toMatchObject({ source: "prometheus", prometheus: { state: "answering" } });
  });

  it("`rollscope traffic --prometheus -o json` totals equal the generator's counts of the same run", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const log = console.log;
    const error = console.error;
    let observing = () => {};
    const started = new Promise<void>((r) => (observing = r));
    console.log = (s: string) => out.push(s);
    console.error = (s: string) => {
      err.push(s);
      if (s.startsWith("observing")) observing();
    };
    try {
      const before = await apiSum();
      const stop = new AbortController();
      const run = observeWithPrometheus({
        url: promUrl,
        namespace: "prom",
        service: "api",
        templates: DEFAULT_PROMQL,
        json: true,
        signal: stop.signal,
      });
      await started;
      const totals = await sendToApi(40, 2000);
      await scrapedUpTo((before ?? 0) + totals.sent);
      stop.abort(); // as Ctrl-C: one more reading, then the totals
      expect(await run, err.join("\n")).toBe(0);
      expect(JSON.parse(out.at(-1)!)).toEqual({ ...totals, source: "prometheus" });
      expect(err.some((l) => /observed \d+(\.\d)?\/s/.test(l))).toBe(true);
    } finally {
      console.log = log;
      console.error = error;
    }
  });
});
