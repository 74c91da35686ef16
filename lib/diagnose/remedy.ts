/**
 * The kubectl commands findings offer as `fix`. One place, so every finding says the same
 * thing about the same situation.
 */
import type { DeploymentFacts } from "./context";
import { firstContainerName } from "./context";

/**
 * Back to the last good version: `rollout undo` to the newest older revision when one exists;
 * otherwise (revisionHistoryLimit 0, first revision) set the image by hand.
 */
export function rollbackCommand(d: DeploymentFacts): string {
  const name = d.raw.metadata.name ?? "";
  const ns = d.raw.metadata.namespace ?? "";
  if (d.rollbackRevision !== undefined) return `kubectl rollout undo deployment/${name} --to-revision=${d.rollbackRevision} -n ${ns}`;
  return `kubectl set image deployment/${name} ${firstContainerName(d.raw)}=<last-known-good-image> -n ${ns}`;
}

/** `kubectl patch service` with a JSON merge of `spec`. */
export function patchServiceCommand(name: string, namespace: string, spec: Record<string, unknown>): string {
  return `kubectl patch service/${name} -n ${namespace} -p '${JSON.stringify({ spec })}'`;
}
