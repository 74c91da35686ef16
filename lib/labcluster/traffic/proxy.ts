/**
 * The lab's kube-proxy: sends a request for a Service to one of its endpoints and dials it on the
 * lab kubelet's pod network. It routes by the EndpointSlices it has *programmed*, which trail the
 * store by `syncMs` (watch propagation plus iptables-min-sync-period on a real node): an endpoint
 * leaves only when a synced slice says so, so a process that dies before that is still sent
 * requests, which are refused (the termination race a preStop delay covers).
 */
import type { Clock } from "../clock";
import type { PodNetwork } from "../kubelet";
import type { Store } from "../store";
import type { Service } from "../kinds";
import type { KObj } from "../types";
import { usableEndpoints } from "./endpoints";
import { RequestCounters } from "./metrics";

/** How one request through the Service ended. */
export type ProxyResult =
  { kind: "answered"; version: string; pod: string } | { kind: "failed"; cause: FailureCause; pod?: string; message: string };

/** Closed set of failure causes, as the traffic picture and the CLI name them. */
export type FailureCause = "connection refused" | "503 loading" | "no endpoints";

export interface ServiceProxyOptions {
  store: Store;
  clock: Clock;
  network: PodNetwork;
  /** Simulated ms from an EndpointSlice change to the proxy routing by it. Default 1000. */
  syncMs?: number;
}

const SERVICE_LABEL = "kubernetes.io/service-name";

export class ServiceProxy {
  private programmed = new Map<string, KObj[]>();
  private readonly next = new Map<string, number>();
  private cancelSync: (() => void) | undefined;
  private readonly unsubscribe: () => void;
  /** Every routed request, counted for GET /rollscope/lab/metrics. */
  readonly counters = new RequestCounters();

  constructor(private readonly opts: ServiceProxyOptions) {
    this.sync();
    this.unsubscribe = opts.store.subscribe((ev) => {
      if (ev.storage === "endpointslices" && !this.cancelSync) this.cancelSync = opts.clock.after(opts.syncMs ?? 1000, () => this.sync());
    });
  }

  /** Routes one request to `service`'s port `portName` (the Service's first port when undefined). */
  request(namespace: string, service: Service, portName?: string): ProxyResult {
    const r = this.route(namespace, service, portName);
    this.counters.add(namespace, service.metadata.name ?? "", r);
    return r;
  }

  private route(namespace: string, service: Service, portName?: string): ProxyResult {
    const ports = service.spec?.ports ?? [];
    const port =
      portName === undefined
        ? ports[0]
        : ports.find((p) => (p.name ?? "") === portName || String((p as { port?: number }).port) === portName);
    const name = service.metadata.name ?? "";
    const key = `${namespace}/${name}`;
    const endpoints = port ? usableEndpoints(this.programmed.get(key) ?? [], port.name ?? "") : [];
    if (endpoints.length === 0) return { kind: "failed", cause: "no endpoints", message: `no endpoints available for service "${name}"` };
    // Round robin (kube-proxy's IPVS default): a canary's share is exact, runs are reproducible.
    const i = this.next.get(key) ?? 0;
    this.next.set(key, i + 1);
    const ep = endpoints[i % endpoints.length]!;
    const conn = this.opts.network.connect(ep.ip, ep.port);
    if (conn.kind === "answered") return { kind: "answered", version: conn.version, pod: conn.pod };
    if (conn.kind === "loading") return { kind: "failed", cause: "503 loading", pod: ep.pod, message: "model loading" };
    return {
      kind: "failed",
      cause: "connection refused",
      pod: ep.pod,
      message: `error trying to reach service: dial tcp ${ep.ip}:${ep.port}: connect: connection refused`,
    };
  }

  stop(): void {
    this.unsubscribe();
    this.cancelSync?.();
  }

  private sync(): void {
    this.cancelSync = undefined;
    const bySvc = new Map<string, KObj[]>();
    for (const s of this.opts.store.list("endpointslices")) {
      const svc = s.metadata.labels?.[SERVICE_LABEL];
      if (!svc) continue;
      const key = `${s.metadata.namespace}/${svc}`;
      bySvc.set(key, [...(bySvc.get(key) ?? []), s]);
    }
    this.programmed = bySvc;
  }
}
