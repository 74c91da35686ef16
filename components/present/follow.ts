import type { DeploymentView, RolloutsResponse, ServiceView } from "@/lib/model";

/**
 * Which Deployment presentation mode puts on the big screen: the one rolling out (Progressing or
 * Stuck, or Paused mid-way), the most recently started first; when nothing rolls out, the one
 * that changed last. The instructor never has to click while a rollout runs.
 */
export function followTarget(response: RolloutsResponse): { namespace: string; name: string } | undefined {
  const started = (d: DeploymentView) =>
    Math.max(0, ...d.replicaSets.filter((rs) => rs.isNew).map((rs) => Date.parse(rs.createdAt ?? "") || 0));
  const active = response.deployments.filter((d) => d.phase !== "Complete");
  const pool = active.length > 0 ? active : response.deployments;
  const best = [...pool].sort((a, b) => started(b) - started(a) || a.name.localeCompare(b.name))[0];
  return best && { namespace: best.namespace, name: best.name };
}

/** The followed Deployment's view and the Services in front of it, for PresentStage. */
export function presentFocus(
  response: RolloutsResponse,
  focus: { namespace: string; name: string } | undefined,
): { d: DeploymentView | undefined; services: ServiceView[] } {
  const d = focus && response.deployments.find((x) => x.namespace === focus.namespace && x.name === focus.name);
  if (!d) return { d: undefined, services: [] };
  return { d, services: response.services.filter((s) => s.namespace === d.namespace && s.backends.some((b) => b.deployment === d.name)) };
}
