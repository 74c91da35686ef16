/**
 * Free room on the nodes for a rollout's surge pods: allocatable minus what the active pods bound
 * to each node request (the scheduler's NodeResourcesFit filter), placed first fit. Pure; the
 * simulation owns one mutable copy.
 */
import { parseQuantity } from "../model/quantity";
import { isActivePod } from "../model/pod";
import type { RawNode, RawPod } from "../model/rawKinds";

/** Amounts per resource name: cpu in cores, memory in bytes, extended resources in units, "pods" in slots. */
export type Resources = Record<string, number>;

/** One node's free room and what keeps pods off it. */
export interface NodeRoom {
  name: string;
  labels: Record<string, string>;
  free: Resources;
}

const records = <T>(v: unknown): T[] => (Array.isArray(v) ? v.filter((x): x is T => typeof x === "object" && x !== null) : []);

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/**
 * What one pod of `podSpec` asks the scheduler for. A limit without a request defaults the
 * request (the apiserver does so), which is how `nvidia.com/gpu: 1` is usually written.
 */
export function podRequests(podSpec: { containers?: unknown; initContainers?: unknown } | undefined): Resources {
  const sum: Resources = { pods: 1 };
  const requests = (c: Container): Record<string, string> => ({ ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) });
  for (const c of records<Container>(podSpec?.containers))
    for (const [k, v] of Object.entries(requests(c))) sum[k] = (sum[k] ?? 0) + parseQuantity(v);
  for (const c of records<Container>(podSpec?.initContainers))
    for (const [k, v] of Object.entries(requests(c))) sum[k] = Math.max(sum[k] ?? 0, parseQuantity(v));
  return sum;
}

/** A node taint or a pod toleration, as served. */
interface Taint {
  key?: string;
  value?: string;
  effect?: string;
}
interface Toleration extends Taint {
  operator?: string;
}

/** What a Node offers pods: its allocatable room and what keeps pods off it. */
export interface NodeOffer {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
  /** Taints that keep pods off (NoSchedule, NoExecute). */
  taints: Taint[];
  allocatable: Resources;
}

/** The parts of a pod template that decide where its pods may go and how much room each takes. */
export interface PodAsk {
  requests: Resources;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
}

/** A Node's offer; allocatable "pods" defaults to the kubelet's 110. */
export function nodeOffer(n: RawNode): NodeOffer {
  const alloc = (n.status?.allocatable ?? {}) as Record<string, string>;
  const allocatable: Resources = { pods: parseQuantity(alloc.pods ?? "110") };
  for (const [k, v] of Object.entries(alloc)) if (k !== "pods") allocatable[k] = parseQuantity(v);
  return {
    name: n.metadata.name ?? "",
    labels: n.metadata.labels ?? {},
    unschedulable: n.spec?.unschedulable === true,
    taints: records<Taint>(n.spec?.taints).filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute"),
    allocatable,
  };
}

/** What pods of `podSpec` ask of a node. */
export function podAsk(podSpec: Record<string, unknown> | undefined): PodAsk {
  const selector = podSpec?.nodeSelector;
  return {
    requests: podRequests(podSpec),
    nodeSelector: typeof selector === "object" && selector !== null ? (selector as Record<string, string>) : {},
    tolerations: records<Toleration>(podSpec?.tolerations),
  };
}

/** Whether the scheduler may put a pod that asks `ask` on `node` at all (room aside). */
export function admits(node: NodeOffer, ask: Pick<PodAsk, "nodeSelector" | "tolerations">): boolean {
  if (node.unschedulable) return false;
  if (!Object.entries(ask.nodeSelector).every(([k, v]) => node.labels[k] === v)) return false;
  return node.taints.every((t) => ask.tolerations.some((tol) => tolerates(tol, t)));
}

function tolerates(tol: Toleration, t: Taint): boolean {
  if (tol.effect && tol.effect !== t.effect) return false;
  if (!tol.key) return tol.operator === "Exists";
  if (tol.key !== t.key) return false;
  return tol.operator === "Exists" || (tol.value ?? "") === (t.value ?? "");
}

