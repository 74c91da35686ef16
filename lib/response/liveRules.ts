/**
 * What LiveRollouts must know about dependencies between units: which parts of a Deployment or
 * Service its siblings read (the "shape"), and when a unit's output cannot change with the clock.
 */
import { isActivePod, podCondition } from "../model/pod";
import { objectKey, type RawObject } from "../model/raw";
import type { DeploymentView } from "../model/types";
import { serviceSelector, templateLabels } from "../model/wire";

/**
 * The part of a Deployment its namespace's other units read: identity, name, template labels
 * (blue-green and canary siblings, closest match of a selector) and replicas (which one is the
 * canary). A change to anything else recomputes the Deployment alone.
 */
export function deploymentShape(d: RawObject | undefined): string {
  return d ? JSON.stringify([objectKey(d), d.metadata.name, templateLabels(d), d.spec?.replicas]) : "";
}

/** The part of a Service the Deployments of its namespace read (their fallback commands). */
export function serviceShape(s: RawObject | undefined): string {
  return s ? JSON.stringify([objectKey(s), s.metadata.name, serviceSelector(s)]) : "";
}

/**
 * A Deployment's view and findings cannot change with the clock alone when no countdown runs, no
 * next step is predicted and every pod is settled: Ready and available (availability only ever
 * turns true as time passes) or terminating. Starting pods, minReadySeconds windows and "not Ready
 * for 95s" evidence all need a pod that is not.
 */
export function isTimelessDeployment(view: DeploymentView): boolean {
  if (view.next !== undefined || view.deadlineSecondsLeft !== undefined) return false;
  return view.replicaSets.every((rs) => rs.pods.every((p) => (p.state === "Ready" && p.available) || p.state === "Terminating"));
}

/** Findings about these pods cannot change with the clock alone: each is Ready or no longer active. */
export function isTimelessPods(pods: readonly RawObject[]): boolean {
  return pods.every((p) => !isActivePod(p) || podCondition(p, "Ready")?.status === "True");
}
