import { invalid } from "./errors";
import { STORE, type Service } from "./kinds";
import type { Store } from "./store";
import type { KObj } from "./types";

/**
 * Service ClusterIP and NodePort allocation, as the real service registry does it: clusterIPs
 * come from 10.96.0.0/12 (10.96.0.1 is the `kubernetes` Service's), nodePorts from 30000-32767.
 * The used set is read from the store each time: services are few, and there is no allocator
 * state to drift from the data.
 */
const BASE = (10 << 24) | (96 << 16); // 10.96.0.0
const SIZE = 1 << 20; // /12

const toIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
function fromIp(s: string): number | undefined {
  const m = s.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** The Service spec fields allocation reads and writes (the object passed validation). */
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: (ServicePort | null)[];
}

interface ServicePort {
  port?: number;
  nodePort?: number;
}

function specOf(svc: KObj): ServiceSpec | undefined {
  return svc.spec as ServiceSpec | undefined;
}

function nodePorts(svc: KObj): number[] {
  const ports = specOf(svc)?.ports;
  return Array.isArray(ports) ? ports.map((p) => p?.nodePort ?? 0).filter(Boolean) : [];
}

function used(store: Store, field: (s: Service) => (string | number)[]): Set<string | number> {
  const out = new Set<string | number>();
  for (const s of store.list(STORE.services)) for (const v of field(s)) out.add(v);
  return out;
}

/** Fills spec.clusterIP(s), ipFamilies and nodePorts of a new Service; throws 422 on a bad request. */
export function allocateServiceAddresses(store: Store, svc: KObj, random: () => number = Math.random): void {
  const spec = specOf(svc) as ServiceSpec;
  const name = svc.metadata.name ?? "";
  if (spec.type === "ExternalName") return;
  if (spec.clusterIP === "None") {
    spec.clusterIPs = ["None"];
  } else {
    const taken = used(store, (s) => (s.spec?.clusterIP ? [s.spec.clusterIP] : []));
    let ip: string | undefined = spec.clusterIP || spec.clusterIPs?.[0] || undefined;
    if (ip) {
      const n = fromIp(ip);
      if (n === undefined || n < BASE || n >= BASE + SIZE)
        throw invalid("Service", "", name, [
          {
            field: "spec.clusterIPs",
            message: `Invalid value: [${JSON.stringify(ip)}]: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
          },
        ]);
      if (taken.has(ip))
        throw invalid("Service", "", name, [
          {
            field: "spec.clusterIPs",
            message: `Invalid value: [${JSON.stringify(ip)}]: failed to allocate IP ${ip}: provided IP is already allocated`,
          },
        ]);
    } else {
      for (let i = 0; i < 1000 && !ip; i++) {
        const cand = toIp(BASE + 2 + Math.floor(random() * (SIZE - 3)));
        if (!taken.has(cand)) ip = cand;
      }
      if (!ip)
        throw invalid("Service", "", name, [
          { field: "spec.clusterIPs", message: "Internal error: failed to allocate a serviceIP: range is full" },
        ]);
    }
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  spec.ipFamilies ??= ["IPv4"];
  spec.ipFamilyPolicy ??= "SingleStack";
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") {
    const takenPorts = used(store, nodePorts);
    for (const p of spec.ports ?? []) {
      if (!p || p.nodePort) continue;
      for (let i = 0; i < 5000; i++) {
        const cand = 30000 + Math.floor(random() * 2768);
        if (!takenPorts.has(cand)) {
          p.nodePort = cand;
          takenPorts.add(cand);
          break;
        }
      }
    }
  }
}

/** Keeps allocated values when an update omits them (kubectl replace, apply without clusterIP). */
export function keepServiceAddresses(svc: KObj, old: KObj): void {
  const spec = specOf(svc);
  const prev = specOf(old);
  if (!spec || !prev || spec.type === "ExternalName") return;
  if (!spec.clusterIP && prev.clusterIP) spec.clusterIP = prev.clusterIP;
  if (!spec.clusterIPs && prev.clusterIPs) spec.clusterIPs = prev.clusterIPs;
  spec.ipFamilies ??= prev.ipFamilies;
  spec.ipFamilyPolicy ??= prev.ipFamilyPolicy;
  if (Array.isArray(spec.ports) && Array.isArray(prev.ports))
    for (const p of spec.ports) {
      if (p && !p.nodePort && (spec.type === "NodePort" || spec.type === "LoadBalancer")) {
        const q = prev.ports.find((x) => x?.port === p.port);
        if (q?.nodePort) p.nodePort = q.nodePort;
      }
    }
}
