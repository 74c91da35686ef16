import { execFile } from "node:child_process";
import { parseArgs } from "node:util";
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeConfigError, contextNamespace, loadClusterTarget } from "../kube/config";
import { KubeRequestError } from "../kube/informer";
import { RESOURCES } from "../kube/resources";
import { diagnose } from "../diagnose/diagnose";
import { storeFromObjects } from "../model/store";
import type { Finding } from "../model/types";
import { etaSeconds, githubAnnotation, judgeRollout, progressBar, progressText, type WaitProgress } from "../plan/waitStatus";
import { listAll } from "./readCluster";
import { checkOutputFlag, positiveNumber, UsageError } from "./flags";

const HELP = `Usage: rollscope wait deployment/NAME [-n NS] [--kubeconfig F] [--context C] [--timeout D] [--interval D] [-o text|json] [--undo-on-failure]

The pipeline gate \`kubectl rollout status\` should have been: waits until every replica of the
Deployment is updated and available (not merely the minimum), shows the progress, the budget in
use and an ETA, and stops at once when the rollout stalls (deadline exceeded, a readiness probe
that never passes, image pull, crash loop, unschedulable), printing the finding, its evidence and
its fix. In GitHub Actions it also prints annotations. --undo-on-failure runs \`kubectl rollout
undo\` on a stall or timeout (and prints the command). Durations: 90s, 5m, 1h (default --timeout 10m).
Exit code: 0 rolled out, 1 stalled or timed out, 2 usage or connection error.`;

interface Options {
  name: string;
  namespace: string;
  timeoutMs: number;
  intervalMs: number;
  json: boolean;
  undo: boolean;
  kubectlArgs: string[];
}

/** `rollscope wait deployment/NAME`. */
export async function waitCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kubeconfig: { type: "string" },
      context: { type: "string" },
      namespace: { type: "string", short: "n" },
      timeout: { type: "string", default: "10m" },
      interval: { type: "string", default: "1s" },
      output: { type: "string", short: "o", default: "text" },
      "undo-on-failure": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  checkOutputFlag(values.output);
  const m =
    positionals.length === 1
      ? /^(?:deployment|deployments|deploy|deployment\.apps)\/([a-z0-9][-a-z0-9.]*)$/.exec(positionals[0] ?? "")
      : null;
  if (!m?.[1]) throw new UsageError("expected one argument deployment/NAME");
  let kc: KubeConfig;
  let namespace: string;
  try {
    const target = loadClusterTarget({ kubeconfig: values.kubeconfig, context: values.context });
    kc = target.kc;
    namespace = values.namespace ?? contextNamespace(target) ?? "default";
  } catch (err) {
    if (err instanceof KubeConfigError) return fail(`rollscope wait: ${err.message}`);
    throw err;
  }
  const kubectlArgs = [
    ...(values.kubeconfig ? [`--kubeconfig=${values.kubeconfig}`] : []),
    ...(values.context ? [`--context=${values.context}`] : []),
  ];
  const opts: Options = {
    name: m[1],
    namespace,
    timeoutMs: durationMs(values.timeout, "--timeout"),
    intervalMs: durationMs(values.interval, "--interval"),
    json: values.output === "json",
    undo: values["undo-on-failure"] === true,
    kubectlArgs,
  };
  try {
    return await waitLoop(kc, opts);
  } catch (err) {
    if (err instanceof KubeRequestError) return fail(`rollscope wait: ${err.message}`);
    throw err;
  }
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

