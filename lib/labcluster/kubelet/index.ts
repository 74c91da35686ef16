import { KubeConfig, makeInformer, type Informer, type KubernetesObject, type ObjectCache } from "@kubernetes/client-node";
import type { Clock } from "../clock";
import { KubeletApi } from "./api";
import { EventRecorder } from "./event-recorder";
import { NodeAgent } from "./node-agent";
import { defaultNodeSpecs, type NodeSpec } from "./nodes";
import { PodAgent } from "./pod-agent";
import { SchedulingLoop } from "./scheduling";
import type { Node, Pod } from "./wire";
import type { Connection } from "./app-serving";

export type { NodeSpec } from "./nodes";
export type { Connection } from "./app-serving";

export interface KubeletOptions {
  kubeconfigPath: string;
  clock: Clock;
  /** Number of default nodes lab-node-1..N (default 3); ignored when `nodes` is given. */
  nodeCount?: number;
  nodes?: NodeSpec[];
  /** Diagnostics (retries, rejected writes). Default: silent. */
  log?: (msg: string) => void;
}

/** The pods' network as the lab's Service proxy dials it. */
export interface PodNetwork {
  connect(ip: string, port: number): Connection;
}

export interface KubeletHandle {
  /** Connections to the pods this kubelet runs (README "Serving requests"). */
  network: PodNetwork;
  stop(): Promise<void>;
}

type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

// Typed list results carry Dates; watch events are raw JSON. One JSON shape for the core.
function plain<T>(obj: KubernetesObject): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/**
 * client-node refuses a plain-http server unless the cluster says insecure-skip-tls-verify; with
 * no TLS there is nothing to verify, so say it for such clusters (the lab server is http).
 */
export function loadKubeconfig(path: string): KubeConfig {
  const file = new KubeConfig();
  file.loadFromFile(path);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: file.clusters.map((c) => (c.server.startsWith("http:") ? { ...c, skipTLSVerify: true } : c)),
    users: file.users,
    contexts: file.contexts,
    currentContext: file.currentContext,
  });
  return kc;
}

/** Structural fields that can change where a pod fits (not heartbeats), key order normalised. */
function fitShape(n: Node): string {
  const sorted = (o: Record<string, string> | undefined) => Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const taints = (n.spec?.taints ?? []).map((t) => [t.key, t.value ?? "", t.effect]);
  return JSON.stringify([sorted(n.metadata.labels), n.spec?.unschedulable ?? false, taints, sorted(n.status?.allocatable)]);
}

/**
 * Starts the lab kubelet: registers the Nodes, schedules pods with schedulerName
 * default-scheduler onto them and runs the pods bound there, all through the Kubernetes API
 * described by `kubeconfigPath`. Resolves once the Nodes exist and the pod and node watches
 * have listed. `stop()` ends the watches and every simulated process; Nodes stay registered.
 */
export async function startKubelet(opts: KubeletOptions): Promise<KubeletHandle> {
  const log = opts.log ?? (() => {});
  const kc = loadKubeconfig(opts.kubeconfigPath);
  const api = new KubeletApi(kc, opts.clock, log);
  const recorder = new EventRecorder(api, opts.clock, log);
  const specs = opts.nodes ?? defaultNodeSpecs(opts.nodeCount ?? 3);
  const nodeAgent = new NodeAgent(api, recorder, opts.clock, specs, log);
  await nodeAgent.register();

  const podInformer: Watched<KubernetesObject> = makeInformer(kc, "/api/v1/pods", () => api.core.listPodForAllNamespaces());
  const nodeInformer: Watched<KubernetesObject> = makeInformer(kc, "/api/v1/nodes", () => api.core.listNode());
  // Plain-JSON mirrors of the informer caches, converted once per event rather than per read.
  const podCache = new Map<string, Pod>();
  const nodeCache = new Map<string, Node>();
  const view = {
    nodes: () => [...nodeCache.values()],
    pods: () => [...podCache.values()],
  };
  const scheduling = new SchedulingLoop(api, recorder, opts.clock, view, log);
  const pods = new PodAgent(api, recorder, opts.clock, nodeAgent.nodes, log);

  let stopped = false;
  const onPod = (obj: KubernetesObject) => {
    if (stopped) return;
    const pod = plain<Pod>(obj);
    podCache.set(pod.metadata.uid, pod);
    scheduling.observe(pod);
    pods.observe(pod);
    if (pod.spec.nodeName && (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed")) scheduling.podGone(pod);
  };
  podInformer.on("add", onPod);
  podInformer.on("update", onPod);
  podInformer.on("delete", (obj) => {
    if (stopped) return;
    const pod = plain<Pod>(obj);
    podCache.delete(pod.metadata.uid);
    scheduling.podGone(pod);
    pods.deleted(pod);
    recorder.forget(pod.metadata.namespace, pod.metadata.name);
  });
  const shapes = new Map<string, string>();
  const onNode = (obj: KubernetesObject) => {
    if (stopped) return;
    const node = plain<Node>(obj);
    nodeCache.set(node.metadata.name, node);
    const shape = fitShape(node);
    if (shapes.get(node.metadata.name) === shape) return;
    shapes.set(node.metadata.name, shape);
    scheduling.nodesChanged();
  };
  nodeInformer.on("add", onNode);
  nodeInformer.on("update", onNode);
  nodeInformer.on("delete", (obj) => {
    if (stopped) return;
    shapes.delete(obj.metadata?.name ?? "");
    nodeCache.delete(obj.metadata?.name ?? "");
    scheduling.nodesChanged();
  });

  // ListWatch relists on 410 and resumes after timeouts by itself, but any other failure (the
  // server went away) ends it after reporting "error": restart it with capped backoff.
  const keepAlive = (informer: Watched<KubernetesObject>, what: string) => {
    let delay = 500;
    // Objects arriving prove the connection works again.
    informer.on("change", () => {
      delay = 500;
    });
    informer.on("error", (err: unknown) => {
      if (stopped) return;
      log(`${what} watch failed: ${err instanceof Error ? err.message : String(err)}; restarting in ${delay}ms`);
      const wait = delay;
      delay = Math.min(delay * 2, 30_000);
      opts.clock.after(wait, () => {
        if (!stopped) informer.start().catch(() => {});
      });
    });
  };
  keepAlive(nodeInformer, "node");
  keepAlive(podInformer, "pod");
  await nodeInformer.start();
  await podInformer.start();

  return {
    network: { connect: (ip, port) => (stopped ? { kind: "refused" } : pods.connect(ip, port)) },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Watches first, so no event starts new work while the rest winds down.
      await Promise.all([podInformer.stop(), nodeInformer.stop()]);
      api.stop();
      scheduling.stop();
      nodeAgent.stop();
      pods.stop();
    },
  };
}
