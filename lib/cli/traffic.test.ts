/**
 * `rollscope traffic` end to end: the real CLI process against the embedded lab cluster (its
 * kubelet's simulated apps, its Service proxy), rollouts driven by real kubectl. No timing
 * assertions: counts only.
 */
import { execFile, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "../labcluster/index";
import { main } from "./main";
import { parseDuration } from "./traffic";

const ROOT = join(import.meta.dirname, "..", "..");
let lab: LabCluster;
let dir: string;

type Run = { code: number; stdout: string; stderr: string };
function run(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, timeout: 90_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const CLI = [join(ROOT, "bin", "rollscope.mjs")];
const rollscope = (...args: string[]) => run(process.execPath, [...CLI, ...args]);
const kubectl = (...args: string[]) => run("kubectl", [`--kubeconfig=${lab.kubeconfigPath}`, ...args]);

/** Starts the CLI; `started` resolves once it printed the proxy line (traffic is flowing). */
function trafficInBackground(args: string[]): { started: Promise<void>; result: Promise<Run> } {
  const child = spawn(process.execPath, [...CLI, "traffic", ...args], { cwd: ROOT });
  let stdout = "";
  let stderr = "";
  let markStarted = () => {};
  const started = new Promise<void>((r) => (markStarted = r));
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes("proxy: ")) markStarted();
  });
  const result = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr })));
  return { started, result };
}

function inference(name: string, probe: boolean): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 3
  selector: {matchLabels: {app: ${name}}}
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: server
        image: busybox:1.36
        command: ["sh", "-c", "echo loading model; sleep 8; touch /tmp/ready; sleep infinity"]
        env: [{name: VERSION, value: v1}]
        ports: [{name: http, containerPort: 8080}]
${probe ? "        readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}\n" : ""}---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
}

async function deploy(name: string, probe: boolean): Promise<void> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, inference(name, probe));
  expect((await kubectl("-n", "traffic", "apply", "-f", file)).code).toBe(0);
  expect((await kubectl("-n", "traffic", "rollout", "status", `deployment/${name}`, "--timeout=60s")).code).toBe(0);
}

/** Ships v2 while `rollscope traffic` runs; the totals it printed. */
async function shipV2During(
  name: string,
): Promise<{ sent: number; failed: number; byVersion: Record<string, number>; failures: Record<string, number> }> {
  // 2 wall seconds = 40 simulated seconds at time scale 20: three pods replaced one by one.
  const t = trafficInBackground([
    `service/${name}`,
    "-n",
    "traffic",
    "--kubeconfig",
    lab.kubeconfigPath,
    "--rate",
    "100",
    "--for",
    "4s",
    "-o",
    "json",
  ]);
  await t.started;
  expect((await kubectl("-n", "traffic", "set", "env", `deployment/${name}`, "VERSION=v2")).code).toBe(0);
  expect((await kubectl("-n", "traffic", "rollout", "status", `deployment/${name}`, "--timeout=60s")).code).toBe(0);
  const r = await t.result;
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as never;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "traffic-"));
  lab = await startLabCluster({ timeScale: 20, kubeconfigOut: join(dir, "kubeconfig") });
  await kubectl("create", "namespace", "traffic");
  await Promise.all([deploy("probed", true), deploy("unprobed", false)]);
});

afterAll(async () => {
  await lab?.stop();
});

