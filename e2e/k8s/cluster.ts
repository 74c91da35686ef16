import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import http from "node:http";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBinaries, type K8sBinaries } from "./binaries";
import { kubeconfigYaml, makePki } from "./certs";
import { startLabKubelet, type KubeletHandle } from "./kubelet";
import { freePort, startProcess, waitFor, type ManagedProcess } from "./procs";

export interface RealCluster {
  kubeconfigPath: string;
  server: string;
  token: string;
  binaries: K8sBinaries;
  /** Temp directory with certs, logs (etcd, kube-apiserver, kube-controller-manager, lab-kubelet) and etcd data. */
  dir: string;
  /** Milliseconds from start until etcd, apiserver, controller-manager (and the kubelet) were ready. */
  timings: Record<string, number>;
  /** The kube-apiserver alone, for fault tests: stop it (connections refused) and start it again on the same port. */
  apiserver: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

export interface RealClusterOptions {
  /** Start the lab kubelet (lib/labcluster/kubelet) against the real apiserver. Default true. */
  kubelet?: boolean;
  nodeCount?: number;
  /** Keep the temp directory after stop() (logs for debugging). Default: only on failure. */
  keepDir?: boolean;
  binaries?: K8sBinaries;
}

/** Canonical 1.35 names (the short aliases like "deployment" still work). */
export const CONTROLLERS = [
  "deployment-controller",
  "replicaset-controller",
  "endpoints-controller",
  "endpointslice-controller",
  "garbage-collector-controller",
  "namespace-controller",
  "serviceaccount-controller",
  "serviceaccount-token-controller",
  // The projected token volume the ServiceAccount admission plugin adds reads kube-root-ca.crt.
  "root-ca-certificate-publisher-controller",
  // Aggregated admin/edit/view ClusterRoles, so RBAC answers (kubectl auth can-i) match a real cluster.
  "clusterrole-aggregation-controller",
];

function get(url: string, opts: { ca?: Buffer; token?: string }): Promise<{ status: number; body: string }> {
  const mod = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(
      url,
      { ca: opts.ca, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {}, timeout: 2000 },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/**
 * etcd + kube-apiserver + kube-controller-manager (the real ones, built by build.sh) on loopback,
 * plus the lab kubelet for Nodes and pod lifecycles. Wall-clock time (the real controllers use it).
 */
export async function startRealCluster(opts: RealClusterOptions = {}): Promise<RealCluster> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const binaries = opts.binaries ?? (await ensureBinaries());
  timings.binaries = Date.now() - t0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "rollscope-k8s-"));
  const procs: ManagedProcess[] = [];
  let kubelet: KubeletHandle | undefined;
  let stopped = false;

  const stop = async (keep = opts.keepDir ?? false): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await kubelet?.stop();
    // Reverse start order: controllers first so they do not log errors about a vanished apiserver.
    for (const p of [...procs].reverse()) await p.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pki = makePki(dir);
    const ca = readFileSync(pki.caCert);

    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const etcd = startProcess(
      "etcd",
      binaries.etcd,
      [
        "--name=default",
        `--data-dir=${path.join(dir, "etcd-data")}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=default=${peerUrl}`,
        "--unsafe-no-fsync=true",
        "--log-level=warn",
      ],
      path.join(dir, "etcd.log"),
    );
    procs.push(etcd);
    await waitFor("etcd", async () => (await get(`${etcdUrl}/health`, {})).body.includes('"health":"true"'), {
      timeoutMs: 30_000,
      proc: etcd,
    });
    timings.etcd = Date.now() - t0;

    const server = `https://127.0.0.1:${apiPort}`;
    const apiserverArgs = [
      `--etcd-servers=${etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      `--cert-dir=${dir}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.caCert}`,
      "--service-cluster-ip-range=10.96.0.0/12",
      "--endpoint-reconciler-type=none",
      "--authorization-mode=Node,RBAC",
      `--token-auth-file=${pki.tokenFile}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      // This plugin taints new Nodes not-ready:NoSchedule and only the node-lifecycle controller
      // (not run here: it would evict on missed heartbeats) lifts it, so pods would never schedule.
      "--disable-admission-plugins=TaintNodesByCondition",
      "--enable-priority-and-fairness=false",
      "--profiling=false",
    ];
    let apiserver: ManagedProcess;
    const startApiserver = async () => {
      apiserver = startProcess("kube-apiserver", binaries.apiserver, apiserverArgs, path.join(dir, "kube-apiserver.log"));
      procs.splice(1, 0, apiserver);
      await waitFor("kube-apiserver /readyz", async () => (await get(`${server}/readyz`, { ca, token: pki.adminToken })).status === 200, {
        timeoutMs: 120_000,
        proc: apiserver,
        intervalMs: 300,
      });
    };
    const stopApiserver = async () => {
      await apiserver.stop();
      procs.splice(procs.indexOf(apiserver), 1);
    };
    await startApiserver();
    timings.apiserver = Date.now() - t0;

    const kubeconfigPath = path.join(dir, "kubeconfig");
    writeFileSync(kubeconfigPath, kubeconfigYaml(server, pki.caCert, pki.adminToken), { mode: 0o600 });

    const kcm = startProcess(
      "kube-controller-manager",
      binaries.controllerManager,
      [
        `--kubeconfig=${kubeconfigPath}`,
        `--controllers=${CONTROLLERS.join(",")}`,
        "--use-service-account-credentials=false",
        "--leader-elect=false",
        "--secure-port=0",
        `--service-account-private-key-file=${pki.saKey}`,
        `--root-ca-file=${pki.caCert}`,
        "--profiling=false",
      ],
      path.join(dir, "kube-controller-manager.log"),
    );
    procs.push(kcm);
    // The serviceaccount controller creating default/default proves the controller-manager is syncing.
    await waitFor(
      "kube-controller-manager",
      async () => (await get(`${server}/api/v1/namespaces/default/serviceaccounts/default`, { ca, token: pki.adminToken })).status === 200,
      {
        timeoutMs: 120_000,
        proc: kcm,
        intervalMs: 300,
      },
    );
    timings.controllerManager = Date.now() - t0;

    if (opts.kubelet ?? true) {
      const kubeletLog = path.join(dir, "lab-kubelet.log");
      kubelet = await startLabKubelet({
        kubeconfigPath,
        nodeCount: opts.nodeCount ?? 3,
        log: (m) => appendFileSync(kubeletLog, `${new Date().toISOString()} ${m}\n`),
      });
      timings.kubelet = Date.now() - t0;
    }

    return {
      kubeconfigPath,
      server,
      token: pki.adminToken,
      binaries,
      dir,
      timings,
      apiserver: { stop: stopApiserver, start: startApiserver },
      stop: () => stop(),
    };
  } catch (err) {
    await stop(true);
    throw new Error(`${err instanceof Error ? err.message : String(err)} (logs kept in ${dir})`);
  }
}
