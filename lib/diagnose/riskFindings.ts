/**
 * Risks of a Deployment's next rollout, found before anything fails (issue 16): severity
 * `warning`, each with the fields that prove it and the patch that removes it. They read only the
 * Deployment's own objects, and no clock: a pod's time to Ready is a finished fact.
 */
import { podCondition, readinessProbeSummary } from "../model/pod";
import { revisionOf, timeMs } from "../model/raw";
import type { Finding } from "../model/types";
import { duration, refOf, type DiagnoseContext } from "./context";
import { isBadRollout } from "./workloadFindings";
import type { RawDeployment, RawPod, RawReplicaSet } from "../model/rawKinds";

/** A pod that needed at least this long to become Ready is "slow" for the probe risk. */
export const SLOW_READY_SECONDS = 30;

/** Seconds from a Ready pod's creation to its Ready transition; undefined if not Ready. */
export function readySeconds(pod: RawPod): number | undefined {
  const ready = podCondition(pod, "Ready");
  if (ready?.status !== "True") return undefined;
  const created = timeMs(pod.metadata.creationTimestamp);
  const at = timeMs(ready.lastTransitionTime);
  if (created === undefined || at === undefined || at < created) return undefined;
  return (at - created) / 1000;
}

/** The Ready pod that took longest to become Ready, with its time. */
export function slowestReady(pods: readonly RawPod[]): { pod: RawPod; seconds: number } | undefined {
  let best: { pod: RawPod; seconds: number } | undefined;
  for (const pod of pods) {
    const seconds = readySeconds(pod);
    if (seconds !== undefined && (!best || seconds > best.seconds)) best = { pod, seconds };
  }
  return best;
}

/** The newest revision below `current` among ReplicaSets, if any. */
function olderRevision(replicaSets: readonly RawReplicaSet[], current: number): number | undefined {
  const older = replicaSets.map(revisionOf).filter((r) => r > 0 && r < current);
  return older.length > 0 ? Math.max(...older) : undefined;
}

/**
 * Why `kubectl rollout undo` would fail for this Deployment today, or undefined when it would
 * work (or when this is the first revision: nothing was ever rolled out before it).
 */
export function rollbackBlocker(d: RawDeployment, replicaSets: readonly RawReplicaSet[] | undefined): string | undefined {
  const limit: unknown = d.spec?.revisionHistoryLimit;
  if (limit === 0) return "spec.revisionHistoryLimit is 0: the controller deletes every older ReplicaSet once a rollout completes";
  if (!replicaSets) return undefined;
  const current = Math.max(revisionOf(d), ...replicaSets.map(revisionOf));
  if (current <= 1 || olderRevision(replicaSets, current) !== undefined) return undefined;
  return `it is at revision ${current} and no ReplicaSet of an older revision is left`;
}

/** RollbackNotPossible: the next bad rollout could not be undone. Healthy rollouts only; a failing one gets NoRollbackTarget. */
export function rollbackNotPossible(ctx: DiagnoseContext): Finding[] {
  return ctx.deployments
    .filter((d) => d.fallback === undefined && !isBadRollout(ctx, d))
    .flatMap((d) => {
      const why = rollbackBlocker(d.raw, d.replicaSets);
      return why ? [rollbackFinding(d.raw, why, d.replicaSets)] : [];
    });
}

/** The finding for a Deployment whose rollback is blocked; `replicaSets` undefined for a manifest. */
export function rollbackFinding(d: RawDeployment, why: string, replicaSets?: readonly RawReplicaSet[]): Finding {
  const name = d.metadata.name ?? "";
  const ns = d.metadata.namespace ?? "default";
  const evidence = [`deployment/${name} spec.revisionHistoryLimit=${String(d.spec?.revisionHistoryLimit ?? 10)}`];
  if (replicaSets)
    evidence.push(`owned ReplicaSets: ${replicaSets.map((rs) => `${rs.metadata.name} (revision ${revisionOf(rs)})`).join(", ") || "none"}`);
  return {
    code: "RollbackNotPossible",
    severity: "warning",
    object: refOf(d, "Deployment"),
    message: `If the next version of deployment ${name} goes bad, \`kubectl rollout undo\` will have nothing to return to: ${why}. Keep a few old ReplicaSets (they hold no pods, only the template) so the undo of the lab's bad-v3 loop works.`,
    fix: `kubectl patch deployment/${name} -n ${ns} -p '{"spec":{"revisionHistoryLimit":10}}'`,
    evidence,
  };
}

