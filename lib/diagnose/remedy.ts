/**
 * The kubectl commands findings offer as `fix`. One place, so every finding says the same
 * thing about the same situation.
 */
import { templateContainers } from "../model/templates";
import type { RawDeployment } from "../model/rawKinds";

/**
 * Back to the last good version: a canary scales to zero and a serving colour hands traffic to
 * its sibling; otherwise `rollout undo` to the newest older revision when one exists, else
 * (revisionHistoryLimit 0, first revision) set the image by hand.
 */
export function rollbackCommand(d: { raw: RawDeployment; rollbackRevision?: number; fallback?: { command?: string } }): string {
  const name = d.raw.metadata.name ?? "";
  const ns = d.raw.metadata.namespace ?? "";
  if (d.fallback?.command) return d.fallback.command;
  if (d.rollbackRevision !== undefined) return `kubectl rollout undo deployment/${name} --to-revision=${d.rollbackRevision} -n ${ns}`;
  return `kubectl set image deployment/${name} ${firstContainerName(d.raw)}=<last-known-good-image> -n ${ns}`;
}

/** `kubectl patch service` with a JSON merge of `spec`. */
export function patchServiceCommand(name: string, namespace: string, spec: Record<string, unknown>): string {
  return `kubectl patch service/${name} -n ${namespace} -p '${JSON.stringify({ spec })}'`;
}

/** Name of the first container of a Deployment's template. */
export function firstContainerName(d: RawDeployment): string {
  return templateContainers(d.spec?.template)[0]?.name ?? "app";
}
