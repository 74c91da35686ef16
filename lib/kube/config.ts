/**
 * Which cluster to read, decided once: an explicit kubeconfig file, then $KUBECONFIG, then
 * ~/.kube/config, then the in-cluster service account. Exec and auth-provider plugins are
 * handled by client-node's KubeConfig when requests are authenticated; after a 401 the same
 * source and context are read again (`credentials`).
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
// The module, not the package's index: the index also loads the generated API client (see bin/lazy-client-gen.mjs).
import { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import { reloadingCredentials, type Credentials } from "./credentials";
import type { ContextInfo } from "./stream-protocol";

export type ConfigSource = "file" | "KUBECONFIG" | "default-file" | "in-cluster" | "none";

export interface ConnectionOptions {
  kubeconfig?: string;
  context?: string;
}

export interface ClusterTarget {
  kc: KubeConfig;
  source: ConfigSource;
  context: string;
  server: string;
  /** Where the config came from, in words for logs and the UI. */
  origin: string;
  /** `kc` until the cluster rejects it; then the same source and context, read again. */
  credentials: Credentials;
}

export type { ContextInfo };

/** A kubeconfig problem the user can fix; its message says how. */
export class KubeConfigError extends Error {}

const SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export function defaultKubeconfigPath(): string {
  return join(homedir(), ".kube", "config");
}

/** Whether anything would tell us which cluster to read (used to fall back to the lab cluster). */
export function hasClusterConfig(opts: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  if (opts.kubeconfig) return true;
  if (env.KUBECONFIG) return env.KUBECONFIG.split(":").some((p) => p && existsSync(p));
  if (existsSync(defaultKubeconfigPath())) return true;
  return Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync(join(SA_DIR, "token"));
}

export function loadClusterTarget(opts: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): ClusterTarget {
  const kc = new KubeConfig();
  let source: ConfigSource;
  let origin: string;
  try {
    if (opts.kubeconfig) {
      if (!existsSync(opts.kubeconfig)) throw new KubeConfigError(`kubeconfig ${opts.kubeconfig} does not exist`);
      kc.loadFromFile(opts.kubeconfig);
      source = "file";
      origin = opts.kubeconfig;
    } else if (env.KUBECONFIG) {
      // Like kubectl: every existing file of the list, merged, the first one winning.
      const paths = env.KUBECONFIG.split(delimiter).filter((p) => p && existsSync(p));
      if (paths.length === 0) throw new KubeConfigError(`$KUBECONFIG=${env.KUBECONFIG} names no existing file`);
      kc.loadFromFile(paths[0]);
      for (const p of paths.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(p);
        kc.mergeConfig(more, true);
      }
      source = "KUBECONFIG";
      origin = `$KUBECONFIG=${env.KUBECONFIG}`;
    } else if (existsSync(defaultKubeconfigPath())) {
      kc.loadFromFile(defaultKubeconfigPath());
      source = "default-file";
      origin = defaultKubeconfigPath();
    } else if (env.KUBERNETES_SERVICE_HOST && existsSync(join(SA_DIR, "token"))) {
      kc.loadFromCluster();
      source = "in-cluster";
      origin = "in-cluster service account";
    } else {
      throw new KubeConfigError(
        "no cluster configured: no --kubeconfig, no $KUBECONFIG, no ~/.kube/config and not running in a pod. " +
          "Run `rollscope serve --lab` to use the embedded lab cluster.",
      );
    }
  } catch (err) {
    if (err instanceof KubeConfigError) throw err;
    throw new KubeConfigError(`cannot read kubeconfig: ${(err as Error).message}`);
  }
  allowLoopbackHttp(kc);
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConfigError(`context "${opts.context}" is not in ${origin} (known: ${known.join(", ") || "none"})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeConfigError(`${origin}: current context "${kc.getCurrentContext()}" names no cluster`);
  const context = kc.getCurrentContext();
  // The context chosen now, even if the file's current-context changes later.
  const reload = () => loadClusterTarget({ kubeconfig: opts.kubeconfig, context }, env).kc;
  return { kc, source, context, server: cluster.server, origin, credentials: reloadingCredentials(kc, origin, reload) };
}

/**
 * client-node refuses plain http unless skipTLSVerify is set, while kubectl accepts it. A
 * loopback http server (the embedded lab cluster, `kubectl proxy`) has no TLS to verify, so we
 * mark exactly those clusters; remote http servers still fail loudly.
 */
export function allowLoopbackHttp(kc: KubeConfig): void {
  kc.clusters = kc.clusters.map((c) => {
    if (!c.server.startsWith("http:") || c.skipTLSVerify) return c;
    const host = new URL(c.server).hostname;
    const loopback = host === "localhost" || host === "[::1]" || host === "::1" || /^127\./.test(host);
    return loopback ? { ...c, skipTLSVerify: true } : c;
  });
}

/** Contexts of the loaded config, for the UI's picker. */
export function listContexts(target: ClusterTarget): ContextInfo[] {
  return target.kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: target.kc.getCluster(c.cluster)?.server,
    namespace: c.namespace,
    current: c.name === target.context,
  }));
}

/** The namespace the current context defaults to, if it names one. */
export function contextNamespace(target: ClusterTarget): string | undefined {
  return target.kc.getContextObject(target.context)?.namespace;
}
