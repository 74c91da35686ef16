/**
 * `rollscope plan` and `rollscope wait` on the REAL control plane (issue 16 "done when"): etcd,
 * kube-apiserver and kube-controller-manager built from source, the lab kubelet for nodes (3 × 4
 * cpu). A separate small runner (not part of scripts/test-k8s.mjs):
 *   node_modules/.bin/tsx e2e/k8s/gate-real.ts
 * Prints one line per case and "N passed, M failed"; exit 1 on any failure.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startRealCluster, type RealCluster } from "./cluster";
import { llmManifest } from "../../test/support/plan/llm";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
type Run = { code: number; stdout: string; stderr: string };

function run(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, GITHUB_ACTIONS: "" }, timeout: 180_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function web(command: string, deadline: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  progressDeadlineSeconds: ${deadline}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: busybox:1.36
        command: ["sh", "-c", "${command}"]
        readinessProbe: {exec: {command: ["cat", "/tmp/ready"]}, periodSeconds: 1}
`;
}

const llm = (version: string, budget: string) => llmManifest(version, budget, { gracePeriodSeconds: 1 });

const results: { name: string; ok: boolean; detail: string }[] = [];
async function check(name: string, body: () => Promise<string | undefined>): Promise<void> {
  try {
    const failure = await body();
    results.push({ name, ok: failure === undefined, detail: failure ?? "" });
  } catch (err) {
    results.push({ name, ok: false, detail: String(err) });
  }
  const r = results.at(-1);
  console.log(`${r?.ok ? "ok  " : "FAIL"} ${name}${r?.ok ? "" : `: ${r?.detail}`}`);
}

const cluster: RealCluster = await startRealCluster({ nodeCount: 3 });
const dir = mkdtempSync(path.join(os.tmpdir(), "gate-real-"));
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const kubectl = (...args: string[]) => run(cluster.binaries.kubectl, [`--kubeconfig=${cluster.kubeconfigPath}`, ...args]);
const rollscope = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, "bin", "rollscope.mjs"), ...args, "--kubeconfig", cluster.kubeconfigPath]);
// --undo-on-failure and kubectl inside rollscope find the built kubectl first.
process.env.PATH = `${path.dirname(cluster.binaries.kubectl)}${path.delimiter}${process.env.PATH ?? ""}`;

try {
  await kubectl("create", "namespace", "gate");
  await check("wait: a healthy rollout exits 0 alongside kubectl rollout status, and at its first read after it", async () => {
    await kubectl("-n", "gate", "apply", "-f", file("web.yaml", web("sleep 2; touch /tmp/ready; sleep infinity", 30)));
    const [ours, theirs] = await Promise.all([
      rollscope("wait", "deployment/web", "-n", "gate", "--interval", "200ms", "-o", "json"),
      kubectl("-n", "gate", "rollout", "status", "deployment/web", "--timeout=90s"),
    ]);
    if (theirs.code !== 0) return `kubectl rollout status exited ${theirs.code}: ${theirs.stderr}`;
    if (ours.code !== 0) return `rollscope wait exited ${ours.code}: ${ours.stdout}${ours.stderr}`;
    const after = JSON.parse((await rollscope("wait", "deployment/web", "-n", "gate", "-o", "json")).stdout) as {
      result: string;
      polls: number;
    };
    return after.result === "complete" && after.polls === 1 ? undefined : `after kubectl: ${JSON.stringify(after)}`;
  });
  await check("wait: a v3 whose readiness never passes exits 1 with the finding, evidence and fix", async () => {
    await kubectl("-n", "gate", "apply", "-f", file("web-v3.yaml", web("sleep infinity", 10)));
    const r = await rollscope("wait", "deployment/web", "-n", "gate", "--interval", "500ms", "-o", "json");
    if (r.code !== 1) return `exit ${r.code}: ${r.stdout}${r.stderr}`;
    const out = JSON.parse(r.stdout) as { result: string; finding: { code: string; evidence: string[]; fix: string } | null };
    if (out.result !== "stalled" || !out.finding) return `result ${out.result}`;
    if (!["ProgressDeadlineExceeded", "ReadinessNeverPasses"].includes(out.finding.code)) return `finding ${out.finding.code}`;
    if (!out.finding.evidence.some((e) => e.includes("readinessProbe exec cat /tmp/ready")))
      return `evidence ${JSON.stringify(out.finding.evidence)}`;
    return out.finding.fix === "kubectl rollout undo deployment/web --to-revision=1 -n gate" ? undefined : `fix ${out.finding.fix}`;
  });
  await check(
    "plan: a surge pod that fits no node exits 1 (SurgeDoesNotFit); the in-place budget exits 0 and kube-controller-manager takes its steps",
    async () => {
      await kubectl("-n", "gate", "apply", "-f", file("llm-v1.yaml", llm("v1", "maxSurge: 1, maxUnavailable: 0")));
      const status = await kubectl("-n", "gate", "rollout", "status", "deployment/llm", "--timeout=90s");
      if (status.code !== 0) return `llm v1 did not roll out: ${status.stderr}`;
      const surge = await rollscope(
        "plan",
        "-n",
        "gate",
        "-f",
        file("llm-v2.yaml", llm("v2", "maxSurge: 1, maxUnavailable: 0")),
        "-o",
        "json",
      );
      const codes = (JSON.parse(surge.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code);
      if (surge.code !== 1 || !codes.includes("SurgeDoesNotFit")) return `surge plan exit ${surge.code}, findings ${codes.join(",")}`;
      const inPlace = await rollscope(
        "plan",
        "-n",
        "gate",
        "-f",
        file("llm-v2-inplace.yaml", llm("v2", "maxSurge: 0, maxUnavailable: 1")),
        "-o",
        "json",
      );
      const plan = JSON.parse(inPlace.stdout) as { deployments: { fitsNow?: boolean; simulation: { steps: { action: string }[] } }[] };
      if (inPlace.code !== 0 || plan.deployments[0]?.fitsNow !== true) return `in-place plan exit ${inPlace.code}: ${inPlace.stdout}`;
      // And the real controllers agree: the in-place rollout finishes, rollscope wait says so, and
      // kube-controller-manager's ScalingReplicaSet events are the planned steps in order.
      await kubectl("-n", "gate", "apply", "-f", path.join(dir, "llm-v2-inplace.yaml"));
      const w = await rollscope("wait", "deployment/llm", "-n", "gate", "--timeout", "120s");
      if (w.code !== 0) return `wait on the in-place rollout exited ${w.code}: ${w.stdout}`;
      const planned = (plan.deployments[0]?.simulation.steps ?? []).flatMap((st) => {
        const m = /^scale (new|old) ReplicaSets? (\d+) → (\d+)/.exec(st.action);
        return m ? [`${m[1] === "new" ? "up" : "down"} ${m[2]}→${m[3]}`] : [];
      });
      const events = JSON.parse(
        (await kubectl("-n", "gate", "get", "events", "--field-selector", "reason=ScalingReplicaSet", "-o", "json")).stdout,
      ) as { items: { metadata: { name: string }; message: string }[] };
      const nanos = (name: string) => BigInt(`0x${name.split(".").at(-1) ?? "0"}`);
      const taken = events.items
        .filter((e) => e.metadata.name.startsWith("llm."))
        .sort((a, b) => (nanos(a.metadata.name) < nanos(b.metadata.name) ? -1 : 1))
        .map((e) => /Scaled (up|down) replica set \S+ from (\d+) to (\d+)/.exec(e.message))
        .map((m) => `${m?.[1]} ${m?.[2]}→${m?.[3]}`)
        .slice(-planned.length);
      return JSON.stringify(taken) === JSON.stringify(planned)
        ? undefined
        : `planned ${planned.join(", ")} but the controller took ${taken.join(", ")}`;
    },
  );
} finally {
  await cluster.stop();
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
