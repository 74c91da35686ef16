import { KubeHttp } from "./kubeapi";
import { normalise, runKubectl, type KubectlTarget } from "./kubectl";
import { describeUntil, holds, scopeState } from "./predicates";
import { TraceRecorder } from "./recorder";
import { captureShapes, type Shapes } from "./shapes";
import type { RecordedOutput, Scenario, ScenarioRun } from "./types";

export interface ClusterTarget extends KubectlTarget {
  label: "real" | "lab";
  /** Wait for the namespace's "default" ServiceAccount before creating pods (ServiceAccount admission rejects them until then). */
  waitForServiceAccount?: boolean;
  /** Extra flags for every `kubectl apply` (e.g. --validate=false to get past a lab OpenAPI gap). */
  applyFlags?: string[];
}

async function waitForDefaultServiceAccount(api: KubeHttp, ns: string): Promise<void> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    if ((await api.request("GET", `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no default ServiceAccount in ${ns} after 30 s`);
}

const QUIET_MS = 1500;

/** Resolves once the trace has not changed for `quietMs` (or after `maxMs`). */
async function quiesce(rec: TraceRecorder, quietMs: number, maxMs: number): Promise<void> {
  const end = Date.now() + maxMs;
  let last = rec.trace.length;
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    if (rec.trace.length !== last) {
      last = rec.trace.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export function namespaceFor(scenario: string): string {
  return `rs-${scenario}`.slice(0, 63).replace(/-+$/, "");
}

/** Called for `capture` steps (fixture capture); scenarios run without it ignore those steps. */
export type CaptureHook = (moment: string, namespace: string, api: KubeHttp) => Promise<void>;

export async function runScenario(target: ClusterTarget, sc: Scenario, onCapture?: CaptureHook): Promise<ScenarioRun> {
  const t0 = Date.now();
  const ns = namespaceFor(sc.name);
  const api = new KubeHttp(target.kubeconfigPath);
  const outputs: RecordedOutput[] = [];
  const checkpoints: string[] = [];
  const created = await api.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  if (created.status !== 201) throw new Error(`${target.label}: create namespace ${ns}: HTTP ${created.status}`);
  if (target.waitForServiceAccount) await waitForDefaultServiceAccount(api, ns);
  const rec = new TraceRecorder(api, ns);
  let error: string | undefined;
  let shapes: Shapes | undefined;
  try {
    await rec.begin();
    for (const step of sc.steps) {
      if ("apply" in step) {
        // A multi-document stream (JSON is YAML), as users write manifests; `asList` sends one v1 List.
        const input = step.asList
          ? JSON.stringify({ apiVersion: "v1", kind: "List", items: step.apply })
          : step.apply.map((o) => JSON.stringify(o)).join("\n---\n");
        const r = await runKubectl(target, ns, ["apply", ...(target.applyFlags ?? []), "-f", "-"], input);
        outputs.push({ cmd: "apply", exit: r.exit, out: normalise(r.out, rec.rsAliases()) });
        // Every later wait would only time out.
        if (r.exit !== 0 && !step.expectFail) throw new Error(`kubectl apply failed: ${r.out.trim()}`);
        await rec.sync();
      } else if ("kubectl" in step) {
        const r = await runKubectl(target, ns, step.kubectl);
        if (step.record !== false) {
          outputs.push({
            cmd: step.kubectl.join(" "),
            exit: r.exit,
            out: normalise(r.out, rec.rsAliases(), { sortBody: step.sortBody, dropEvents: step.dropEvents }),
          });
        }
        await rec.sync();
      } else if ("capture" in step) {
        await onCapture?.(step.capture, ns, api);
      } else {
        await rec.waitUntil(describeUntil(step.wait), (s) => holds(step.wait, s), (step.timeoutS ?? 120) * 1000);
        checkpoints.push(scopeState(rec.current(), step.wait));
      }
    }
    await quiesce(rec, QUIET_MS, 15_000);
    shapes = await captureShapes(api, ns);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  } finally {
    rec.stop();
    await api.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  }
  return {
    scenario: sc.name,
    cluster: target.label,
    trace: rec.trace.map((e) => ({ ...e })),
    checkpoints,
    outputs,
    shapes,
    error,
    ms: Date.now() - t0,
  };
}
