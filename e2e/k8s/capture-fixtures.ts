/**
 * Captures real object JSON from the real control plane (+ lab kubelet) for the model's tests,
 * in the layout of lib/model/fixtures/README.md (one folder = one namespace at one instant):
 * lib/model/fixtures/captured-<scenario>-<nn>-<moment>/{objects.json,_meta.json}. objects.json is
 * a v1 List of the namespace's Deployments, ReplicaSets, Pods, Services, EndpointSlices and
 * Events (managedFields dropped, everything else as served); _meta.json has `now` = capture time.
 * Usage: npx tsx e2e/k8s/capture-fixtures.ts [--only name,name]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startRealCluster } from "./cluster";
import type { Obj } from "./diff/kubeapi";
import { deployment, NEVER_READY_CMD, service, type DeploymentOpts } from "./diff/manifests";
import { runScenario, type CaptureHook } from "./diff/runner";
import type { Scenario } from "./diff/types";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturesRoot = path.join(here, "../../lib/model/fixtures");

const W = "web";
const web = (version: string, extra: Partial<DeploymentOpts> = {}): Record<string, unknown> =>
  deployment({ name: W, replicas: 3, version, maxSurge: 1, maxUnavailable: 0, ...extra });

export const FIXTURE_SCENARIOS: Scenario[] = [
  {
    name: "rolling-update-r3",
    about: "R=3 maxSurge 1 maxUnavailable 0, v1 → v2, with a Service",
    steps: [
      { apply: [web("v1"), service(W, { app: W })] },
      { wait: { complete: W } },
      { wait: { endpoints: W, ready: 3 } },
      { capture: "v1-complete" },
      { kubectl: ["set", "env", `deployment/${W}`, "VERSION=v2"] },
      { wait: { rolling: W, newSpec: 1, newPods: 1 } },
      { capture: "v2-first-pod-not-ready" },
      { wait: { rolling: W, newSpec: 2, newReady: 1 } },
      { capture: "v2-one-ready-second-surging" },
      { wait: { complete: W } },
      { wait: { endpoints: W, ready: 3 } },
      { capture: "v2-complete" },
    ],
  },
  {
    name: "stuck-v3",
    about: "v2 healthy, v3 never Ready; progressDeadlineSeconds 10 exceeded",
    steps: [
      { apply: [web("v2", { progressDeadlineSeconds: 10 }), service(W, { app: W })] },
      { wait: { complete: W } },
      { apply: [web("v3", { progressDeadlineSeconds: 10, command: NEVER_READY_CMD })] },
      { wait: { rolling: W, newSpec: 1, newPods: 1 } },
      { capture: "v3-progressing" },
      { wait: { stuck: W }, timeoutS: 60 },
      { capture: "v3-deadline-exceeded" },
      { kubectl: ["rollout", "undo", `deployment/${W}`] },
      { wait: { complete: W } },
      { capture: "undone-to-v2" },
    ],
  },
  {
    name: "blue-green",
    about: "inference-blue and inference-green, 2 each; the Service selector moves from blue to green",
    steps: [
      {
        apply: [
          deployment({ name: "inference-blue", app: "inference", labels: { color: "blue" }, replicas: 2, version: "v1-blue" }),
          deployment({ name: "inference-green", app: "inference", labels: { color: "green" }, replicas: 2, version: "v2-green" }),
          service("inference", { app: "inference", color: "blue" }),
        ],
      },
      { wait: { complete: "inference-blue" } },
      { wait: { complete: "inference-green" } },
      { wait: { endpoints: "inference", ready: 2 } },
      { capture: "serving-blue" },
      { kubectl: ["patch", "service/inference", "-p", '{"spec":{"selector":{"app":"inference","color":"green"}}}'] },
      { wait: { endpoints: "inference", ready: 2 } },
      { capture: "serving-green" },
    ],
  },
  {
    name: "canary-9-1",
    about: "stable 9 + canary 1 behind one Service",
    steps: [
      {
        apply: [
          deployment({ name: "web-stable", app: W, labels: { track: "stable" }, replicas: 9, version: "v1" }),
          deployment({ name: "web-canary", app: W, labels: { track: "canary" }, replicas: 1, version: "v2" }),
          service(W, { app: W }),
        ],
      },
      { wait: { complete: "web-stable" } },
      { wait: { complete: "web-canary" } },
      { wait: { endpoints: W, ready: 10 } },
      { capture: "ten-ready" },
    ],
  },
];

const KINDS: { path: string; kind: string; apiVersion: string }[] = [
  { path: "/apis/apps/v1/namespaces/NS/deployments", kind: "Deployment", apiVersion: "apps/v1" },
  { path: "/apis/apps/v1/namespaces/NS/replicasets", kind: "ReplicaSet", apiVersion: "apps/v1" },
  { path: "/api/v1/namespaces/NS/pods", kind: "Pod", apiVersion: "v1" },
  { path: "/api/v1/namespaces/NS/services", kind: "Service", apiVersion: "v1" },
  { path: "/apis/discovery.k8s.io/v1/namespaces/NS/endpointslices", kind: "EndpointSlice", apiVersion: "discovery.k8s.io/v1" },
  { path: "/api/v1/namespaces/NS/events", kind: "Event", apiVersion: "v1" },
];

function captureTo(sc: Scenario, version: string): CaptureHook {
  let n = 0;
  return async (moment, ns, api) => {
    const now = new Date().toISOString();
    const items: Obj[] = [];
    for (const k of KINDS) {
      const { items: objs } = await api.list(k.path.replace("NS", ns));
      for (const o of objs) {
        const { managedFields: _dropped, ...metadata } = o.metadata as Obj["metadata"] & { managedFields?: unknown };
        items.push({ ...o, apiVersion: k.apiVersion, kind: k.kind, metadata });
      }
    }
    n += 1;
    const dir = path.join(fixturesRoot, `captured-${sc.name}-${String(n).padStart(2, "0")}-${moment}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "objects.json"), JSON.stringify({ apiVersion: "v1", kind: "List", metadata: {}, items }, null, 2) + "\n");
    const meta = {
      now,
      source: `captured from a real control plane (kube-apiserver + kube-controller-manager ${version}, lab kubelet) by e2e/k8s/capture-fixtures.ts`,
      description: `${sc.about} — moment "${moment}" (namespace ${ns})`,
    };
    writeFileSync(path.join(dir, "_meta.json"), JSON.stringify(meta, null, 2) + "\n");
    process.stderr.write(`captured ${path.relative(process.cwd(), dir)} (${items.length} objects)\n`);
  };
}

async function main(): Promise<void> {
  const onlyIdx = process.argv.indexOf("--only");
  const only = onlyIdx >= 0 ? process.argv[onlyIdx + 1]?.split(",") : undefined;
  const cluster = await startRealCluster({ kubelet: true });
  const version = path.basename(cluster.binaries.dir).split("-")[0] ?? "?";
  try {
    for (const sc of FIXTURE_SCENARIOS.filter((s) => !only || only.includes(s.name))) {
      const run = await runScenario(
        {
          label: "real",
          waitForServiceAccount: true,
          kubectl: cluster.binaries.kubectl,
          kubeconfigPath: cluster.kubeconfigPath,
          cacheDir: path.join(cluster.dir, "kubectl-cache"),
        },
        sc,
        captureTo(sc, version),
      );
      if (run.error) throw new Error(`${sc.name}: ${run.error}`);
    }
  } finally {
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
