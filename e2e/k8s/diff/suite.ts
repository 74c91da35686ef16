/**
 * The differential suite: every scenario in SCENARIOS on the real control plane and on the lab
 * cluster at the same time, traces and kubectl outputs compared. Run through `npm run test:k8s`.
 * Flags: --only a,b  --time-scale N (lab, default 1)  --real-only  --keep (keep real-cluster logs)
 *        --no-validate (kubectl apply --validate=false on both clusters; debugging only)
 *        --lab-kcm (the lab side is the lab API server driven by the real kube-controller-manager,
 *        deployment and replicaset controllers, default protobuf encoding; see ../lab-kcm.ts)
 * Writes e2e/artifacts/k8s/results.json (traces, outputs, comparisons).
 */
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBinaries } from "../binaries";
import { startRealCluster, type RealCluster } from "../cluster";
import { strayProcesses } from "../procs";
import { startLab, type LabClusterHandle } from "../lab";
import { KCM_CONTROLLERS, startLabWithKubeControllerManager, type WireCounts } from "../lab-kcm";
import { compareRuns, type Comparison } from "./compare";
import { runScenario, type ClusterTarget } from "./runner";
import { SCENARIOS } from "./scenarios";
import { shapeDiff } from "./shapes";
import type { Scenario, ScenarioRun } from "./types";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, "../../artifacts/k8s");
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ci = process.env.CI === "true" || process.env.CI === "1";
const only = flag("--only")?.split(",");
const labKcm = args.includes("--lab-kcm");
// The real controller-manager runs on wall-clock time: so must the lab it drives.
const timeScale = labKcm ? 1 : Number(flag("--time-scale") ?? "1");
const applyFlags = args.includes("--no-validate") ? ["--validate=false"] : [];
const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
if (only && scenarios.length !== only.length) {
  console.error(`unknown scenario in --only; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function secs(ms: number | undefined): string {
  return ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const problems: string[] = [];
  const realOnly = args.includes("--real-only");
  if (realOnly) {
    const msg = "--real-only: the lab side does not run, nothing is compared";
    if (ci) problems.push(msg);
    console.error(`\n!!! ${msg} !!!\n`);
  }

  const tBuild = Date.now();
  const binaries = await ensureBinaries();
  const buildMs = Date.now() - tBuild;
  const info = readFileSync(path.join(binaries.dir, "BUILD-INFO"), "utf8");
  const coldSeconds = /seconds=(\d+)/.exec(info)?.[1];

  let real: RealCluster | undefined;
  let lab: LabClusterHandle | undefined;
  const runs: { real: ScenarioRun; lab?: ScenarioRun; cmp?: Comparison; retried?: string }[] = [];
  let labStartMs: number | undefined;
  let wire: WireCounts | undefined;
  try {
    real = await startRealCluster({ binaries, keepDir: args.includes("--keep") });
    const cacheRoot = mkdtempSync(path.join(os.tmpdir(), "rollscope-kubectl-"));
    const realTarget: ClusterTarget = {
      label: "real",
      waitForServiceAccount: true,
      applyFlags,
      kubectl: binaries.kubectl,
      kubeconfigPath: real.kubeconfigPath,
      cacheDir: path.join(cacheRoot, "real"),
    };
    let labTarget: ClusterTarget | undefined;
    if (!realOnly) {
      const t = Date.now();
      if (labKcm) {
        const withKcm = await startLabWithKubeControllerManager(binaries, { keepDir: args.includes("--keep") });
        wire = withKcm.wire;
        lab = withKcm;
      } else lab = await startLab(timeScale);
      labStartMs = Date.now() - t;
      labTarget = {
        label: "lab",
        applyFlags,
        kubectl: binaries.kubectl,
        kubeconfigPath: lab.kubeconfigPath,
        cacheDir: path.join(cacheRoot, "lab"),
      };
    }
    for (const sc of scenarios) {
      process.stderr.write(`… ${sc.name}: ${sc.about}\n`);
      const attempt = async (scenario: Scenario) => {
        const [r, l] = await Promise.all([
          runScenario(realTarget, scenario),
          labTarget ? runScenario(labTarget, scenario) : Promise.resolve(undefined),
        ]);
        const cmp = l ? compareRuns(r, l) : undefined;
        if (r.error) process.stderr.write(`   real: ${r.error}\n`);
        for (const d of cmp?.differences ?? []) process.stderr.write(`   ${d}\n`);
        return { real: r, lab: l, cmp };
      };
      let run: (typeof runs)[number] = await attempt(sc);
      if (run.cmp && !run.cmp.equal) {
        // One more try in a fresh namespace: a command that prints a moment between checkpoints
        // can race the controllers on either cluster. The table says when a pass needed it.
        const first = run.cmp.differences[0] ?? "differs";
        process.stderr.write(`   retrying ${sc.name} once\n`);
        const second = await attempt({ ...sc, name: `${sc.name}-2` });
        run = { ...second, real: { ...second.real, scenario: sc.name }, retried: first };
      }
      runs.push(run);
    }
  } finally {
    await lab?.stop();
    await real?.stop();
  }

  // Field paths one cluster's objects have and the other's lack, over all scenarios (informational).
  const fields = new Map<string, { onlyReal: Set<string>; onlyLab: Set<string> }>();
  for (const { real: r, lab: l } of runs) {
    if (!r.shapes || !l?.shapes) continue;
    for (const d of shapeDiff(r.shapes, l.shapes)) {
      const f = fields.get(d.kind) ?? { onlyReal: new Set<string>(), onlyLab: new Set<string>() };
      d.onlyReal.forEach((p) => f.onlyReal.add(p));
      d.onlyLab.forEach((p) => f.onlyLab.add(p));
      fields.set(d.kind, f);
    }
  }
  const fieldReport = [...fields].map(([kind, f]) => ({ kind, onlyReal: [...f.onlyReal].sort(), onlyLab: [...f.onlyLab].sort() }));
  mkdirSync(artifacts, { recursive: true });
  const resultsFile = path.join(artifacts, labKcm ? "results-lab-kcm.json" : "results.json");
  writeFileSync(resultsFile, JSON.stringify({ timeScale, labKcm, runs, fields: fieldReport }, null, 2));

  const w = Math.max(...scenarios.map((s) => s.name.length), 8) + 2;
  console.log("");
  if (labKcm)
    console.log(
      `lab side: the lab API server driven by the real kube-controller-manager (--controllers=${KCM_CONTROLLERS.join(",")}, protobuf), lab deployment/replicaset controllers off`,
    );
  console.log(`${pad("scenario", w)}${pad("equal?", 12)}${pad("steps real/lab", 16)}detail`);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { real: r, lab: l, cmp, retried } of runs) {
    let verdict: string;
    let detail: string;
    if (!l || !cmp) {
      detail = r.error ? `real failed: ${r.error}` : "real ok, lab not run";
      verdict = r.error ? "FAIL" : "real-only";
      if (r.error || ci) failed++;
      else skipped++;
    } else {
      verdict = cmp.equal ? (cmp.decisionsEqual ? "yes" : "yes~") : "NO";
      detail = cmp.equal
        ? cmp.decisionsEqual
          ? cmp.traceEqual
            ? "identical traces"
            : "same decisions; readiness interleaving differs"
          : "same checkpoints; path between them differs (pod timing)"
        : (cmp.differences[0] ?? "");
      if (cmp.equal && retried) {
        verdict += " (2nd try)";
        detail = `1st try differed: ${retried}`;
      }
      if (cmp.equal) passed++;
      else failed++;
    }
    const steps = `${r.trace.length}/${l ? l.trace.length : "-"}`;
    console.log(`${pad(r.scenario, w)}${pad(verdict, 12)}${pad(steps, 16)}${detail.slice(0, 160)}`);
  }
  if (fieldReport.length) {
    console.log("");
    console.log("object fields present on one side only (informational, see results.json):");
    for (const f of fieldReport) {
      if (f.onlyReal.length) console.log(`  ${f.kind} only real: ${f.onlyReal.join(" ")}`.slice(0, 600));
      if (f.onlyLab.length) console.log(`  ${f.kind} only lab:  ${f.onlyLab.join(" ")}`.slice(0, 600));
    }
  }
  console.log("");
  console.log(
    "yes = same controller decisions in the same order; yes~ = same state at every checkpoint, different path between (which pods turned Ready in the same sync)",
  );
  console.log(
    `binaries: ${secs(buildMs)} this run (${info.includes("seconds=") ? `cold build took ${coldSeconds} s` : "?"}; ${binaries.dir})`,
  );
  if (real) {
    const t = real.timings;
    console.log(
      `real cluster start: etcd ${secs(t.etcd - t.binaries)}, apiserver ready ${secs(t.apiserver - t.binaries)}, controller-manager ${secs(t.controllerManager - t.binaries)}${t.kubelet ? `, kubelet ${secs(t.kubelet - t.binaries)}` : ""}`,
    );
  }
  if (labStartMs !== undefined) console.log(`lab cluster start: ${secs(labStartMs)} (time scale ${timeScale})`);
  if (wire) {
    const pb = "application/vnd.kubernetes.protobuf";
    console.log(
      `controller-manager ⇄ lab on the wire: request bodies ${JSON.stringify(wire.requestBodies)}, responses ${JSON.stringify(wire.responses)}`,
    );
    if (!wire.requestBodies[pb] || !wire.responses[pb])
      problems.push("the controller-manager did not speak protobuf with the lab (see the counts above)");
  }
  console.log(`traces: ${path.relative(process.cwd(), resultsFile)}`);
  const strays = strayProcesses();
  if (strays.length) problems.push(`processes left running after stop(): ${strays.map((p) => `${p.name} (pgid ${p.pid})`).join(", ")}`);
  else console.log("no stray processes: every etcd/apiserver/controller-manager process group is gone");
  for (const p of problems) console.log(`FAIL: ${p}`);
  if (skipped) console.log(`!!! ${skipped} scenario(s) ran on the real cluster only (no lab cluster to compare with) !!!`);
  failed += problems.length;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && (passed > 0 || skipped > 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    console.log("0 passed, 1 failed");
    process.exit(1);
  },
);
