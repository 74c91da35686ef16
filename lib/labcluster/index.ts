/**
 * The embedded lab cluster: one clock, the store, the API server on loopback, the controllers and
 * the lab kubelet, plus a kubeconfig that kubectl, the dashboard and the kubelet all use.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTokenAuth, type LabAuth } from "./auth";
import { bootstrapCluster, startServiceAccounts } from "./bootstrap";
import { startEventTtl } from "./event-ttl";
import { ScaledClock, type Clock } from "./clock";
import { startControllers } from "./controllers";
import { startKubelet } from "./kubelet";
import { writeKubeconfig } from "./kubeconfig";
import { startApiServer } from "./server";
import { selfSignedCert } from "./tls";
import { Store } from "./store";
import { ServiceProxy } from "./traffic/proxy";
import { trafficRoutes } from "./traffic/route";

export { recordEvent } from "./events";
export { startApiServer, type ApiServer, type ApiServerOptions } from "./server";
export { Store } from "./store";
export { ManualClock, ScaledClock, type Clock } from "./clock";
export { RESOURCES, lookupResource } from "./registry";
export { labKubeconfig, writeKubeconfig, LAB_CONTEXT } from "./kubeconfig";
export type { LabAuth } from "./auth";

export interface LabClusterOptions {
  /** API server port; 0 or unset picks a free one. */
  port?: number;
  /** Simulated time runs this many times faster than wall time. Default 1. */
  timeScale?: number;
  /** Where to write the kubeconfig; default a fresh temp directory. */
  kubeconfigOut?: string;
  /** How many changes watches can resume from before 410 Gone. */
  historyWindow?: number;
  /** Lab nodes the kubelet registers. Default: the kubelet's own default. */
  nodeCount?: number;
  /** Start the controllers (default true). */
  controllers?: boolean;
  /** Start the lab kubelet (default true). */
  kubelet?: boolean;
  /**
   * Authenticate requests by bearer token (default false: any caller is accepted, over plain
   * HTTP). The kubeconfig keeps an admin token that never expires; `lab.auth` issues and revokes
   * others. The server then speaks HTTPS with a self-signed certificate (`lab.ca`, also in the
   * kubeconfig): kubectl sends no credentials to an http:// server.
   */
  auth?: boolean;
}

export interface LabCluster {
  /** http://127.0.0.1:PORT, or https:// with `auth` */
  server: string;
  /** The serving certificate (PEM) clients trust, with `auth`. */
  ca?: string;
  kubeconfigPath: string;
  store: Store;
  clock: Clock;
  /** Issues and revokes tokens; only when started with `auth: true`. */
  auth?: LabAuth;
  /** Stops kubelet, controllers and server; closes every watch connection. */
  stop(): Promise<void>;
}

export async function startLabCluster(opts: LabClusterOptions = {}): Promise<LabCluster> {
  const clock = new ScaledClock(opts.timeScale ?? 1);
  const store = new Store(clock, { historyWindow: opts.historyWindow });
  const tokens = opts.auth ? createTokenAuth(clock) : undefined;
  const tls = opts.auth ? await selfSignedCert() : undefined;
  // The Service proxy dials the kubelet's pods, which start after the server.
  const traffic: { proxy?: ServiceProxy } = {};
  const api = await startApiServer({
    store,
    port: opts.port,
    authenticate: tokens?.authenticate,
    tls,
    labRoutes: trafficRoutes(store, () => traffic.proxy),
  });
  bootstrapCluster(api.verbs, api.port);
  const stopSa = startServiceAccounts(store, api.verbs);
  const stopEventTtl = startEventTtl(store, clock);
  const kubeconfigPath = opts.kubeconfigOut ?? join(await mkdtemp(join(tmpdir(), "rollscope-lab-")), "kubeconfig");
  await writeKubeconfig(kubeconfigPath, api.url, tokens?.adminToken, tls?.cert);
  const controllers = opts.controllers === false ? undefined : startControllers(store, clock);
  const kubelet = opts.kubelet === false ? undefined : await startKubelet({ kubeconfigPath, clock, nodeCount: opts.nodeCount });
  if (kubelet) traffic.proxy = new ServiceProxy({ store, clock, network: kubelet.network });
  let stopped: Promise<void> | undefined;
  return {
    server: api.url,
    ...(tls ? { ca: tls.cert } : {}),
    kubeconfigPath,
    store,
    clock,
    ...(tokens ? { auth: { issue: tokens.issue, revoke: tokens.revoke } } : {}),
    stop: () =>
      (stopped ??= (async () => {
        traffic.proxy?.stop();
        await kubelet?.stop();
        controllers?.stop();
        stopSa();
        stopEventTtl();
        await api.close();
      })()),
  };
}
