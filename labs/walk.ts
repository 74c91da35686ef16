/**
 * Walks a lab end to end against the current kube context (kind, minikube, the lab cluster) with
 * real kubectl, checking every step the way the lab panel does. Use it to confirm the labs work
 * on a real cluster:
 *
 *   npx tsx labs/walk.ts rollout --namespace lab-test [--kubeconfig F] [--context C] [--step id,id]
 *
 * Exit 0 when every step's checks pass, 1 when one does not, 2 on a usage error.
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { loadLab } from "../lib/labs/load";
import { walkLab } from "../lib/labs/walk";
import { storeFromObjects, type RawObject } from "../lib/model";
import { rolloutsResponse } from "../lib/response";

const KINDS = "deployments,replicasets,pods,services,endpointslices";

function kubectlWith(flags: string[]) {
  return (args: string[]) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      const child = spawn("kubectl", [...flags, ...args], { cwd: process.cwd() });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("close", (code) => resolve({ code: code ?? 1, output }));
    });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      namespace: { type: "string", short: "n" },
      kubeconfig: { type: "string" },
      context: { type: "string" },
      step: { type: "string" },
    },
  });
  const [labId] = positionals;
  if (!labId || !values.namespace) {
    console.error("usage: npx tsx labs/walk.ts <lab> --namespace NS [--kubeconfig F] [--context C] [--step id,id]");
    return 2;
  }
  const ns = values.namespace;
  const kubectl = kubectlWith([
    ...(values.kubeconfig ? [`--kubeconfig=${values.kubeconfig}`] : []),
    ...(values.context ? [`--context=${values.context}`] : []),
  ]);
  const lab = loadLab(labId);
  const created = await kubectl(["create", "namespace", ns]);
  if (created.code !== 0 && !created.output.includes("AlreadyExists")) {
    console.error(created.output.trim());
    return 2;
  }
  const outcomes = await walkLab(
    {
      kubectl,
      async view() {
        const r = await kubectl(["get", KINDS, "-n", ns, "-o", "json"]);
        if (r.code !== 0) throw new Error(`kubectl get failed: ${r.output}`);
        const items = (JSON.parse(r.output) as { items: RawObject[] }).items;
        // A real cluster's clock is wall time (the lab cluster's may run faster; only countdowns differ).
        return rolloutsResponse(storeFromObjects(items), { namespace: ns, now: Date.now() });
      },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      log: (line) => console.log(line),
    },
    lab,
    { namespace: ns, steps: values.step?.split(",") },
  );
  const failed = outcomes.find((o) => !o.ok);
  console.log(failed ? `FAILED at ${failed.step}: ${failed.problem}` : `all ${outcomes.length} steps passed`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