describe("rollscope traffic", () => {
  it("sends rate × duration requests through a steady Service, all answered by v1, and prints the curl-able proxy URL", async () => {
    const r = await rollscope(
      "traffic",
      "service/probed",
      "-n",
      "traffic",
      "--kubeconfig",
      lab.kubeconfigPath,
      "--rate",
      "50",
      "--for",
      "2s",
      "-o",
      "json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ sent: 100, failed: 0, byVersion: { v1: 100 }, failures: {} });
    const url = /proxy: (\S+)/.exec(r.stderr)?.[1];
    expect(url).toBe(`${lab.server}/api/v1/namespaces/traffic/services/probed/proxy/`);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: "v1", pod: expect.stringMatching(/^probed-/) });
  });

  it("prints a line per second and the totals as text", async () => {
    const r = await rollscope("traffic", "svc/probed", "-n", "traffic", "--kubeconfig", lab.kubeconfigPath, "--rate", "10", "--for", "2s");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1s {2}sent \d+ {2}failed 0 {2}answered: v1 \d+$/m);
    expect(r.stdout).toMatch(/^total: sent 20, failed 0; answered by v1 20$/m);
  });

  it("ships v2 with a readiness probe: no request fails, both versions answer", async () => {
    const t = await shipV2During("probed");
    expect(t.failed).toBe(0);
    expect(t.byVersion.v1).toBeGreaterThan(0);
    expect(t.byVersion.v2).toBeGreaterThan(0);
    expect(t.sent).toBe(400);
  });

  it("ships v2 without one: new pods are Ready while still loading the model, and requests fail with 503", async () => {
    const t = await shipV2During("unprobed");
    expect(t.failures["503 loading"]).toBeGreaterThan(0);
    expect(t.failed).toBe(t.failures["503 loading"]);
    expect(t.byVersion.v2).toBeGreaterThan(0);
  });

  it("exits 2 with a one-line cause for an unknown Service, and for a cluster that is not the lab", async () => {
    const unknown = await rollscope("traffic", "service/nope", "-n", "traffic", "--kubeconfig", lab.kubeconfigPath, "--for", "1s");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('rollscope traffic: service "nope" not found in namespace "traffic"');
    // Any apiserver that is not the lab answers 404 to /rollscope/lab; it must get no traffic.
    const seen: string[] = [];
    const other: Server = createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(404, { "Content-Type": "application/json" }).end('{"kind":"Status","code":404}');
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const port = (other.address() as { port: number }).port;
    const kc = join(dir, "other-kubeconfig");
    writeFileSync(
      kc,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
    );
    const real = await rollscope("traffic", "service/probed", "-n", "traffic", "--kubeconfig", kc, "--for", "1s");
    other.close();
    expect(real.code).toBe(2);
    expect(real.stderr.trim().split("\n")).toHaveLength(1);
    expect(real.stderr).toContain("is not the Rollscope lab cluster");
    expect(seen).toEqual(["/rollscope/lab"]);
  });

  it("--prometheus reads only Prometheus: an unreachable one is a one-line cause and exit 2, and the cluster is never contacted", async () => {
    const seen: string[] = [];
    const cluster: Server = createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => cluster.listen(0, "127.0.0.1", r));
    const kc = join(dir, "real-kubeconfig");
    writeFileSync(
      kc,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${(cluster.address() as { port: number }).port}"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]\ncurrent-context: x\n`,
    );
    // A port nothing listens on: the cluster's own one, closed for the purpose.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const r = await rollscope(
      "traffic",
      "service/cart",
      "--kubeconfig",
      kc,
      "--prometheus",
      `http://127.0.0.1:${deadPort}`,
      "--for",
      "2s",
      "-o",
      "json",
    );
    cluster.close();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`rollscope traffic: cannot reach Prometheus at http://127.0.0.1:${deadPort}: connect ECONNREFUSED`);
    expect(seen).toEqual([]);
  });

  it("exits 2 on usage errors", async () => {
    // In process: the entry point's exit code, without two more CLI start-ups.
    expect(await main(["traffic", "deployment/x"])).toBe(2);
    expect(await main(["traffic", "service/x", "--rate", "0"])).toBe(2);
    expect(await main(["traffic", "service/x", "--prometheus", "prom:9090"])).toBe(2);
    expect(await main(["traffic", "service/x", "--prometheus", "http://127.0.0.1:9090", "--rate", "5"])).toBe(2);
    expect(await main(["traffic", "service/x", "--promql-total", "up"])).toBe(2);
    expect(() => parseDuration("10 s")).toThrow(/duration/);
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseDuration("500ms")).toBe(500);
  });
});
