/**
 * `npm run k8s:up`: a real control plane (etcd, kube-apiserver, kube-controller-manager) plus the
 * lab kubelet on loopback until Ctrl-C. Prints `ready kubeconfig=<F> server=<url>`.
 * Flags: --no-kubelet, --nodes N, --keep (keep the temp dir with logs after exit).
 */
import { startRealCluster } from "./cluster";

const args = process.argv.slice(2);
const nodesIdx = args.indexOf("--nodes");
const wantKubelet = !args.includes("--no-kubelet");
const cluster = await startRealCluster({
  kubelet: wantKubelet,
  nodeCount: nodesIdx >= 0 ? Number(args[nodesIdx + 1]) : 3,
  keepDir: args.includes("--keep"),
});
const t = cluster.timings;
console.error(
  `k8s:up: etcd ${t.etcd} ms, apiserver ${t.apiserver} ms, controller-manager ${t.controllerManager} ms${t.kubelet ? `, kubelet ${t.kubelet} ms` : ""} (logs in ${cluster.dir})`,
);
console.log(`ready kubeconfig=${cluster.kubeconfigPath} server=${cluster.server}`);
console.error(`try: ${cluster.binaries.kubectl} --kubeconfig ${cluster.kubeconfigPath} get nodes`);

let stopping = false;
const shutdown = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  console.error("k8s:up: stopping");
  await cluster.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
