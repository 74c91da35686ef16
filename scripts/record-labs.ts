/**
 * Records every lab, step by step, on the embedded lab cluster, into recordings/<lab>.ndjson:
 * the dashboard can then show each scenario with nothing installed (`rollscope replay`, or the
 * replay page's list). Each step is applied as "Apply this step" does (with its solution), then
 * we wait until its checks pass, as a learner would.
 *
 *   npx tsx scripts/record-labs.ts [--time-scale 10] [--out recordings] [lab ...]
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createHub } from "../lib/kube/hub";
import { loadClusterTarget } from "../lib/kube/config";
import { RESOURCES } from "../lib/kube/resources";
import { httpInformerIO } from "../lib/kube/transport";
import { startLabCluster } from "../lib/labcluster/index";
import { applyPlan } from "../lib/labs/applyPlan";
import { runPlan } from "../lib/labs/applyRun";
import { evaluateChecks } from "../lib/labs/checks";
import { labIds, loadLab } from "../lib/labs/load";
import { rolloutsResponse } from "../lib/response";
import { startRecorder } from "../lib/timeline/recorder";

const root = resolve(import.meta.dirname, "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "time-scale": { type: "string", default: "10" },
    out: { type: "string", default: "recordings" },
    "step-timeout": { type: "string", default: "60" },
  },
});
const timeScale = Number(values["time-scale"]);
const outDir = resolve(root, values.out!);
mkdirSync(outDir, { recursive: true });
const ids = positionals.length ? positionals : labIds({ repoRoot: root });

for (const id of ids) {
  const lab = loadLab(id, { repoRoot: root });
  const kubeconfigOut = join(outDir, `.${id}.kubeconfig`);
  const cluster = await startLabCluster({ timeScale, kubeconfigOut });
  const namespace = `lab-${id}`;
  const target = loadClusterTarget({ kubeconfig: cluster.kubeconfigPath });
  const hub = createHub({ ioFor: (kind) => httpInformerIO(target.kc, RESOURCES[kind], namespace) });
  await hub.whenSynced(10_000);
  const file = join(outDir, `${id}.ndjson`);
  const rec = startRecorder(hub, {
    file,
    source: `lab "${lab.title}" on the embedded lab cluster (time ×${timeScale})`,
    namespace,
    now: () => cluster.clock.now(),
  });
  console.log(`recording ${id} → ${file}`);
  for (const step of lab.steps) {
    const plan = applyPlan(lab.dir, step, namespace, { solution: true });
    const run = await runPlan(plan, { cwd: root, kubeconfig: cluster.kubeconfigPath, timeoutMs: 120_000 });
    const failed = run.outcomes.find((o) => !o.ok);
    if (failed) console.error(`  ${step.id}: "${failed.display}" exited ${failed.exitCode}: ${failed.stderr.trim()}`);
    const deadline = Date.now() + Number(values["step-timeout"]) * 1000;
    let passed = step.checks.length === 0;
    while (!passed && Date.now() < deadline) {
      const view = rolloutsResponse(hub.store, { namespace, now: cluster.clock.now() });
      passed = evaluateChecks(step.checks, view, namespace).every((r) => r.pass);
      if (!passed) await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`  ${step.id}: ${passed ? "checks pass" : "checks did NOT pass in time"}`);
    // Let the last transitions of the step land in the recording before the next one starts.
    await new Promise((r) => setTimeout(r, 2000));
  }
  rec.stop();
  hub.stop();
  await cluster.stop();
  rmSync(kubeconfigOut, { force: true });
}
