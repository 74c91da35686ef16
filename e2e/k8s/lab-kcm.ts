/**
 * The lab API server driven by the real kube-controller-manager (issue 18 item 3): the lab's own
 * deployment and replicaset controllers off, `kube-controller-manager --controllers=deployment,replicaset`
 * in its default client configuration — protobuf requests, responses and watches — against the
 * lab's kubeconfig. The lab's endpointslice, endpoints and garbage-collector controllers and its
 * kubelet still run (the differential scenarios read EndpointSlices). Wall-clock time: the real
 * controllers use it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EndpointsController } from "../../lib/labcluster/controllers/endpoints";
import { EndpointSliceController } from "../../lib/labcluster/controllers/endpointslice";
import { GarbageCollector } from "../../lib/labcluster/controllers/gc";
import { runReconcilers } from "../../lib/labcluster/controllers/workqueue";
import { startLabCluster } from "../../lib/labcluster/index";
import type { K8sBinaries } from "./binaries";
import { KubeHttp } from "./diff/kubeapi";
import type { LabClusterHandle } from "./lab";
import { startProcess, waitFor } from "./procs";

export const KCM_CONTROLLERS = ["deployment", "replicaset"];

export interface LabKcmHandle extends LabClusterHandle {
  /** The controller-manager's log (kept with keepDir). */
  kcmLog: string;
}

export async function startLabWithKubeControllerManager(binaries: K8sBinaries, opts: { keepDir?: boolean } = {}): Promise<LabKcmHandle> {
  const lab = await startLabCluster({ timeScale: 1, controllers: false });
  const others = runReconcilers(lab.store, lab.clock, [new GarbageCollector(lab.store, lab.clock), new EndpointSliceController(lab.store, lab.clock), new EndpointsController(lab.store, lab.clock)]);
  const dir = mkdtempSync(path.join(os.tmpdir(), "rollscope-lab-kcm-"));
  const kcmLog = path.join(dir, "kube-controller-manager.log");
  // No --kube-api-content-type: client-go's default for the controller-manager is protobuf.
  const kcm = startProcess(
    "kube-controller-manager",
    binaries.controllerManager,
    [`--kubeconfig=${lab.kubeconfigPath}`, `--controllers=${KCM_CONTROLLERS.join(",")}`, "--use-service-account-credentials=false", "--leader-elect=false", "--secure-port=0", "--profiling=false", "-v=2"],
    kcmLog,
  );
  const stop = async () => {
    await kcm.stop();
    others.stop();
    await lab.stop();
    if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilSyncing(lab.kubeconfigPath, kcm);
  } catch (err) {
    await kcm.stop();
    const tail = readFileSync(kcmLog, "utf8").split("\n").slice(-20).join("\n");
    others.stop();
    await lab.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tail}`);
  }
  return { ...lab, kcmLog, stop };
}

/** A Deployment that gets its ReplicaSet proves the controller-manager's informers have synced. */
async function waitUntilSyncing(kubeconfigPath: string, kcm: Parameters<typeof waitFor>[2]["proc"]): Promise<void> {
  const api = new KubeHttp(kubeconfigPath);
  const ns = "kcm-probe";
  await api.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  const labels = { app: "probe" };
  await api.request("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "probe" },
    spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "probe:1" }] } } },
  });
  await waitFor("kube-controller-manager on the lab", async () => {
    const r = await api.request<{ items?: unknown[] }>("GET", `/apis/apps/v1/namespaces/${ns}/replicasets`);
    return r.status === 200 && (r.body.items?.length ?? 0) > 0;
  }, { timeoutMs: 120_000, proc: kcm, intervalMs: 300 });
  await api.request("DELETE", `/api/v1/namespaces/${ns}`);
}
