import { isPodTerminal } from "./pods";
import type { Pod, Service } from "../kinds";

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

export interface ResolvedPort {
  name: string;
  protocol: string;
  port: number;
  appProtocol?: string;
}

/**
 * podutil.FindPort: a numeric targetPort as-is (missing → the service port, as defaulting
 * does); a named one looked up among the pod's container ports with the same protocol.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const proto = sp.protocol ?? "TCP";
  for (const c of (pod.spec?.containers ?? []) as { ports?: { name?: string; containerPort: number; protocol?: string }[] }[]) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === proto) return p.containerPort;
  }
  return undefined;
}

/** getEndpointPorts: the service's ports resolved for one pod; unresolvable ones are skipped. */
export function endpointPorts(service: Service, pod: Pod): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const sp of (service.spec?.ports ?? []) as ServicePort[]) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? "", protocol: sp.protocol ?? "TCP", port, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

/** ShouldPodBeInEndpoints: not terminal, has an IP; terminating only when asked. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** The pods a Service with a selector targets. */
export function selectedPods(pods: Pod[], selector: Record<string, string>): Pod[] {
  return pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
}

export function hasSelector(service: Service): service is Service & { spec: { selector: Record<string, string> } } {
  // A nil selector means "endpoints managed by someone else"; {} selects every pod, as in Go.
  return !!service.spec?.selector && service.spec?.type !== "ExternalName";
}

export function podIPv4(pod: Pod): string | undefined {
  const ips: string[] = [pod.status?.podIP, ...((pod.status?.podIPs ?? []) as { ip: string }[]).map((x) => x.ip)].filter(
    (x): x is string => !!x,
  );
  return ips.find((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip));
}
