import type { Obj } from "./kubeapi";
import type { Snapshot } from "./recorder";
import type { Until } from "./types";

function n(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

function owned(s: Snapshot, name: string): Obj[] {
  const d = s.deployments.find((x) => x.metadata.name === name);
  if (!d) return [];
  return s.replicaSets.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
}

function revision(rs: Obj): number {
  return Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
}

function isComplete(s: Snapshot, name: string): boolean {
  const d = s.deployments.find((x) => x.metadata.name === name);
  if (!d?.status || !d.spec) return false;
  const gen = (d.metadata as { generation?: number }).generation ?? 0;
  const r = n(d.spec.replicas);
  const st = d.status;
  if (n(st.observedGeneration) < gen) return false;
  if (n(st.updatedReplicas) !== r || n(st.replicas) !== r || n(st.availableReplicas) !== r) return false;
  const rss = owned(s, name);
  const newest = Math.max(0, ...rss.map(revision));
  // Old RSes scaled to zero with no pods left, so the trace ends in the steady state.
  return rss.every((rs) => revision(rs) === newest || (n(rs.spec?.replicas) === 0 && n(rs.status?.replicas) === 0));
}

function isStuck(s: Snapshot, name: string): boolean {
  const d = s.deployments.find((x) => x.metadata.name === name);
  const conds = (d?.status?.conditions as { type: string; status: string; reason?: string }[] | undefined) ?? [];
  return conds.some((c) => c.type === "Progressing" && c.status === "False" && c.reason === "ProgressDeadlineExceeded");
}

function readyEndpoints(s: Snapshot, svc: string): number {
  let count = 0;
  for (const sl of s.slices) {
    if (sl.metadata.labels?.["kubernetes.io/service-name"] !== svc) continue;
    const eps = (sl.endpoints as { conditions?: { ready?: boolean } }[] | undefined) ?? [];
    count += eps.filter((e) => e.conditions?.ready === true).length;
  }
  return count;
}

export function describeUntil(u: Until): string {
  return JSON.stringify(u);
}

export function holds(u: Until, s: Snapshot): boolean {
  if ("complete" in u) return isComplete(s, u.complete);
  if ("stuck" in u) return isStuck(s, u.stuck);
  if ("rolling" in u) {
    const rss = owned(s, u.rolling);
    if (rss.length < 2) return false;
    const newest = rss.reduce((a, b) => (revision(b) > revision(a) ? b : a));
    return (
      n(newest.spec?.replicas) >= (u.newSpec ?? 1) &&
      n(newest.status?.replicas) >= (u.newPods ?? 0) &&
      n(newest.status?.readyReplicas) >= (u.newReady ?? 0)
    );
  }
  if ("totalSpec" in u) {
    const rss = owned(s, u.totalSpec);
    const sum = (f: (rs: (typeof rss)[number]) => unknown) => rss.reduce((a, rs) => a + n(f(rs)), 0);
    return (
      sum((rs) => rs.spec?.replicas) === u.equals &&
      (u.pods === undefined || sum((rs) => rs.status?.replicas) === u.pods) &&
      (u.ready === undefined || sum((rs) => rs.status?.readyReplicas) === u.ready)
    );
  }
  return readyEndpoints(s, u.endpoints) === u.ready;
}

/**
 * The part of a recorded state a wait is about: its deployment's ReplicaSets and conditions, or
 * its Service's endpoint count. Other deployments move on their own clock (canary, blue-green).
 */
export function scopeState(state: string, u: Until): string {
  const name =
    "complete" in u ? u.complete : "stuck" in u ? u.stuck : "rolling" in u ? u.rolling : "totalSpec" in u ? u.totalSpec : undefined;
  const parts = state.split(" ");
  if (name === undefined) return parts.filter((p) => "endpoints" in u && p.startsWith(`svc/${u.endpoints}=`)).join(" ");
  return parts.filter((p) => p.startsWith(`${name}#`) || p.startsWith(`${name}[`)).join(" ");
}
