/**
 * `kubectl rollout status deployment/x` at one instant (kubectl pkg/polymorphichelpers
 * rollout_status.go DeploymentStatusViewer, ROLLOUT-SPEC §10): the first rule that matches.
 */
import { revisionOf } from "./raw";
import type { RawDeployment } from "./rawKinds";
import { records } from "./wire";

/** kubectl prints this before an error (deadline exceeded, revision mismatch); it exits non-zero. */
export const DEADLINE_ERROR_PREFIX = "error: ";

/**
 * The line `kubectl rollout status` prints for this Deployment now; with `revision`, as
 * `--revision=N` does (an error while the Deployment is at another revision).
 */
export function rolloutStatusLine(deployment: RawDeployment, revision?: number): string {
  const name = deployment.metadata.name ?? "";
  const q = JSON.stringify(name);
  if (revision !== undefined && revision > 0) {
    const running = revisionOf(deployment);
    if (running !== revision)
      return `${DEADLINE_ERROR_PREFIX}desired revision (${revision}) is different from the running revision (${running})`;
  }
  const generation = deployment.metadata.generation ?? 0;
  const status = deployment.status ?? {};
  const observed: number = status.observedGeneration ?? 0;
  if (generation > observed) return "Waiting for deployment spec update to be observed...";
  const conds = records<{ type?: string; reason?: string }>(status.conditions);
  const progressing = conds.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") return `${DEADLINE_ERROR_PREFIX}deployment ${q} exceeded its progress deadline`;
  const updated: number = status.updatedReplicas ?? 0;
  const replicas: number = status.replicas ?? 0;
  const available: number = status.availableReplicas ?? 0;
  const wanted: number | undefined = deployment.spec?.replicas;
  if (wanted !== undefined && updated < wanted) {
    return `Waiting for deployment ${q} rollout to finish: ${updated} out of ${wanted} new replicas have been updated...`;
  }
  if (replicas > updated) {
    return `Waiting for deployment ${q} rollout to finish: ${replicas - updated} old replicas are pending termination...`;
  }
  if (available < updated) {
    return `Waiting for deployment ${q} rollout to finish: ${available} of ${updated} updated replicas are available...`;
  }
  return `deployment ${q} successfully rolled out`;
}
