/**
 * Server-side printing (meta.k8s.io/v1 Table), as pkg/printers/internalversion/printers.go does it,
 * so `kubectl get deploy|rs|pods -o wide|svc|events` against the lab cluster prints exactly what a
 * real cluster prints. Ages are computed from the lab clock (simulated time).
 */
import { toStored } from "./conversion";
import { fromLabelSelectorSpec, formatLabelSelector } from "./selectors";
import { asStored, STORE, type Pod, type Service, type StorageKey } from "./kinds";
import type { KObj, ResourceInfo } from "./types";

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}
// undefined only in type: a stored object always has metadata.name, which ObjectMeta cannot say.
type Cell = string | number | boolean | undefined;
type Maybe<T> = T | null | undefined;

/** The fields outside spec/status that printers read (Endpoints, EndpointSlices, Events, ConfigMaps, …). */
interface Printable extends KObj {
  subsets?: Maybe<{ addresses?: Maybe<{ ip?: string }>[]; ports?: Maybe<{ port?: number }>[] }>[];
  ports?: Maybe<{ port?: number }>[];
  endpoints?: Maybe<{ addresses?: string[] }>[];
  addressType?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  data?: Record<string, unknown>;
  binaryData?: Record<string, unknown>;
  secrets?: unknown[];
}

/** What the pod printer reads of a container status. */
interface ContainerStatusFields {
  restartCount?: number;
  ready?: boolean;
  state?: { waiting?: { reason?: string }; running?: unknown; terminated?: { exitCode?: number; reason?: string; signal?: number } };
  lastState?: { terminated?: { finishedAt?: string } };
}

interface Condition {
  type?: string;
  status?: string;
}

interface PodTemplateFields {
  spec?: { containers?: Maybe<{ name?: string; image?: string }>[] };
}

type Printer = { columns: Column[]; row: (o: Printable, now: number) => Cell[] };

/** A row printer for the objects of one storage, read as their kind. */
function rowOf<T extends KObj>(storage: StorageKey<T>, row: (o: T, now: number) => Cell[]): Printer["row"] {
  return (o, now) => row(asStored(storage, o), now);
}

const col = (name: string, type = "string", priority = 0, format = ""): Column => ({ name, type, format, description: "", priority });
const NAME = col("Name", "string", 0, "name");
const AGE = col("Age");