/** "90s", "5m", "1h", "500ms" or plain seconds. */
function durationMs(raw: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw);
  if (!m) throw new UsageError(`${flag} must be a duration like 90s, 5m or 1h, got "${raw}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "s"] ?? 1000;
  return positiveNumber(m[1] ?? "", flag) * unit;
}

async function observe(kc: KubeConfig, o: Options): Promise<{ progress: WaitProgress; findings: Finding[] } | undefined> {
  const deployments = await listAll(kc, RESOURCES.Deployment, o.namespace);
  const d = deployments.find((x) => x.metadata.name === o.name);
  if (!d) return undefined;
  const [replicaSets, pods, events] = [
    await listAll(kc, RESOURCES.ReplicaSet, o.namespace),
    await listAll(kc, RESOURCES.Pod, o.namespace),
    await listAll(kc, RESOURCES.Event, o.namespace),
  ];
  const store = storeFromObjects([...deployments, ...replicaSets, ...pods, ...events]);
  const findings = diagnose(store, { namespace: o.namespace, now: Date.now() }).filter(
    (f) => f.object.kind === "Deployment" && f.object.name === o.name,
  );
  const owned = new Set(
    replicaSets.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid)).map((rs) => rs.metadata.uid),
  );
  const terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.metadata.ownerReferences?.some((r) => owned.has(r.uid))).length;
  return { progress: judgeRollout(d, findings, terminating), findings };
}

async function waitLoop(kc: KubeConfig, o: Options): Promise<number> {
  const start = Date.now();
  const tty = process.stdout.isTTY && !o.json;
  const github = process.env.GITHUB_ACTIONS === "true";
  let first: WaitProgress | undefined;
  let lastLine = "";
  for (let polls = 1; ; polls++) {
    const seen = await observe(kc, o);
    if (!seen) return fail(`rollscope wait: deployment ${o.name} not found in namespace ${o.namespace}`);
    const { progress: p, findings } = seen;
    first ??= p;
    const elapsed = (Date.now() - start) / 1000;
    const eta = etaSeconds(p, Math.min(first.updated, first.available), elapsed);
    const line = `deployment/${o.name} ${progressText(p, eta)}`;
    if (tty) process.stdout.write(`\r${progressBar(p)} ${line}\x1b[K`);
    else if (!o.json && line !== lastLine) console.log(`[${Math.round(elapsed)}s] ${line}`);
    lastLine = line;
    const timedOut = Date.now() - start >= o.timeoutMs;
    if (p.state === "complete" || p.state === "stalled" || timedOut) {
      if (tty) process.stdout.write("\n");
      return finish(o, p, findings, elapsed, polls, timedOut && p.state === "progressing", github);
    }
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
}

async function finish(
  o: Options,
  p: WaitProgress,
  findings: Finding[],
  seconds: number,
  polls: number,
  timedOut: boolean,
  github: boolean,
): Promise<number> {
  const ok = p.state === "complete";
  const result = ok ? "complete" : timedOut ? "timeout" : "stalled";
  const shown = p.finding ? [p.finding] : findings;
  if (!o.json) {
    if (ok) console.log(`deployment/${o.name} rolled out: ${p.replicas}/${p.replicas} updated and available after ${Math.round(seconds)}s`);
    else
      console.log(
        timedOut
          ? `deployment/${o.name} did not finish within the timeout: ${p.statusLine}`
          : `deployment/${o.name} stalled: ${p.statusLine}`,
      );
    if (!ok)
      for (const f of shown)
        console.log(
          [`${f.severity.toUpperCase()} ${f.code}  ${f.message}`, ...f.evidence.map((e) => `  · ${e}`), `  fix: ${f.fix}`].join("\n"),
        );
  }
  if (github)
    console.log(
      ok
        ? `::notice title=rollscope wait::deployment/${o.name} rolled out in ${Math.round(seconds)}s`
        : shown.map(githubAnnotation).join("\n"),
    );
  const undo = !ok && o.undo ? await runUndo(o) : undefined;
  if (undo && !o.json) console.log(undo.output.trimEnd());
  if (o.json)
    console.log(
      JSON.stringify(
        {
          deployment: o.name,
          namespace: o.namespace,
          result,
          seconds: Math.round(seconds * 10) / 10,
          polls,
          progress: p,
          finding: p.finding ?? null,
          findings,
          undo: undo ?? null,
        },
        null,
        2,
      ),
    );
  return ok ? 0 : 1;
}

/** `kubectl rollout undo` with the same cluster flags; the command and its output, for the log. */
function runUndo(o: Options): Promise<{ command: string; exitCode: number; output: string }> {
  const args = ["rollout", "undo", `deployment/${o.name}`, "-n", o.namespace, ...o.kubectlArgs];
  const command = `kubectl ${args.join(" ")}`;
  if (!o.json) console.log(`--undo-on-failure: running ${command}`);
  return new Promise((resolve) => {
    execFile("kubectl", args, { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      resolve({ command, exitCode: code, output: `${stdout}${stderr}` });
    });
  });
}
