/**
 * What LiveRollouts must know about dependencies between units: which parts of a Deployment or
 * Service its siblings read (the "shape"), and until when a unit's output stays the same while
 * only the clock moves.
 */
import { neverReadyFrom } from "../diagnose";
import { podViewChangesAt } from "../model/pod";
import { objectKey } from "../model/raw";
import type { DeploymentView } from "../model/types";
import { serviceSelector, templateLabels } from "../model/wire";
import type { RawDeployment, RawPod, RawService } from "../model/rawKinds";

/**
 * The part of a Deployment its namespace's other units read: identity, name, template labels
 * (blue-green and canary siblings, closest match of a selector) and replicas (which one is the
 * canary). A change to anything else recomputes the Deployment alone.
 */
export function deploymentShape(d: RawDeployment | undefined): string {
  return d ? JSON.stringify([objectKey(d), d.metadata.name, templateLabels(d), d.spec?.replicas]) : "";
}

/** The part of a Service the Deployments of its namespace read (their fallback commands). */
export function serviceShape(s: RawService | undefined): string {
  return s ? JSON.stringify([objectKey(s), s.metadata.name, serviceSelector(s)]) : "";
}

/**
 * Until when findings about these pods stay the same as at `now`: the first moment one of them
 * starts to count as "never passes" — after that its evidence says "NotReady for 95s", which
 * changes every second, so the answer is `now` itself (recompute at every tick).
 */
export function podsValidUntil(pods: readonly RawPod[], now: number): number {
  let until = Infinity;
  for (const p of pods) {
    const from = neverReadyFrom(p);
    if (from === undefined) continue;
    if (from <= now) return now;
    until = Math.min(until, from);
  }
  return until;
}

/**
 * Until when a Deployment's view and findings stay the same as at `now`. A countdown, a predicted
 * next step (its deletion ranking reads pod ages) or a Stuck rollout (its evidence gives every
 * NotReady pod's wait) change with every tick; otherwise the earliest pod boundary: the end of a
 * Starting window, of minReadySeconds, or the start of "never passes".
 */
export function deploymentValidUntil(view: DeploymentView, pods: readonly RawPod[], now: number): number {
  if (view.next !== undefined || view.deadlineSecondsLeft !== undefined || view.phase === "Stuck") return now;
  let until = podsValidUntil(pods, now);
  for (const p of pods) until = Math.min(until, podViewChangesAt(p, view.minReadySeconds, now));
  return until;
}