/** ProgressDeadlineTooShort: a pod of this Deployment needed longer than the deadline to become available. */
export function progressDeadlineTooShort(ctx: DiagnoseContext): Finding[] {
  return ctx.deployments.flatMap((d) => {
    const slow = slowestReady(d.pods);
    if (!slow) return [];
    const f = deadlineFinding(
      d.raw,
      slow.seconds,
      `pod/${slow.pod.metadata.name ?? ""} was created at ${slow.pod.metadata.creationTimestamp ?? "?"} and became Ready at ${podCondition(slow.pod, "Ready")?.lastTransitionTime ?? "?"} (${duration(slow.seconds)})`,
    );
    return f ? [f] : [];
  });
}

/** The deadline finding when a pod needing `readySeconds` (+ minReadySeconds) would outlast it. */
export function deadlineFinding(d: RawDeployment, readySecs: number, proof: string): Finding | undefined {
  const deadline: number = d.spec?.progressDeadlineSeconds ?? 600;
  const minReady: number = d.spec?.minReadySeconds ?? 0;
  const needed = readySecs + minReady;
  if (needed <= deadline) return undefined;
  const name = d.metadata.name ?? "";
  const ns = d.metadata.namespace ?? "default";
  const suggested = Math.ceil((needed * 2) / 60) * 60;
  return {
    code: "ProgressDeadlineTooShort",
    severity: "warning",
    object: refOf(d, "Deployment"),
    message: `A pod of deployment ${name} needs about ${duration(needed)} to become available, longer than its progressDeadlineSeconds (${deadline}s). The next rollout will be marked ProgressDeadlineExceeded (and \`kubectl rollout status\` will fail the pipeline) while it is still progressing normally.`,
    fix: `kubectl patch deployment/${name} -n ${ns} -p '{"spec":{"progressDeadlineSeconds":${suggested}}}'`,
    evidence: [proof, `deployment/${name} spec.progressDeadlineSeconds=${deadline} spec.minReadySeconds=${minReady}`],
  };
}

/** ReadinessProbeBlind: a tcpSocket-only probe on pods that take long to become Ready. */
export function readinessProbeBlind(ctx: DiagnoseContext): Finding[] {
  return ctx.deployments.flatMap((d) => {
    const slow = slowestReady(d.pods);
    if (!slow || slow.seconds < SLOW_READY_SECONDS) return [];
    const f = blindProbeFinding(d.raw, `pod/${slow.pod.metadata.name ?? ""} took ${duration(slow.seconds)} from creation to Ready`);
    return f ? [f] : [];
  });
}

/** The blind-probe finding when the template's first container probes only a TCP port. */
export function blindProbeFinding(d: RawDeployment, proof: string): Finding | undefined {
  const probe = readinessProbeSummary(d.spec?.template?.spec);
  if (probe?.kind !== "tcpSocket") return undefined;
  const name = d.metadata.name ?? "";
  const ns = d.metadata.namespace ?? "default";
  const port = /:(\S+)$/.exec(probe.detail)?.[1] ?? "8080";
  const patch = [
    {
      op: "replace",
      path: "/spec/template/spec/containers/0/readinessProbe",
      value: { httpGet: { path: "/healthz", port: /^\d+$/.test(port) ? Number(port) : port }, periodSeconds: probe.periodSeconds },
    },
  ];
  return {
    code: "ReadinessProbeBlind",
    severity: "warning",
    object: refOf(d, "Deployment"),
    message: `Deployment ${name}'s readiness probe only opens a TCP connection (${probe.detail}), yet its pods take long to start. A server that binds its port before the model is loaded passes that probe early: the Service sends it requests it fails, and the rollout removes old pods too soon. Probe an endpoint that answers only once the app can serve.`,
    fix: `kubectl patch deployment/${name} -n ${ns} --type=json -p '${JSON.stringify(patch)}'`,
    evidence: [`deployment/${name} spec.template.spec.containers[0].readinessProbe ${probe.detail}`, proof],
  };
}
