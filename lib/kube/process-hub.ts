/**
 * The hub of this process, kept on globalThis so the custom server, every route handler bundle
 * and Next's dev reloads share one set of informers. Configured through the environment that
 * `rollscope serve` sets (ROLLSCOPE_KUBECONFIG, ROLLSCOPE_CONTEXT, ROLLSCOPE_NAMESPACE), and
 * ROLLSCOPE_TRACE_ANNOTATIONS.
 */
import { KubeConfigError, listContexts, loadClusterTarget, type ClusterTarget, type ContextInfo } from "./config";
import { projector } from "@/lib/model/projection";
import type { RawObject } from "@/lib/model/raw";
import { createHub, type Hub } from "./hub";
import { RESOURCES } from "./resources";
import type { WireObject } from "./informer";
import { httpInformerIO } from "./transport";

export interface ProcessConnection {
  /** Set when the kubeconfig could not be loaded; the UI shows it instead of a blank page. */
  configError?: string;
  target?: ClusterTarget;
  hub?: Hub;
  /** Namespace the process is limited to (-n), or undefined for every namespace (-A). */
  scope?: string;
  contexts: ContextInfo[];
  /** "context (server)" for logs and the header. */
  clusterLabel: string;
}

const KEY = Symbol.for("rollscope.connection");
const CLOCK = Symbol.for("rollscope.clusterClock");
type WithConnection = typeof globalThis & { [KEY]?: ProcessConnection; [CLOCK]?: ClusterClock };

/** The clock the cluster's timestamps are written with (the lab cluster's may run faster). */
export interface ClusterClock {
  now(): number;
  readonly rate: number;
}

/** Registers the lab cluster's clock; a real cluster uses wall time. */
export function setClusterClock(clock: ClusterClock): void {
  (globalThis as WithConnection)[CLOCK] = clock;
}

export function clusterClock(): ClusterClock {
  return (globalThis as WithConnection)[CLOCK] ?? { now: () => Date.now(), rate: 1 };
}

export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): ProcessConnection {
  const scope = env.ROLLSCOPE_NAMESPACE || undefined;
  let target: ClusterTarget;
  try {
    target = loadClusterTarget({ kubeconfig: env.ROLLSCOPE_KUBECONFIG || undefined, context: env.ROLLSCOPE_CONTEXT || undefined }, env);
  } catch (err) {
    const message = err instanceof KubeConfigError ? err.message : `cannot load kubeconfig: ${(err as Error).message}`;
    return { configError: message, scope, contexts: [], clusterLabel: "none" };
  }
  const projection = { podAnnotations: traceAnnotations(env) };
  const hub = createHub({
    // Listed pages are projected as they arrive (the hub's projection of them is then a no-op copy).
    ioFor: (kind) => {
      const project = projector(kind, projection);
      return httpInformerIO(target.credentials, RESOURCES[kind], scope, { transform: (o) => project(o as RawObject) as WireObject });
    },
    credentials: target.credentials,
    projection,
  });
  return { target, hub, scope, contexts: listContexts(target), clusterLabel: `${target.context} (${target.server})` };
}

/**
 * Pod annotations kept beyond what the views read (ROLLSCOPE_TRACE_ANNOTATIONS, comma-separated):
 * a write timestamp lets a benchmark or an operator time a change end to end through the stream.
 */
export function traceAnnotations(env: NodeJS.ProcessEnv): string[] {
  return (env.ROLLSCOPE_TRACE_ANNOTATIONS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The process's connection, created on first use. */
export function processConnection(): ProcessConnection {
  const g = globalThis as WithConnection;
  if (!g[KEY]) g[KEY] = connectionFromEnv();
  return g[KEY];
}

/** Stops the informers (SIGINT/SIGTERM). */
export function stopProcessConnection(): void {
  const g = globalThis as WithConnection;
  g[KEY]?.hub?.stop();
  delete g[KEY];
}
