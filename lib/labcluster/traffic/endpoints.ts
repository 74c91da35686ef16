/**
 * Which endpoints of a Service kube-proxy sends a connection to, from its EndpointSlices
 * (pkg/proxy/topology.go CategorizeEndpoints, ProxyTerminatingEndpoints GA): the ready ones;
 * only when none is ready, the ones that are serving and terminating. Pure.
 */
import type { KObj } from "../types";

export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** The pod behind it (targetRef), for answers and failures. */
  pod: string;
  ready: boolean;
  terminating: boolean;
}

interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  targetRef?: { name?: string };
}

interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
}

/** Every endpoint of the slices that carries the Service port named `portName` ("" for an unnamed port). */
export function sliceEndpoints(slices: readonly KObj[], portName: string): ProxyEndpoint[] {
  const out = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    const ports = (slice.ports ?? []) as SlicePort[];
    const port = ports.find((p) => (p.name ?? "") === portName && (p.protocol ?? "TCP") === "TCP")?.port;
    if (port === undefined) continue;
    for (const e of (slice.endpoints ?? []) as SliceEndpoint[]) {
      const ip = e.addresses?.[0];
      if (!ip || out.has(`${ip}:${port}`)) continue;
      // Unset conditions mean ready (and serving = ready), as the API documents.
      const ready = e.conditions?.ready ?? true;
      const serving = e.conditions?.serving ?? ready;
      const terminating = e.conditions?.terminating ?? false;
      if (!ready && !(serving && terminating)) continue;
      out.set(`${ip}:${port}`, { ip, port, pod: e.targetRef?.name ?? ip, ready, terminating });
    }
  }
  return [...out.values()];
}

/** kube-proxy's rule: ready endpoints; if there are none, the serving-and-terminating ones. */
export function usableEndpoints(slices: readonly KObj[], portName: string): ProxyEndpoint[] {
  const all = sliceEndpoints(slices, portName);
  const ready = all.filter((e) => e.ready);
  return ready.length > 0 ? ready : all.filter((e) => e.terminating);
}
