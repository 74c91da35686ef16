import { parseQuantity } from "../../model/quantity";
import type { Node, NodeSelectorRequirement, Pod, Toleration } from "./wire";

/**
 * The lab's default-scheduler, pure: filters Nodes the way the real plugins do (unschedulable,
 * taints, nodeSelector, resources and pod count), scores the survivors (fewest pods of the same
 * owner, then least requested, then name) and explains failures with the real FitError message.
 */
export type ScheduleResult = { node: string } | { unschedulable: string };

/** Requests that matter to the lab: every resource a container asks for, plus the pod slot. */
export function podRequests(pod: Pod): Map<string, number> {
  const sum = new Map<string, number>();
  const add = (into: Map<string, number>, reqs: Record<string, string> | undefined) => {
    for (const [k, v] of Object.entries(reqs ?? {})) into.set(k, (into.get(k) ?? 0) + parseQuantity(v));
  };
  for (const c of pod.spec.containers) add(sum, c.resources?.requests);
  // Init containers run one at a time: the pod needs the largest of them or the sum of the rest.
  for (const c of pod.spec.initContainers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {})) sum.set(k, Math.max(sum.get(k) ?? 0, parseQuantity(v)));
  }
  add(sum, pod.spec.overhead);
  return sum;
}

function tolerates(tolerations: readonly Toleration[], key: string, value: string | undefined, effect: string): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== effect) return false;
    if (t.operator === "Exists") return !t.key || t.key === key;
    return t.key === key && (t.value ?? "") === (value ?? "");
  });
}

interface NodeVerdict {
  reasons: string[];
  /** Preemption could help only when resources are short. */
  resolvable: boolean;
}

function filter(pod: Pod, node: Node, podsOnNode: readonly Pod[]): NodeVerdict {
  if (node.spec?.unschedulable) return { reasons: ["node(s) were unschedulable"], resolvable: false };
  const tolerations = pod.spec.tolerations ?? [];
  for (const t of node.spec?.taints ?? []) {
    if (t.effect !== "NoSchedule" && t.effect !== "NoExecute") continue;
    if (!tolerates(tolerations, t.key, t.value, t.effect)) {
      return { reasons: [`node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`], resolvable: false };
    }
  }
  const labels = node.metadata.labels ?? {};
  const selectorOk = Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Terms are ORed, the expressions inside one term ANDed (matchFields is not modelled).
  const affinityOk = !terms?.length || terms.some((t) => (t.matchExpressions ?? []).every((r) => matches(r, labels)));
  if (!selectorOk || !affinityOk) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
  const allocatable = node.status?.allocatable ?? {};
  const reasons: string[] = [];
  if (podsOnNode.length + 1 > parseQuantity(allocatable.pods ?? "110")) reasons.push("Too many pods");
  const used = new Map<string, number>();
  for (const p of podsOnNode) for (const [k, v] of podRequests(p)) used.set(k, (used.get(k) ?? 0) + v);
  for (const [k, v] of podRequests(pod)) {
    if (v <= 0) continue;
    // Float noise from millicores must not flip a fit: compare in micro-units.
    const free = parseQuantity(allocatable[k]) - (used.get(k) ?? 0);
    if (Math.round(v * 1e6) > Math.round(free * 1e6)) reasons.push(`Insufficient ${k}`);
  }
  return { reasons, resolvable: true };
}

// Scoring counts a container without requests as 100m cpu / 200Mi memory (the real scheduler's
// non-zero defaults), so request-less pods still spread across nodes.
const NON_ZERO = { cpu: 0.1, memory: 200 * 2 ** 20 };

function scoringRequest(pod: Pod, k: "cpu" | "memory"): number {
  return pod.spec.containers.reduce((s, c) => {
    const q = c.resources?.requests?.[k];
    return s + (q === undefined ? NON_ZERO[k] : parseQuantity(q));
  }, 0);
}

function matches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return v !== undefined && values.includes(v);
    case "NotIn":
      return v === undefined || !values.includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
    case "Gt":
    case "Lt": {
      const n = Number.parseInt(v ?? "", 10);
      const ref = Number.parseInt(values[0] ?? "", 10);
      if (Number.isNaN(n) || Number.isNaN(ref)) return false;
      return r.operator === "Gt" ? n > ref : n < ref;
    }
  }
}

function ownerUID(pod: Pod): string | undefined {
  const refs = pod.metadata.ownerReferences as { uid?: string; controller?: boolean }[] | undefined;
  return refs?.find((r) => r.controller)?.uid;
}

/**
 * Picks a node for `pod`. `podsOn(node)` are the non-terminal pods bound to that node
 * (terminating ones included: their resources are still held).
 */
export function schedulePod(pod: Pod, nodes: readonly Node[], podsOn: (node: string) => readonly Pod[]): ScheduleResult {
  const fits: { node: Node; siblings: number; load: number }[] = [];
  const histogram = new Map<string, number>();
  let unresolvable = 0;
  const owner = ownerUID(pod);
  for (const node of nodes) {
    const on = podsOn(node.metadata.name);
    const verdict = filter(pod, node, on);
    if (verdict.reasons.length === 0) {
      const allocatable = node.status?.allocatable ?? {};
      let load = 0;
      for (const k of ["cpu", "memory"] as const) {
        const cap = parseQuantity(allocatable[k]);
        const used = on.reduce((s, p) => s + scoringRequest(p, k), 0) + scoringRequest(pod, k);
        if (cap > 0) load += used / cap;
      }
      const siblings = owner ? on.filter((p) => ownerUID(p) === owner).length : 0;
      fits.push({ node, siblings, load });
      continue;
    }
    if (!verdict.resolvable) unresolvable++;
    for (const r of verdict.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  }
  if (fits.length > 0) {
    fits.sort((a, b) => a.siblings - b.siblings || a.load - b.load || a.node.metadata.name.localeCompare(b.node.metadata.name));
    return { node: fits[0].node.metadata.name };
  }
  return { unschedulable: fitErrorMessage(nodes.length, histogram, unresolvable) };
}

/** framework.FitError.Error(): reasons as "count reason", sorted as strings, then the preemption verdict. */
export function fitErrorMessage(total: number, histogram: ReadonlyMap<string, number>, unresolvable: number): string {
  const reasons = [...histogram].map(([r, n]) => `${n} ${r}`).sort();
  const head =
    total === 0
      ? "0/0 nodes are available: no nodes available to schedule pods."
      : `0/${total} nodes are available: ${reasons.join(", ")}.`;
  if (total === 0) return head;
  const post: string[] = [];
  if (unresolvable > 0) post.push(`${unresolvable} Preemption is not helpful for scheduling`);
  if (total - unresolvable > 0) post.push(`${total - unresolvable} No preemption victims found for incoming pod`);
  return `${head} preemption: 0/${total} nodes are available: ${post.sort().join(", ")}.`;
}
