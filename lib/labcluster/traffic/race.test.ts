/**
 * The termination race on the real lab cluster (API server, controllers, kubelet, Service proxy),
 * driven by real kubectl: a pod whose process exits at SIGTERM is still sent requests until its
 * endpoint leaves the synced EndpointSlice, and they are refused; a preStop sleep covers it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "../index";
import { loadKubeconfig } from "../kubelet";
import { requestThroughService } from "./client";
import { count, emptyTotals, startGenerator } from "./generator";

let lab: LabCluster;

function kubectl(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = execFile(
      "kubectl",
      [`--kubeconfig=${lab.kubeconfigPath}`, "-n", "race", ...args],
      { timeout: 90_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${stderr}${String(err)}`)) : resolve(stdout)),
    );
    if (input !== undefined) p.stdin!.end(input);
  });
}

function graceful(name: string, preStop: boolean): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: server
        image: busybox:1.36
        # A server that shuts down as soon as it is told to: the graceful-shutdown pattern.
        command: ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ready; sleep infinity & wait"]
        env: [{name: VERSION, value: v1}]
        ports: [{containerPort: 8080}]
        readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
${preStop ? "        lifecycle: {preStop: {exec: {command: [sleep, '3']}}}\n" : ""}---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`;
}

/** Requests at 100/s while the Deployment scales 2 → 1; the totals once the pod is gone. */
async function scaleDownUnderTraffic(name: string) {
  const kc = loadKubeconfig(lab.kubeconfigPath);
  // The proxy routes by slices synced 1 s (simulated) after they change: wait until it knows both pods.
  const pods = new Set<string>();
  for (let i = 0; i < 200 && pods.size < 2; i++) {
    const o = await requestThroughService(kc, "race", name);
    if (o.ok) pods.add(o.pod);
    else await new Promise((r) => setTimeout(r, 50));
  }
  expect(pods.size).toBe(2);
  const totals = emptyTotals();
  const gen = startGenerator({ rate: 100, send: () => requestThroughService(kc, "race", name), onOutcome: (o) => count(totals, o) });
  await new Promise((r) => setTimeout(r, 300));
  await kubectl(["scale", `deployment/${name}`, "--replicas=1"]);
  // Until only one pod is left, then a little more.
  for (let i = 0; i < 100 && (await kubectl(["get", "pods", "-l", `app=${name}`, "-o", "name"])).trim().split("\n").length > 1; i++)
    await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 300));
  await gen.stop();
  return totals;
}

beforeAll(async () => {
  // Time ×2: the proxy's 1 s sync lag is 500 ms of wall time, tens of requests at 100/s.
  lab = await startLabCluster({ timeScale: 2, kubeconfigOut: join(mkdtempSync(join(tmpdir(), "race-")), "kubeconfig") });
  await kubectl(["create", "namespace", "race"]);
  await kubectl(["apply", "-f", "-"], graceful("bare", false) + "---\n" + graceful("covered", true));
  await kubectl(["rollout", "status", "deployment/bare", "--timeout=60s"]);
  await kubectl(["rollout", "status", "deployment/covered", "--timeout=60s"]);
});

afterAll(async () => {
  await lab?.stop();
});

describe("termination race through the lab Service proxy", () => {
  it("refuses requests to a pod that exited on SIGTERM before its endpoint left", async () => {
    const t = await scaleDownUnderTraffic("bare");
    expect(t.failures["connection refused"], JSON.stringify(t)).toBeGreaterThan(0);
    expect(t.failed, JSON.stringify(t)).toBe(t.failures["connection refused"]);
  });

  it("drops none when a preStop sleep keeps the process up past the endpoint update", async () => {
    const t = await scaleDownUnderTraffic("covered");
    expect(t.sent).toBeGreaterThan(50);
    expect(t.failed).toBe(0);
  });
});
