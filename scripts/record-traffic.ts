/**
 * Records the rollout lab's request steps with their traffic into recordings/rollout-traffic.ndjson
 * (issue 14): v1, the probe-less copy shipping v2 (failed requests while it loads), the rolling
 * update with the probe (none failed), blue-green and its cut. Each step is applied as "Apply this
 * step" does; the load generator starts when the step's other checks hold, as the lab text says,
 * and the step ends when all its checks pass, requests checks included.
 *
 *   npx tsx scripts/record-traffic.ts [--time-scale 5] [--out recordings]
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createHub } from "../lib/kube/hub";
import { loadClusterTarget } from "../lib/kube/config";
import { RESOURCES } from "../lib/kube/resources";
import { httpInformerIO } from "../lib/kube/transport";
import { startLabCluster } from "../lib/labcluster/index";
import { stopAllTraffic, trafficAction, trafficFeed, trafficPictures } from "../lib/labcluster/traffic/sessions";
import { applyPlan } from "../lib/labs/applyPlan";
import { runPlan } from "../lib/labs/applyRun";
import { evaluateChecks } from "../lib/labs/checks";
import { loadLab } from "../lib/labs/load";
import { rolloutsResponse } from "../lib/response";
import { startRecorder } from "../lib/timeline/recorder";

const STEPS = ["concepts", "no-probe", "no-probe-rollout", "rolling-update", "blue-green", "blue-green-cut"];
const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: { "time-scale": { type: "string", default: "5" }, out: { type: "string", default: "recordings" } },
});
const timeScale = Number(values["time-scale"]);
const outDir = resolve(root, values.out!);
mkdirSync(outDir, { recursive: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const lab = loadLab("rollout", { repoRoot: root });
const kubeconfigOut = join(outDir, ".rollout-traffic.kubeconfig");
const cluster = await startLabCluster({ timeScale, kubeconfigOut });
const namespace = "lab-rollout";
const target = loadClusterTarget({ kubeconfig: cluster.kubeconfigPath });
const hub = createHub({ ioFor: (kind) => httpInformerIO(target.kc, RESOURCES[kind], namespace) });
await hub.whenSynced(10_000);
const file = join(outDir, "rollout-traffic.ndjson");
const rec = startRecorder(hub, {
  file,
  source: `lab "${lab.title}" with requests on the embedded lab cluster (time ×${timeScale})`,
  namespace,
  now: () => cluster.clock.now(),
  traffic: trafficFeed((wall) => cluster.clock.now() - (Date.now() - wall) * timeScale),
});
console.log(`recording rollout with traffic → ${file}`);

const results = (step: (typeof lab.steps)[number]) =>
  evaluateChecks(step.checks, rolloutsResponse(hub.store, { namespace, now: cluster.clock.now() }), namespace, trafficPictures(Date.now()));

for (const id of STEPS) {
  const step = lab.steps.find((s) => s.id === id)!;
  const run = await runPlan(applyPlan(lab.dir, step, namespace), { cwd: root, kubeconfig: cluster.kubeconfigPath, timeoutMs: 120_000 });
  const failed = run.outcomes.find((o) => !o.ok);
  if (failed) console.error(`  ${id}: "${failed.display}" exited ${failed.exitCode}: ${failed.stderr.trim()}`);
  const deadline = Date.now() + 90_000;
  const requested = [...new Set(step.checks.flatMap((c) => ("requests" in c ? [c.requests] : [])))];
  let passed = false;
  while (!passed && Date.now() < deadline) {
    const r = results(step);
    const othersHold = step.checks.every((c, i) => "requests" in c || r[i]!.pass);
    if (othersHold)
      for (const service of requested)
        if (!trafficPictures(Date.now()).some((p) => p.service === service))
          console.log(
            `  ${id}: ${(await trafficAction(target.kc, { action: "start", namespace, service })) ?? `sending requests to ${service}`}`,
          );
    passed = r.every((x) => x.pass);
    if (!passed) await sleep(250);
  }
  const shown = results(step).map((r) => `${r.pass ? "✓" : "✗"} ${r.label} — ${r.observed}`);
  console.log(`  ${id}: ${passed ? "checks pass" : "checks did NOT pass in time"}\n    ${shown.join("\n    ")}`);
  if (id === "no-probe-rollout") await trafficAction(target.kc, { action: "stop", namespace, service: "inference-noprobe" });
  await sleep(2000);
}
rec.stop();
await stopAllTraffic();
hub.stop();
await cluster.stop();
rmSync(kubeconfigOut, { force: true });
