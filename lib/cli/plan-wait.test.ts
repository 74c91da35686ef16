/**
 * `rollscope plan` and `rollscope wait` end to end: the real CLI process against the embedded lab
 * cluster (3 nodes of 4 cpu), driven by real kubectl. The GPU-pool stall is played with cpu: three
 * pods of 3 cpu fill the nodes, so a surge pod fits nowhere while maxSurge 0 / maxUnavailable 1
 * replaces them in place.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "../labcluster/index";
import { IN_PLACE, llmManifest, SURGE } from "@/test/support/plan/llm";

const ROOT = join(import.meta.dirname, "..", "..");
let lab: LabCluster;
let dir: string;

type Run = { code: number; stdout: string; stderr: string };
function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, GITHUB_ACTIONS: "", ...env }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const rollscope = (...args: string[]) => run(process.execPath, [join(ROOT, "bin", "rollscope.mjs"), ...args]);
const kubectl = (...args: string[]) => run("kubectl", [`--kubeconfig=${lab.kubeconfigPath}`, ...args]);
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const llm = (version: string, budget: string, extra = "") =>
  llmManifest(version, budget, { readyAfterSeconds: 2, memory: "4Gi", service: true, specExtra: extra });
const kc = () => ["--kubeconfig", lab.kubeconfigPath];

interface PlanJson {
  cluster: boolean;
  deployments: { name: string; change: string; fitsNow?: boolean; simulation: { peakPods: number; seconds?: number; stall?: unknown } }[];
  findings: { code: string; severity: string; evidence: string[]; fix: string }[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "plan-wait-"));
  lab = await startLabCluster({ timeScale: 20, kubeconfigOut: join(dir, "kubeconfig") });
  await kubectl("create", "namespace", "gpu");
  await kubectl("create", "namespace", "gate");
  await kubectl("-n", "gpu", "apply", "-f", file("llm-v1.yaml", llm("v1", SURGE)));
  await kubectl("-n", "gpu", "rollout", "status", "deployment/llm", "--timeout=60s");
});

afterAll(async () => {
  await lab?.stop();
});

describe("rollscope plan with no cluster", () => {
  it("lints: revisionHistoryLimit 0 is a warning (exit 0), a Recreate that empties its Service an error (exit 1)", async () => {
    let r = await rollscope(
      "plan",
      "--offline",
      "-f",
      file("nohistory.yaml", llm("v1", SURGE, "\n  revisionHistoryLimit: 0")),
      "-o",
      "json",
    );
    expect(r.code).toBe(0);
    let out = JSON.parse(r.stdout) as PlanJson;
    expect(out.cluster).toBe(false);
    expect(out.findings.map((f) => `${f.code}:${f.severity}`)).toEqual(["RollbackNotPossible:warning"]);
    r = await rollscope(
      "plan",
      "--offline",
      "-f",
      file("recreate.yaml", llm("v1", SURGE).replace(`strategy: {rollingUpdate: {${SURGE}}}`, "strategy: {type: Recreate}")),
      "-o",
      "json",
    );
    expect(r.code).toBe(1);
    out = JSON.parse(r.stdout) as PlanJson;
    expect(out.findings.map((f) => `${f.code}:${f.severity}`)).toEqual(["RolloutEmptiesService:error"]);
  });
  it("exits 2 without -f, on a missing file and on a broken kubeconfig", async () => {
    expect((await rollscope("plan")).code).toBe(2);
    expect((await rollscope("plan", "-f", join(dir, "nope.yaml"), "--offline")).code).toBe(2);
    const r = await rollscope("plan", "-f", join(dir, "llm-v1.yaml"), "--kubeconfig", join(dir, "missing-kubeconfig"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing-kubeconfig");
  });
});

describe("rollscope plan against the lab cluster", () => {
  it("sees that a surge pod fits no node (exit 1, SurgeDoesNotFit with the cpu figures)", async () => {
    const r = await rollscope("plan", ...kc(), "-n", "gpu", "-f", file("llm-v2.yaml", llm("v2", SURGE)), "-o", "json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(out.deployments[0]).toMatchObject({ name: "llm", change: "rollout", fitsNow: false, simulation: { peakPods: 4 } });
    const [f] = out.findings;
    expect(f?.code).toBe("SurgeDoesNotFit");
    expect(f?.evidence[0]).toBe(
      "one new pod requests 3 cpu, 4Gi memory; the node with the most room has 1 cpu, 12Gi memory free after the surge",
    );
    expect(f?.fix).toContain(`"maxSurge":0,"maxUnavailable":1`);
  });
  it("plans the in-place replacement instead: fits, 3 pods at most, exit 0; the applied file is unchanged", async () => {
    let r = await rollscope("plan", ...kc(), "-n", "gpu", "-f", file("llm-v2-inplace.yaml", llm("v2", IN_PLACE)));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "deployment/llm -n gpu will roll out a new pod template: 3 replicas, RollingUpdate maxSurge 0 maxUnavailable 1",
    );
    expect(r.stdout).toContain("peak: 3 pods, 9 cpu, 12Gi memory");
    expect(r.stdout).toContain("fits the nodes' free room now: yes");
    expect(r.stdout).toMatch(/expected duration: ~\d+s/);
    r = await rollscope("plan", ...kc(), "-n", "gpu", "-f", join(dir, "llm-v1.yaml"));
    expect(r.stdout).toContain("deployment/llm -n gpu is unchanged");
    expect(r.code).toBe(0);
  });
  it("reads the cluster's PodDisruptionBudgets: the in-place plan goes below a minAvailable of 3 (warning, exit 0)", async () => {
    const before = JSON.parse(
      (await rollscope("plan", ...kc(), "-n", "gpu", "-f", join(dir, "llm-v2-inplace.yaml"), "-o", "json")).stdout,
    ) as PlanJson;
    expect(before.findings.map((f) => f.code)).not.toContain("RolloutBelowDisruptionBudget");
    const pdb = await kubectl(
      "-n",
      "gpu",
      "apply",
      "-f",
      file(
        "pdb.yaml",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: llm}\nspec: {minAvailable: 3, selector: {matchLabels: {app: llm}}}\n",
      ),
    );
    expect(pdb.stdout).toContain("poddisruptionbudget.policy/llm created");
    const r = await rollscope("plan", ...kc(), "-n", "gpu", "-f", join(dir, "llm-v2-inplace.yaml"), "-o", "json");
    await kubectl("-n", "gpu", "delete", "pdb", "llm");
    expect(r.code).toBe(0);
    const f = (JSON.parse(r.stdout) as PlanJson).findings.find((x) => x.code === "RolloutBelowDisruptionBudget");
    expect(f).toMatchObject({
      severity: "warning",
      evidence: [
        "poddisruptionbudget/llm minAvailable=3 (resolved: 3 of 3 available)",
        "deployment/llm maxUnavailable resolves to 1: at least 2 available during a rollout",
      ],
    });
  });
});

describe("rollscope wait", () => {
  it("exits 0 once every replica is updated and available, and no later than kubectl rollout status; the controllers took the planned steps", async () => {
    const plan = JSON.parse(
      (await rollscope("plan", ...kc(), "-n", "gpu", "-f", file("llm-v2-inplace.yaml", llm("v2", IN_PLACE)), "-o", "json")).stdout,
    ) as { deployments: { simulation: { steps: { action: string }[] } }[] };
    const planned = (plan.deployments[0]?.simulation.steps ?? []).flatMap((s) => {
      const m = /^scale (new|old) ReplicaSets? (\d+) → (\d+)/.exec(s.action);
      return m ? [`${m[1] === "new" ? "up" : "down"} ${m[2]}→${m[3]}`] : [];
    });
    expect(planned).toEqual(["down 3→2", "up 0→1", "down 2→1", "up 1→2", "down 1→0", "up 2→3"]);
    await kubectl("-n", "gpu", "apply", "-f", join(dir, "llm-v2-inplace.yaml"));
    const [ours, theirs] = await Promise.all([
      rollscope("wait", "deployment/llm", ...kc(), "-n", "gpu", "--interval", "100ms", "-o", "json"),
      kubectl("-n", "gpu", "rollout", "status", "deployment/llm", "--timeout=60s"),
    ]);
    expect(theirs.code).toBe(0);
    expect(ours.code).toBe(0);
    const out = JSON.parse(ours.stdout) as {
      result: string;
      progress: { replicas: number; updated: number; available: number; pods: number };
    };
    expect(out.result).toBe("complete");
    expect(out.progress).toMatchObject({ replicas: 3, updated: 3, available: 3, pods: 3 });
    // Started after kubectl said "successfully rolled out", it agrees on its first read.
    const after = JSON.parse((await rollscope("wait", "deployment/llm", ...kc(), "-n", "gpu", "-o", "json")).stdout) as {
      result: string;
      polls: number;
    };
    expect(after).toMatchObject({ result: "complete", polls: 1 });
    // The deployment controller's own record of the rollout, in order (event names end in hex nanoseconds).
    const events = JSON.parse(
      (await kubectl("-n", "gpu", "get", "events", "--field-selector", "reason=ScalingReplicaSet", "-o", "json")).stdout,
    ) as { items: { metadata: { name: string }; message: string }[] };
    const taken = events.items
      .filter((e) => e.metadata.name.startsWith("llm."))
      .sort((a, b) => (BigInt(`0x${a.metadata.name.split(".")[1] ?? "0"}`) < BigInt(`0x${b.metadata.name.split(".")[1] ?? "0"}`) ? -1 : 1))
      .map((e) => /Scaled (up|down) replica set \S+ from (\d+) to (\d+)/.exec(e.message))
      .map((m) => `${m?.[1]} ${m?.[2]}→${m?.[3]}`);
    expect(taken.slice(-planned.length)).toEqual(planned);
  });

  it("exits 1 on a stalled rollout with the finding, its evidence and fix; --undo-on-failure runs the undo it prints", async () => {
    const good = file(
      "web.yaml",
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  progressDeadlineSeconds: 30
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: busybox:1.36
        command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep infinity"]
        readinessProbe: {exec: {command: ["cat", "/tmp/ready"]}, periodSeconds: 1}
`,
    );
    await kubectl("-n", "gate", "apply", "-f", good);
    expect((await rollscope("wait", "deployment/web", ...kc(), "-n", "gate")).code).toBe(0);
    // v3: the start-up script never creates /tmp/ready.
    await kubectl(
      "-n",
      "gate",
      "patch",
      "deployment/web",
      "-p",
      `{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"busybox:1.37","command":["sh","-c","sleep infinity"]}]}}}}`,
    );
    const r = await rollscope("wait", "deployment/web", ...kc(), "-n", "gate", "--interval", "200ms", "--undo-on-failure");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^deployment\/web stalled: /m);
    expect(r.stdout).toMatch(/^ERROR (ProgressDeadlineExceeded|ReadinessNeverPasses) /m);
    expect(r.stdout).toContain("readinessProbe exec cat /tmp/ready");
    expect(r.stdout).toContain("fix: kubectl rollout undo deployment/web --to-revision=1 -n gate");
    expect(r.stdout).toContain(`--undo-on-failure: running kubectl rollout undo deployment/web -n gate --kubeconfig=${lab.kubeconfigPath}`);
    expect(r.stdout).toContain("deployment.apps/web rolled back");
    expect((await kubectl("-n", "gate", "rollout", "status", "deployment/web", "--timeout=60s")).code).toBe(0);
  });

  it("prints GitHub Actions annotations when run there", async () => {
    await kubectl("-n", "gate", "set", "image", "deployment/web", "web=registry.invalid/web:v4");
    const r = await run(
      process.execPath,
      [join(ROOT, "bin", "rollscope.mjs"), "wait", "deployment/web", ...kc(), "-n", "gate", "--interval", "200ms"],
      { GITHUB_ACTIONS: "true" },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=(ImagePullFailure|ProgressDeadlineExceeded) deployment\/web::/m);
  });

  it("exits 2 on usage errors and a Deployment that does not exist", async () => {
    expect((await rollscope("wait", "web")).code).toBe(2);
    expect((await rollscope("wait", "deployment/web", ...kc(), "--timeout", "soon")).code).toBe(2);
    const r = await rollscope("wait", "deployment/nope", ...kc(), "-n", "gate");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("deployment nope not found in namespace gate");
  });
});
