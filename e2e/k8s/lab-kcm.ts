/**
 * The lab API server driven by the real kube-controller-manager (issue 18 item 3): the lab's own
 * deployment and replicaset controllers off, `kube-controller-manager --controllers=deployment,replicaset`
 * in its default client configuration — protobuf requests, responses and watches — against the
 * lab's kubeconfig. The lab's endpointslice, endpoints and garbage-collector controllers and its
 * kubelet still run (the differential scenarios read EndpointSlices). Wall-clock time: the real
 * controllers use it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
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
  /** Content types on the wire between the controller-manager and the lab, counted by the proxy. */
  wire: WireCounts;
}

/** Requests by body Content-Type, and responses by Content-Type (watch streams included). */
export interface WireCounts {
  requestBodies: Record<string, number>;
  responses: Record<string, number>;
}

/**
 * A pass-through HTTP proxy in front of the lab API server that counts what the controller-manager
 * sends and receives, so the run proves it spoke protobuf rather than assuming so.
 */
async function countingProxy(target: string): Promise<{ url: string; wire: WireCounts; close: () => Promise<void> }> {
  const wire: WireCounts = { requestBodies: {}, responses: {} };
  const bump = (m: Record<string, number>, k: string | undefined) => {
    const key = (k ?? "none").split(";")[0]!;
    m[key] = (m[key] ?? 0) + 1;
  };
  const up = new URL(target);
  const server = http.createServer((req, res) => {
    if (req.headers["content-type"]) bump(wire.requestBodies, req.headers["content-type"]);
    const fwd = http.request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      bump(wire.responses, r.headers["content-type"]);
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on("error", () => res.destroy());
    res.on("close", () => fwd.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    wire,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function startLabWithKubeControllerManager(binaries: K8sBinaries, opts: { keepDir?: boolean } = {}): Promise<LabKcmHandle> {
  const lab = await startLabCluster({ timeScale: 1, controllers: false });
  const others = runReconcilers(lab.store, lab.clock, [
    new GarbageCollector(lab.store, lab.clock),
    new EndpointSliceController(lab.store, lab.clock),
    new EndpointsController(lab.store, lab.clock),
  ]);
  const dir = mkdtempSync(path.join(os.tmpdir(), "rollscope-lab-kcm-"));
  const kcmLog = path.join(dir, "kube-controller-manager.log");
  const proxy = await countingProxy(lab.server);
  const kubeconfig = path.join(dir, "kubeconfig");
  writeFileSync(kubeconfig, readFileSync(lab.kubeconfigPath, "utf8").replaceAll(lab.server, proxy.url));
  // No --kube-api-content-type: client-go's default for the controller-manager is protobuf.
  const kcm = startProcess(
    "kube-controller-manager",
    binaries.controllerManager,
    [
      `--kubeconfig=${kubeconfig}`,
      `--controllers=${KCM_CONTROLLERS.join(",")}`,
      "--use-service-account-credentials=false",
      "--leader-elect=false",
      "--secure-port=0",
      "--profiling=false",
      "-v=2",
    ],
    kcmLog,
  );
  const stop = async () => {
    await kcm.stop();
    await proxy.close();
    others.stop();
    await lab.stop();
    if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilSyncing(lab.kubeconfigPath, kcm);
  } catch (err) {
    await kcm.stop();
    await proxy.close();
    const tail = readFileSync(kcmLog, "utf8").split("\n").slice(-20).join("\n");
    others.stop();
    await lab.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tail}`);
  }
  return { ...lab, kcmLog, wire: proxy.wire, stop };
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
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "probe:1" }] } },
    },
  });
  await waitFor(
    "kube-controller-manager on the lab",
    async () => {
      const r = await api.request<{ items?: unknown[] }>("GET", `/apis/apps/v1/namespaces/${ns}/replicasets`);
      return r.status === 200 && (r.body.items?.length ?? 0) > 0;
    },
    { timeoutMs: 120_000, proc: kcm, intervalMs: 300 },
  );
  await api.request("DELETE", `/api/v1/namespaces/${ns}`);
}
