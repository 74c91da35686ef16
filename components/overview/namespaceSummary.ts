/**
 * The all-namespaces view at cluster scale: one summary row per namespace (Deployments, pods by
 * state, rollout phases, error findings) instead of every stage. Pod counts are cached per
 * DeploymentView, which the model keeps === while nothing of it changed, so a flush costs the
 * Deployments it touched.
 */
import type { DeploymentView, Finding, PodState, RolloutPhase, ServiceView } from "@/lib/model";

/** Past either, the all-namespaces page summarises namespaces and opens their stages on demand. */
export const SUMMARY_FROM = { deployments: 20, pods: 2_000 } as const;

export interface NamespaceGroup {
  namespace: string;
  deployments: DeploymentView[];
  services: ServiceView[];
}

export interface NamespaceSummary {
  namespace: string;
  deployments: number;
  services: number;
  pods: number;
  podsByState: Partial<Record<PodState, number>>;
  phases: Partial<Record<RolloutPhase, number>>;
  errors: number;
}

const podCache = new WeakMap<DeploymentView, Partial<Record<PodState, number>>>();

/** Pods of one Deployment by state (cached on the view's identity). */
export function podsByState(d: DeploymentView): Partial<Record<PodState, number>> {
  let counts = podCache.get(d);
  if (!counts) {
    counts = {};
    for (const rs of d.replicaSets) for (const p of rs.pods) counts[p.state] = (counts[p.state] ?? 0) + 1;
    podCache.set(d, counts);
  }
  return counts;
}

export function totalPods(groups: readonly NamespaceGroup[]): number {
  let n = 0;
  for (const g of groups) for (const d of g.deployments) for (const c of Object.values(podsByState(d))) n += c;
  return n;
}

export function atClusterScale(groups: readonly NamespaceGroup[]): boolean {
  const deployments = groups.reduce((n, g) => n + g.deployments.length, 0);
  return deployments > SUMMARY_FROM.deployments || totalPods(groups) > SUMMARY_FROM.pods;
}

export function summariseNamespaces(groups: readonly NamespaceGroup[], findings: readonly Finding[]): NamespaceSummary[] {
  const errors = new Map<string, number>();
  for (const f of findings) if (f.severity === "error") errors.set(f.object.namespace, (errors.get(f.object.namespace) ?? 0) + 1);
  return groups.map((g) => {
    const s: NamespaceSummary = {
      namespace: g.namespace,
      deployments: g.deployments.length,
      services: g.services.length,
      pods: 0,
      podsByState: {},
      phases: {},
      errors: errors.get(g.namespace) ?? 0,
    };
    for (const d of g.deployments) {
      s.phases[d.phase] = (s.phases[d.phase] ?? 0) + 1;
      for (const [state, n] of Object.entries(podsByState(d)) as [PodState, number][]) {
        s.podsByState[state] = (s.podsByState[state] ?? 0) + n;
        s.pods += n;
      }
    }
    return s;
  });
}
