/**
 * `rollscope diagnose` end to end: the real CLI process against the embedded lab cluster,
 * driven by real kubectl. Exit codes are the contract CI pipelines rely on (docs/ARCHITECTURE.md).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "../labcluster/index";

const ROOT = join(import.meta.dirname, "..", "..");
let lab: LabCluster;
let dir: string;

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const rollscope = (...args: string[]) => run(process.execPath, [join(ROOT, "bin", "rollscope.mjs"), ...args]);
const kubectl = (...args: string[]) => run("kubectl", [`--kubeconfig=${lab.kubeconfigPath}`, ...args]);

const healthy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: busybox:1.36
        command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep infinity"]
        readinessProbe: {exec: {command: ["cat", "/tmp/ready"]}, periodSeconds: 1}
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "diagnose-"));
  lab = await startLabCluster({ timeScale: 20, kubeconfigOut: join(dir, "kubeconfig") });
  await kubectl("create", "namespace", "ok");
  await kubectl("create", "namespace", "broken");
  writeFileSync(join(dir, "web.yaml"), healthy);
  await kubectl("-n", "ok", "apply", "-f", join(dir, "web.yaml"));
  await kubectl("-n", "ok", "rollout", "status", "deployment/web", "--timeout=60s");
  await kubectl("-n", "broken", "create", "deployment", "bad", "--image=registry.invalid/model:v3");
});

afterAll(async () => {
  await lab?.stop();
});

describe("rollscope diagnose", () => {
  it("exits 0 on a healthy namespace", async () => {
    const r = await rollscope("diagnose", "--kubeconfig", lab.kubeconfigPath, "-n", "ok");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/ERROR/);
  });

  it("exits 1 with the finding, its evidence and the fix, as JSON for scripts", async () => {
    let r = await rollscope("diagnose", "--kubeconfig", lab.kubeconfigPath, "-n", "broken", "-o", "json");
    // The kubelet needs a moment (simulated 10 s at ×20) to report ErrImagePull.
    for (let i = 0; i < 20 && !r.stdout.includes("ImagePullFailure"); i++) {
      await new Promise((res) => setTimeout(res, 500));
      r = await rollscope("diagnose", "--kubeconfig", lab.kubeconfigPath, "-n", "broken", "-o", "json");
    }
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      namespace: string;
      findings: { code: string; severity: string; fix: string; evidence: string[] }[];
    };
    expect(out.namespace).toBe("broken");
    const f = out.findings.find((x) => x.code === "ImagePullFailure");
    expect(f?.severity).toBe("error");
    expect(f?.fix).toMatch(/^kubectl /);
    expect(f?.evidence.join(" ")).toContain("registry.invalid/model:v3");
  });

  it("exits 2 with a one-line cause on a broken kubeconfig, an unknown context, an unreachable cluster and bad flags", async () => {
    const missing = await rollscope("diagnose", "--kubeconfig", join(dir, "nope"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/kubeconfig .*nope does not exist/);
    const ctx = await rollscope("diagnose", "--kubeconfig", lab.kubeconfigPath, "--context", "prod");
    expect(ctx.code).toBe(2);
    expect(ctx.stderr).toMatch(/context "prod" is not in .* \(known: rollscope-lab\)/);
    const garbage = join(dir, "garbage");
    writeFileSync(garbage, "{{{ not yaml");
    const bad = await rollscope("diagnose", "--kubeconfig", garbage);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot read kubeconfig/);
    const dead = join(dir, "dead");
    writeFileSync(
      dead,
      `apiVersion: v1\nkind: Config\nclusters: [{name: d, cluster: {server: "http://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: d, context: {cluster: d, user: u}}]\ncurrent-context: d\n`,
    );
    const unreachable = await rollscope("diagnose", "--kubeconfig", dead);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    const flags = await rollscope("diagnose", "-o", "yaml");
    expect(flags.code).toBe(2);
    expect(flags.stderr).toMatch(/-o must be text or json/);
  });
});