/** apimachinery duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

const since = (ts: unknown, now: number): string => {
  if (typeof ts !== "string" || !ts) return "<unknown>";
  const t = Date.parse(ts);
  return Number.isNaN(t) ? "<unknown>" : humanDuration(now - t);
};
const age = (o: KObj, now: number) => since(o.metadata?.creationTimestamp, now);

function selectorString(sel: unknown): string {
  const s = fromLabelSelectorSpec(sel);
  return s && s.length ? formatLabelSelector(s) : "<none>";
}
function mapSelector(m: unknown): string {
  if (!m || typeof m !== "object" || !Object.keys(m).length) return "<none>";
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${(m as Record<string, string>)[k]}`)
    .join(",");
}
const containerNames = (t: Maybe<PodTemplateFields>) => (t?.spec?.containers ?? []).map((c) => c?.name).join(",");
const containerImages = (t: Maybe<PodTemplateFields>) => (t?.spec?.containers ?? []).map((c) => c?.image).join(",");

function podRow(pod: Pod, now: number): Cell[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || "";
  let restarts = 0;
  let lastRestart = 0;
  let readyContainers = 0;
  let initializing = false;
  const noteRestart = (c: Maybe<ContainerStatusFields>) => {
    restarts += Number(c?.restartCount ?? 0);
    const fin = c?.lastState?.terminated?.finishedAt;
    if (fin) lastRestart = Math.max(lastRestart, Date.parse(fin) || 0);
  };
  const inits: Maybe<ContainerStatusFields>[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    noteRestart(c);
    const st = c?.state ?? {};
    if (st.terminated && st.terminated.exitCode === 0) continue;
    if (st.terminated)
      reason = st.terminated.reason
        ? `Init:${st.terminated.reason}`
        : st.terminated.signal
          ? `Init:Signal:${st.terminated.signal}`
          : `Init:ExitCode:${st.terminated.exitCode}`;
    else if (st.waiting?.reason && st.waiting.reason !== "PodInitializing") reason = `Init:${st.waiting.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  const conditions: Maybe<Condition>[] = status.conditions ?? [];
  const initializedTrue = conditions.some((c) => c?.type === "Initialized" && c?.status === "True");
  if (!initializing || initializedTrue) {
    let hasRunning = false;
    const cs: Maybe<ContainerStatusFields>[] = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      noteRestart(c);
      const st = c?.state ?? {};
      if (st.waiting?.reason) reason = st.waiting.reason;
      else if (st.terminated?.reason) reason = st.terminated.reason;
      else if (st.terminated) reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${st.terminated.exitCode}`;
      else if (c?.ready && st.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const ready = conditions.some((c) => c?.type === "Ready" && c?.status === "True");
      reason = ready ? "Running" : "NotReady";
    }
  }
  if (pod.metadata?.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";
  const restartStr = lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const gates: Maybe<{ conditionType?: string }>[] = spec.readinessGates ?? [];
  const gatesStr = gates.length
    ? `${gates.filter((g) => conditions.some((c) => c?.type === g?.conditionType && c?.status === "True")).length}/${gates.length}`
    : "<none>";
  return [
    pod.metadata?.name ?? "",
    `${readyContainers}/${(spec.containers ?? []).length}`,
    reason,
    restartStr,
    age(pod, now),
    status.podIP || "<none>",
    spec.nodeName || "<none>",
    status.nominatedNodeName || "<none>",
    gatesStr,
  ];
}

function servicePorts(spec: Maybe<{ ports?: Maybe<{ port?: number; nodePort?: number; protocol?: string }>[] }>): string {
  const ports = spec?.ports ?? [];
  if (!ports.length) return "<none>";
  return ports.map((p) => (p?.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p?.port}/${p?.protocol}`)).join(",");
}

function externalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case "ExternalName":
      return spec.externalName ?? "<none>";
    case "LoadBalancer": {
      const ingress: Maybe<{ ip?: string; hostname?: string }>[] = svc.status?.loadBalancer?.ingress ?? [];
      const ing = ingress.map((i) => i?.ip || i?.hostname || "").filter(Boolean);
      const all = [...ing, ...ext];
      return all.length ? all.join(",") : "<pending>";
    }
    default:
      return ext.length ? ext.join(",") : "<none>";
  }
}

function moreList(items: string[], empty: string): string {
  if (!items.length) return empty;
  return items.length > 3 ? `${items.slice(0, 3).join(",")} + ${items.length - 3} more...` : items.join(",");
}

const PRINTERS: Record<string, Printer> = {
  deployments: {
    columns: [
      NAME,
      col("Ready"),
      col("Up-to-date", "integer"),
      col("Available", "integer"),
      AGE,
      col("Containers", "string", 1),
      col("Images", "string", 1),
      col("Selector", "string", 1),
    ],
    row: rowOf(STORE.deployments, (d, now) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d, now),
      containerNames(d.spec?.template),
      containerImages(d.spec?.template),
      selectorString(d.spec?.selector),
    ]),
  },
  replicasets: {
    columns: [
      NAME,
      col("Desired", "integer"),
      col("Current", "integer"),
      col("Ready", "integer"),
      AGE,
      col("Containers", "string", 1),
      col("Images", "string", 1),
      col("Selector", "string", 1),
    ],
    row: rowOf(STORE.replicasets, (r, now) => [
      r.metadata.name,
      r.spec?.replicas ?? 0,
      r.status?.replicas ?? 0,
      r.status?.readyReplicas ?? 0,
      age(r, now),
      containerNames(r.spec?.template),
      containerImages(r.spec?.template),
      selectorString(r.spec?.selector),
    ]),
  },
  pods: {
    columns: [
      NAME,
      col("Ready"),
      col("Status"),
      col("Restarts"),
      AGE,
      col("IP", "string", 1),
      col("Node", "string", 1),
      col("Nominated Node", "string", 1),
      col("Readiness Gates", "string", 1),
    ],
    row: rowOf(STORE.pods, podRow),
  },
  services: {
    columns: [NAME, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE, col("Selector", "string", 1)],
    row: rowOf(STORE.services, (s, now) => [
      s.metadata.name,
      s.spec?.type ?? "",
      s.spec?.clusterIP || "<none>",
      externalIP(s),
      servicePorts(s.spec),
      age(s, now),
      mapSelector(s.spec?.selector),
    ]),
  },
  endpoints: {
    columns: [NAME, col("Endpoints"), AGE],
    row: (e, now) => {
      const addrs: string[] = [];
      for (const s of e.subsets ?? []) {
        const ports: Maybe<{ port?: number }>[] = s?.ports?.length ? s.ports : [{}];
        for (const a of s?.addresses ?? []) for (const p of ports) addrs.push(p?.port ? `${a?.ip}:${p.port}` : String(a?.ip));
      }
      return [e.metadata.name, moreList(addrs, "<none>"), age(e, now)];
    },
  },
  endpointslices: {
    columns: [NAME, col("AddressType"), col("Ports"), col("Endpoints"), AGE],
    row: (e, now) => {
      const ports = (e.ports ?? []).map((p) => String(p?.port ?? "<unset>"));
      const addrs = (e.endpoints ?? []).flatMap((x) => x?.addresses ?? []);
      return [e.metadata.name, e.addressType ?? "", ports.length ? ports.join(",") : "<unset>", moreList(addrs, "<unset>"), age(e, now)];
    },
  },
  namespaces: {
    columns: [NAME, col("Status"), AGE],
    row: rowOf(STORE.namespaces, (n, now) => [n.metadata.name, n.status?.phase ?? "", age(n, now)]),
  },
  nodes: {
    columns: [
      NAME,
      col("Status"),
      col("Roles"),
      AGE,
      col("Version"),
      col("Internal-IP", "string", 1),
      col("External-IP", "string", 1),
      col("OS-Image", "string", 1),
      col("Kernel-Version", "string", 1),
      col("Container-Runtime", "string", 1),
    ],
    row: rowOf(STORE.nodes, (n, now) => {
      const nodeConditions: Maybe<Condition>[] = n.status?.conditions ?? [];
      const ready = nodeConditions.find((c) => c?.type === "Ready");
      let status = !ready ? "Unknown" : ready.status === "True" ? "Ready" : ready.status === "False" ? "NotReady" : "Unknown";
      if (n.spec?.unschedulable) status += ",SchedulingDisabled";
      const roles = Object.keys(n.metadata.labels ?? {})
        .filter((k) => k.startsWith("node-role.kubernetes.io/"))
        .map((k) => k.slice("node-role.kubernetes.io/".length))
        .sort();
      const addresses: Maybe<{ type?: string; address?: string }>[] = n.status?.addresses ?? [];
      const addr = (t: string) => addresses.find((a) => a?.type === t)?.address ?? "<none>";
      const info = n.status?.nodeInfo ?? {};
      return [
        n.metadata.name,
        status,
        roles.length ? roles.join(",") : "<none>",
        age(n, now),
        info.kubeletVersion ?? "",
        addr("InternalIP"),
        addr("ExternalIP"),
        info.osImage ?? "<unknown>",
        info.kernelVersion ?? "<unknown>",
        info.containerRuntimeVersion ?? "<unknown>",
      ];
    }),
  },
  events: {
    columns: [
      col("Last Seen"),
      col("Type"),
      col("Reason"),
      col("Object"),
      col("Subobject", "string", 1),
      col("Source", "string", 1),
      col("Message"),
      col("First Seen", "string", 1),
      col("Count", "integer", 1),
      col("Name", "string", 1),
    ],
    row: (e, now) => {
      const first = since(e.firstTimestamp ?? e.eventTime, now);
      const last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
      const io = e.involvedObject ?? {};
      const target = io.name ? `${String(io.kind ?? "").toLowerCase()}/${io.name}` : String(io.kind ?? "").toLowerCase();
      const source = [e.source?.component || e.reportingComponent, e.source?.host || e.reportingInstance].filter(Boolean).join(", ");
      return [
        last,
        e.type ?? "",
        e.reason ?? "",
        target,
        io.fieldPath ?? "",
        source,
        String(e.message ?? "").trim(),
        first,
        e.count || 1,
        e.metadata.name,
      ];
    },
  },
  configmaps: {
    columns: [NAME, col("Data", "integer"), AGE],
    row: (c, now) => [c.metadata.name, Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(c, now)],
  },
  secrets: {
    columns: [NAME, col("Type"), col("Data", "integer"), AGE],
    row: (s, now) => [s.metadata.name, s.type ?? "Opaque", Object.keys(s.data ?? {}).length, age(s, now)],
  },
  serviceaccounts: {
    columns: [NAME, col("Secrets", "integer"), AGE],
    row: (s, now) => [s.metadata.name, (s.secrets ?? []).length, age(s, now)],
  },
  leases: {
    columns: [NAME, col("Holder"), AGE],
    row: rowOf(STORE.leases, (l, now) => [l.metadata.name, l.spec?.holderIdentity ?? "", age(l, now)]),
  },
};

const DEFAULT_PRINTER: Printer = { columns: [NAME, AGE], row: (o, now) => [o.metadata?.name ?? "", age(o, now)] };

export type IncludeObject = "None" | "Metadata" | "Object";

function rowObject(o: KObj, include: IncludeObject): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return o;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata };
}

/** A meta.k8s.io/v1 Table of `items` (served form) of resource `ri`. */
export function toTable(
  ri: ResourceInfo,
  items: KObj[],
  now: number,
  include: IncludeObject,
  listMeta: Record<string, unknown> = {},
  withHeaders = true,
): Record<string, unknown> {
  const p = PRINTERS[ri.storage] ?? DEFAULT_PRINTER;
  // events.k8s.io/v1 rows print like core Events, as the real event printer does for both.
  const printable = (o: KObj) => (ri.group === "events.k8s.io" ? toStored(ri, o) : o);
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    columnDefinitions: withHeaders ? p.columns : null,
    rows: items.map((o) => {
      const object = rowObject(o, include);
      return { cells: p.row(printable(o) as Printable, now), ...(object ? { object } : {}) };
    }),
  };
}
