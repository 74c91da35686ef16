/**
 * Prints the real and lab traces of one scenario from e2e/artifacts/k8s/results.json, aligned by
 * step: `npx tsx e2e/k8s/diff/show.ts <scenario> [--outputs]`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioRun } from "./types";

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(here, "../../artifacts/k8s/results.json");
const { runs } = JSON.parse(readFileSync(file, "utf8")) as { runs: { real: ScenarioRun; lab?: ScenarioRun }[] };
const name = process.argv[2];
const run = runs.find((r) => r.real.scenario === name);
if (!run) {
  console.error(`no scenario ${name}; have: ${runs.map((r) => r.real.scenario).join(", ")}`);
  process.exit(2);
}
const n = Math.max(run.real.trace.length, run.lab?.trace.length ?? 0);
for (let i = 0; i < n; i++) {
  const r = run.real.trace[i];
  const l = run.lab?.trace[i];
  const mark = r?.state === l?.state ? " " : "≠";
  console.log(`${mark} ${String(i).padStart(3)} real ${r ? `${(r.t / 1000).toFixed(1)}s ${r.state}` : "(end)"}`);
  if (mark === "≠") console.log(`        lab  ${l ? `${(l.t / 1000).toFixed(1)}s ${l.state}` : "(end)"}`);
}
if (process.argv.includes("--outputs")) {
  run.real.outputs.forEach((o, i) => {
    const l = run.lab?.outputs[i];
    const same = l && l.exit === o.exit && l.out === o.out;
    console.log(`\n${same ? "=" : "≠"} kubectl ${o.cmd} (real exit ${o.exit})\n${o.out}`);
    if (!same && l) console.log(`-- lab exit ${l.exit}\n${l.out}`);
  });
}
