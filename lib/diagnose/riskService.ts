/**
 * The rollout risk a Service sees (issue 16): the budget of the Deployments behind it lets every
 * ready endpoint go at once. Reads the Deployments' specs only (their strategy and replicas), so
 * it holds for a live cluster and for manifests alike.
 */
import { resolveFenceposts } from "../model/fenceposts";
import { selectorMatches } from "../model/raw";
import type { Finding } from "../model/types";
import { serviceSelector, templateLabels } from "../model/wire";
import { refOf, type DiagnoseContext } from "./context";
import type { RawDeployment, RawService } from "../model/rawKinds";

/** The Deployments (of `candidates`) whose pods a Service's selector matches, by template labels. */
export function deploymentsSelectedBy(service: RawService, candidates: readonly RawDeployment[]): RawDeployment[] {
  const selector = serviceSelector(service);
  if (Object.keys(selector).length === 0) return [];
  const ns = service.metadata.namespace ?? "default";
  return candidates.filter(
    (d) =>
      (d.metadata.namespace ?? "default") === ns &&
      selectorMatches(selector as Record<string, string>, templateLabels(d) as Record<string, string>),
  );
}

/** Pods a rollout of `d` keeps available at least: 0 for Recreate, R − maxUnavailable for a rolling update. */
export function rolloutFloor(d: RawDeployment): number {
  const spec = d.spec ?? {};
  if ((spec.strategy?.type ?? "RollingUpdate") === "Recreate") return 0;
  const replicas: number = spec.replicas ?? 1;
  return replicas - resolveFenceposts(spec).maxUnavailable;
}

/**
 * RolloutEmptiesService for one Service: every Deployment behind it may drop to zero available
 * pods during its rollout, and no other Deployment keeps serving through it.
 */
export function emptiesServiceFinding(service: RawService, behind: readonly RawDeployment[]): Finding | undefined {
  const serving = behind.filter((d) => (d.spec?.replicas ?? 1) > 0);
  if (serving.length !== 1) return undefined;
  const d = serving[0];
  if (rolloutFloor(d) > 0) return undefined;
  const name = d.metadata.name ?? "";
  const ns = d.metadata.namespace ?? "default";
  const svc = service.metadata.name ?? "";
  const recreate = d.spec?.strategy?.type === "Recreate";
  const replicas: number = d.spec?.replicas ?? 1;
  const fence = resolveFenceposts(d.spec ?? {});
  const why = recreate
    ? "its strategy is Recreate, which stops every old pod before the first new one starts"
    : `maxUnavailable resolves to ${fence.maxUnavailable} of ${replicas} replicas, so the controller may stop every old pod before a new one is Ready`;
  return {
    code: "RolloutEmptiesService",
    severity: "warning",
    object: refOf(service, "Service"),
    message: `Service ${svc} is served by deployment ${name} alone and ${why}: during its next rollout the Service can have zero ready endpoints and refuse every request. Keep at least one pod available while new ones start.`,
    fix: `kubectl patch deployment/${name} -n ${ns} -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'`,
    evidence: [
      recreate
        ? `deployment/${name} spec.strategy.type=Recreate`
        : `deployment/${name} spec.replicas=${replicas} spec.strategy.rollingUpdate.maxUnavailable=${String(d.spec?.strategy?.rollingUpdate?.maxUnavailable ?? "25%")} (resolved ${fence.maxUnavailable}): minimum available during a rollout ${replicas - fence.maxUnavailable}`,
      `service/${svc} selector ${JSON.stringify(serviceSelector(service))} matches the template of deployment/${name} and of no other Deployment`,
    ],
  };
}

/** RolloutEmptiesService over the context's Services and Deployments. */
export function rolloutEmptiesService(ctx: DiagnoseContext): Finding[] {
  const deployments = ctx.deployments.map((d) => d.raw);
  return ctx.services.flatMap((s) => {
    const f = emptiesServiceFinding(s.raw, deploymentsSelectedBy(s.raw, deployments));
    return f ? [f] : [];
  });
}