/** The node an active pod is bound to and the room it holds there; undefined when it holds none. */
export function podUsage(p: RawPod): { node: string; requests: Resources } | undefined {
  const node = p.spec?.nodeName as string | undefined;
  if (!node || !isActivePod(p)) return undefined;
  return { node, requests: podRequests(p.spec) };
}

/** Allocatable minus `used`. */
export function freeRoom(offer: NodeOffer, used: Resources | undefined): Resources {
  const free: Resources = {};
  for (const [k, v] of Object.entries(offer.allocatable)) free[k] = v - (used?.[k] ?? 0);
  return free;
}

/** What the active pods bound to each node request, by node name. */
export function usedRoom(pods: readonly RawPod[]): Map<string, Resources> {
  const used = new Map<string, Resources>();
  for (const p of pods) {
    const u = podUsage(p);
    if (!u) continue;
    const sum = used.get(u.node) ?? {};
    for (const [k, v] of Object.entries(u.requests)) sum[k] = (sum[k] ?? 0) + v;
    used.set(u.node, sum);
  }
  return used;
}

/** Free room on each schedulable node that takes pods without tolerations, given every pod of the cluster. */
export function nodeRooms(nodes: readonly RawNode[], pods: readonly RawPod[]): NodeRoom[] {
  const used = usedRoom(pods);
  return nodes
    .map(nodeOffer)
    .filter((o) => admits(o, { nodeSelector: {}, tolerations: [] }))
    .map((o) => ({ name: o.name, labels: o.labels, free: freeRoom(o, used.get(o.name)) }));
}

/** Whether `req` fits into `free` (resources a node does not list have no room). */
export function fits(free: Resources, req: Resources): boolean {
  return Object.entries(req).every(([k, v]) => v <= 0 || Math.round(v * 1e6) <= Math.round((free[k] ?? 0) * 1e6));
}

/** A mutable placement board over node rooms, for one simulation. */
export class Board {
  private readonly rooms: NodeRoom[];
  constructor(
    rooms: readonly NodeRoom[],
    private readonly nodeSelector: Record<string, string> = {},
  ) {
    this.rooms = rooms.map((r) => ({ ...r, free: { ...r.free } }));
  }

  /** Places one pod on the first node it fits; the node's name, or undefined. */
  place(req: Resources): string | undefined {
    const room = this.rooms.find((r) => Object.entries(this.nodeSelector).every(([k, v]) => r.labels[k] === v) && fits(r.free, req));
    if (!room) return undefined;
    for (const [k, v] of Object.entries(req)) room.free[k] = (room.free[k] ?? 0) - v;
    return room.name;
  }

  /** Gives a removed pod's requests back to its node (or the first node when unknown). */
  release(req: Resources, node: string | undefined): void {
    const room = this.rooms.find((r) => r.name === node) ?? this.rooms[0];
    if (!room) return;
    for (const [k, v] of Object.entries(req)) room.free[k] = (room.free[k] ?? 0) + v;
  }

  /** The most any node has free of each resource in `req` (for the evidence). */
  largestFree(req: Resources): Resources {
    const out: Resources = {};
    for (const k of Object.keys(req)) out[k] = Math.max(0, ...this.rooms.map((r) => r.free[k] ?? 0));
    return out;
  }
}

/** "2 cpu, 4Gi memory, 1 nvidia.com/gpu": the resources that matter, for people. */
export function formatResources(r: Resources): string {
  return Object.entries(r)
    .filter(([k, v]) => k !== "pods" && v > 0)
    .map(([k, v]) => (k === "memory" || k.endsWith("storage") ? `${formatBytes(v)} ${k}` : `${round(v)} ${k}`))
    .join(", ");
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function formatBytes(v: number): string {
  for (const [unit, size] of [
    ["Ti", 2 ** 40],
    ["Gi", 2 ** 30],
    ["Mi", 2 ** 20],
    ["Ki", 2 ** 10],
  ] as const)
    if (v >= size) return `${round(v / size)}${unit}`;
  return round(v);
}
