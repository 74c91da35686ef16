import { ApiException, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from "@kubernetes/client-node";
import type { Clock } from "../clock";

/**
 * The lab kubelet's only door to the cluster: the Kubernetes API through @kubernetes/client-node,
 * so kubeconfig, TLS and bearer tokens work against the lab server and a real kube-apiserver alike.
 * Every call returns plain JSON. Failures are sorted into what callers act on: `gone` (404: forget
 * the object), `conflict` (409), and transient errors, which are retried here with capped backoff.
 */
export type WireObject = Record<string, unknown>;

export class GoneError extends Error {}
export class ConflictError extends Error {}

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Connection-level failures worth retrying (server restarting, connection dropped). */
export function isNetworkError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code)) return true;
    const msg = e instanceof Error ? e.message : "";
    if (/fetch failed|socket hang up|ECONN|EPIPE|ETIMEDOUT|network|terminated|other side closed/i.test(msg)) return true;
  }
  return false;
}

/** HTTP status of a client-node failure, or undefined for network-level errors. */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown; statusCode?: unknown } | null)?.code ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === "number" ? code : undefined;
}

// Typed client results carry Dates and class instances; a JSON round trip makes them wire JSON again.
function plain<T>(v: T): WireObject {
  return JSON.parse(JSON.stringify(v)) as WireObject;
}

export class KubeletApi {
  readonly core: CoreV1Api;
  private stopped = false;

  constructor(
    kc: KubeConfig,
    private readonly clock: Clock,
    private readonly log: (msg: string) => void,
  ) {
    this.core = kc.makeApiClient(CoreV1Api);
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs `call`, retrying transient failures (connection refused or dropped, 5xx, 429) with
   * backoff 200ms → 30s in simulated time. 404 → GoneError, 409 → ConflictError; other errors
   * (4xx, a broken kubeconfig) are thrown.
   */
  async retry<T>(what: string, call: () => Promise<T>): Promise<T> {
    let delay = 200;
    for (;;) {
      try {
        return await call();
      } catch (err) {
        const code = statusOf(err);
        if (code === 404) throw new GoneError(what);
        if (code === 409) throw new ConflictError(what);
        if (code !== undefined && code < 500 && code !== 429) throw err;
        if (code === undefined && !isNetworkError(err)) throw err;
        if (this.stopped) throw err;
        this.log(`${what}: ${err instanceof Error ? err.message : String(err)}; retrying in ${delay}ms`);
        await new Promise<void>((resolve) => this.clock.after(delay, resolve));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  // `as never`: the generated signatures want model class instances, but the serializer takes
  // plain wire JSON as is (strings stay strings), which is what the pure core produces.
  async createNode(node: WireObject): Promise<WireObject> {
    return plain(await this.retry("create node", () => this.core.createNode({ body: node as never })));
  }

  async readNode(name: string): Promise<WireObject> {
    return plain(await this.retry(`get node ${name}`, () => this.core.readNode({ name })));
  }

  async patchNodeStatus(name: string, patch: WireObject): Promise<void> {
    await this.retry(`patch node ${name} status`, () => this.core.patchNodeStatus({ name, body: patch }, mergePatch));
  }

  async patchNode(name: string, patch: WireObject): Promise<void> {
    await this.retry(`patch node ${name}`, () => this.core.patchNode({ name, body: patch }, mergePatch));
  }

  async bind(namespace: string, name: string, uid: string, node: string): Promise<void> {
    const body = {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name, namespace, uid },
      target: { apiVersion: "v1", kind: "Node", name: node },
    };
    await this.retry(`bind ${namespace}/${name}`, () => this.core.createNamespacedPodBinding({ name, namespace, body }));
  }

  async patchPodStatus(namespace: string, name: string, patch: WireObject): Promise<void> {
    await this.retry(`patch pod ${namespace}/${name} status`, () =>
      this.core.patchNamespacedPodStatus({ namespace, name, body: patch }, mergePatch),
    );
  }

  /** Removes a pod whose containers have stopped (grace 0, only this incarnation by uid). */
  async deletePod(namespace: string, name: string, uid: string): Promise<void> {
    await this.retry(`delete pod ${namespace}/${name}`, () =>
      this.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0, body: { gracePeriodSeconds: 0, preconditions: { uid } } }),
    );
  }

  async createEvent(namespace: string, event: WireObject): Promise<void> {
    await this.retry(`create event in ${namespace}`, () => this.core.createNamespacedEvent({ namespace, body: event as never }));
  }

  async patchEvent(namespace: string, name: string, patch: WireObject): Promise<void> {
    await this.retry(`patch event ${namespace}/${name}`, () =>
      this.core.patchNamespacedEvent({ namespace, name, body: patch }, mergePatch),
    );
  }
}
