/**
 * Findings about Deployments and their pods: probes, deadlines, pauses, rollback targets and
 * the pod failures the kubelet and scheduler report.
 */
import { containerStatuses, failedWaiting, IMAGE_PULL_REASONS, isActivePod, podCondition, readinessProbeSummary } from "../model/pod";
import { templateContainers } from "../model/templates";
import { revisionOf, timeMs } from "../model/raw";
import type { Finding, ProbeSummary } from "../model/types";
import { deploymentOfPod, duration, latestEvent, refOf, type DeploymentFacts, type DiagnoseContext } from "./context";
import { rollbackCommand } from "./remedy";
import type { RawPod } from "../model/rawKinds";

/** A pod not Ready for at least this long after its probe could first have passed is "never passes". */
export const NEVER_READY_MIN_SECONDS = 60;

/**
 * Running, probed, not Ready: how long it has been NotReady, when past the threshold (or at all,
 * with `anyDuration`).
 */
export function neverReadyFor(pod: RawPod, now: number, anyDuration = false): { seconds: number; probe: ProbeSummary } | undefined {
  const w = notReadyWait(pod);
  if (!w) return undefined;
  const seconds = (now - w.since) / 1000;
  return anyDuration || seconds >= w.thresholdSeconds ? { seconds, probe: w.probe } : undefined;
}

/**
 * When a pod that is running, probed and not Ready starts to count as "never passes"
 * (neverReadyFor turns defined); undefined for any other pod.
 */
export function neverReadyFrom(pod: RawPod): number | undefined {
  const w = notReadyWait(pod);
  return w ? w.since + w.thresholdSeconds * 1000 : undefined;
}

function notReadyWait(pod: RawPod): { since: number; thresholdSeconds: number; probe: ProbeSummary } | undefined {
  if (!isActivePod(pod) || pod.status?.phase !== "Running") return undefined;
  const probe = readinessProbeSummary(pod.spec);
  if (!probe) return undefined;
  const ready = podCondition(pod, "Ready");
  if (ready?.status === "True") return undefined;
  const statuses = containerStatuses(pod);
  if (statuses.length === 0 || statuses.some((c) => !c.state?.running)) return undefined;
  const started = Math.max(...statuses.map((c) => timeMs(c.state?.running?.startedAt) ?? 0));
  const since = Math.max(started, timeMs(ready?.lastTransitionTime) ?? 0);
  const thresholdSeconds = Math.max(
    NEVER_READY_MIN_SECONDS,
    probe.initialDelaySeconds + probe.periodSeconds * (probe.failureThreshold + probe.successThreshold),
  );
  return { since, thresholdSeconds, probe };
}

/**
 * The evidence lines that tie a NotReady pod to its probe (or to the kubelet's or scheduler's
 * reason). With `anyDuration` the probe line is given however short the wait so far: a
 * ProgressDeadlineExceeded is proof enough that the wait was too long.
 */
export function notReadyEvidence(ctx: DiagnoseContext, pod: RawPod, anyDuration = false): string[] {
  const out: string[] = [];
  const nr = neverReadyFor(pod, ctx.now, anyDuration);
  const name = pod.metadata.name ?? "";
  if (nr) {
    const p = nr.probe;
    out.push(
      `pod/${name} status.conditions[Ready]=False for ${duration(nr.seconds)}; readinessProbe ${p.detail} (every ${p.periodSeconds}s, initialDelaySeconds ${p.initialDelaySeconds}, failureThreshold ${p.failureThreshold})`,
    );
    const ev = latestEvent(ctx, pod, "Unhealthy");
    if (ev) out.push(`event Unhealthy ×${ev.count} on pod/${name}: ${ev.message}`);
    return out;
  }
  const failed = failedWaiting(pod);
  if (failed)
    out.push(
      `pod/${name} status.containerStatuses[${failed.container}].state.waiting.reason=${failed.reason}${failed.message ? `: ${failed.message}` : ""}`,
    );
  const sched = podCondition(pod, "PodScheduled");
  if (sched?.status === "False")
    out.push(`pod/${name} status.conditions[PodScheduled]=False reason=${sched.reason ?? ""}: ${sched.message ?? ""}`);
  return out;
}

function groupByOwner(ctx: DiagnoseContext, pods: RawPod[]): { owner?: DeploymentFacts; pods: RawPod[] }[] {
  const groups = new Map<string, { owner?: DeploymentFacts; pods: RawPod[] }>();
  for (const p of pods) {
    const owner = deploymentOfPod(ctx, p);
    const key = owner ? `d/${owner.raw.metadata.uid ?? owner.raw.metadata.name}` : `p/${p.metadata.uid ?? p.metadata.name}`;
    const g = groups.get(key) ?? { owner, pods: [] };
    g.pods.push(p);
    groups.set(key, g);
  }
  return [...groups.values()];
}

function revisionText(d: DeploymentFacts, pod: RawPod): string {
  const rs = d.replicaSets.find((r) => pod.metadata.ownerReferences?.some((o) => o.uid === r.metadata.uid));
  return rs ? `revision ${revisionOf(rs)} (${rs.metadata.name})` : "its pods";
}

const MAX_EVIDENCE_PODS = 3;

/** ReadinessNeverPasses: running pods whose readiness probe has not passed well past its timing. */
export function readinessNeverPasses(ctx: DiagnoseContext): Finding[] {
  const stuckPods = ctx.pods.filter((p) => neverReadyFor(p, ctx.now));
  return groupByOwner(ctx, stuckPods).map(({ owner, pods }) => {
    const first = pods[0];
    const nr = neverReadyFor(first, ctx.now);
    const what = owner
      ? `${pods.length} pod(s) of deployment ${owner.raw.metadata.name} ${revisionText(owner, first)}`
      : `pod ${first.metadata.name}`;
    return {
      code: "ReadinessNeverPasses",
      severity: "error",
      object: owner ? refOf(owner.raw, "Deployment") : refOf(first, "Pod"),
      message: `${what} have been running for ${duration(nr?.seconds ?? 0)} but their readiness probe (${nr?.probe.detail ?? ""}) has never passed. They receive no traffic and do not count as available, so a rollout cannot move past them. For an inference server this usually means the model never finished loading, or the probe tests something the app never provides. Read the app's log: kubectl logs pod/${first.metadata.name} -n ${first.metadata.namespace}.`,
      fix: owner ? rollbackCommand(owner) : `kubectl delete pod/${first.metadata.name} -n ${first.metadata.namespace}`,
      evidence: pods.slice(0, MAX_EVIDENCE_PODS).flatMap((p) => notReadyEvidence(ctx, p)),
    };
  });
}

/** ProgressDeadlineExceeded, tied to the new pods that kept the rollout from progressing. */
export function progressDeadlineExceeded(ctx: DiagnoseContext): Finding[] {
  return ctx.deployments
    .filter((d) =>
      d.view.conditions.some((c) => c.type === "Progressing" && c.status === "False" && c.reason === "ProgressDeadlineExceeded"),
    )
    .map((d) => {
      const cond = d.view.conditions.find((c) => c.type === "Progressing");
      const name = d.raw.metadata.name ?? "";
      const blockers = d.newPods.filter((p) => isActivePod(p) && podCondition(p, "Ready")?.status !== "True");
      const evidence = [
        `deployment/${name} status.conditions[Progressing]=False reason=ProgressDeadlineExceeded since ${cond?.lastTransitionTime ?? "?"} (progressDeadlineSeconds=${d.raw.spec?.progressDeadlineSeconds ?? 600}): ${cond?.message ?? ""}`,
        ...blockers.slice(0, MAX_EVIDENCE_PODS).flatMap((p) => notReadyEvidence(ctx, p, true)),
      ];
      const rev = d.newReplicaSet ? revisionOf(d.newReplicaSet) : revisionOf(d.raw);
      const oldServing = d.pods.filter(
        (p) => !d.newPods.includes(p) && isActivePod(p) && podCondition(p, "Ready")?.status === "True",
      ).length;
      const serving =
        oldServing > 0
          ? `its ${oldServing} old pod(s) keep serving`
          : d.fallback
            ? `${d.fallback.siblings.join(", ")} keeps serving`
            : "no older pod of it serves";
      const why =
        blockers.length > 0
          ? `its new pods never became available (${blockers
              .map((p) => p.metadata.name)
              .slice(0, MAX_EVIDENCE_PODS)
              .join(", ")})`
          : "its new ReplicaSet did not become available in time";
      return {
        code: "ProgressDeadlineExceeded",
        severity: "error",
        object: refOf(d.raw, "Deployment"),
        message: `The rollout of deployment ${name} to revision ${rev} made no progress for ${d.raw.spec?.progressDeadlineSeconds ?? 600}s: ${why}. Kubernetes marks it failed (kubectl rollout status exits with an error) but does not roll back by itself; ${serving}.`,
        fix: rollbackCommand(d),
        evidence,
      } satisfies Finding;
    });
}

/** RolloutPaused: a warning when template changes are waiting on the pause, else info. */
export function rolloutPaused(ctx: DiagnoseContext): Finding[] {
  return ctx.deployments
    .filter((d) => d.raw.spec?.paused === true)
    .map((d) => {
      const name = d.raw.metadata.name ?? "";
      const pending = !d.newReplicaSet;
      return {
        code: "RolloutPaused",
        severity: pending ? "warning" : "info",
        object: refOf(d.raw, "Deployment"),
        message: pending
          ? `Deployment ${name} is paused and its pod template has changed since: the change is not rolling out. While paused no new ReplicaSet is created and no progress deadline runs.`
          : `Deployment ${name} is paused. Scaling still works; template changes will wait until it is resumed.`,
        fix: `kubectl rollout resume deployment/${name} -n ${d.raw.metadata.namespace ?? ""}`,
        evidence: [
          `deployment/${name} spec.paused=true`,
          pending
            ? `no ReplicaSet of deployment/${name} matches spec.template (status.updatedReplicas=${d.raw.status?.updatedReplicas ?? 0})`
            : `deployment/${name} status.conditions[Progressing].reason=${d.view.conditions.find((c) => c.type === "Progressing")?.reason ?? "<none>"}`,
        ],
      } satisfies Finding;
    });
}

/** Whether the Deployment's current revision is bad: stuck, or new pods failing / never Ready. */
export function isBadRollout(ctx: DiagnoseContext, d: DeploymentFacts): boolean {
  if (d.view.phase === "Stuck") return true;
  return d.newPods.some((p) => failedWaiting(p) !== undefined || neverReadyFor(p, ctx.now) !== undefined || p.status?.phase === "Failed");
}

/** NoRollbackTarget: a bad rollout and no older ReplicaSet for `kubectl rollout undo`. */
export function noRollbackTarget(ctx: DiagnoseContext): Finding[] {
  return (
    ctx.deployments
      // A canary or a blue-green colour falls back to its sibling Deployment, not to its history.
      .filter((d) => d.rollbackRevision === undefined && d.fallback === undefined && isBadRollout(ctx, d))
      .map((d) => {
        const name = d.raw.metadata.name ?? "";
        const ns = d.raw.metadata.namespace ?? "";
        const limit: number = d.raw.spec?.revisionHistoryLimit ?? 10;
        const rev = d.newReplicaSet ? revisionOf(d.newReplicaSet) : revisionOf(d.raw);
        const why =
          limit === 0
            ? `revisionHistoryLimit is 0, so the controller deleted every older ReplicaSet after the last completed rollout`
            : rev <= 1
              ? "this is the Deployment's first revision"
              : `no older ReplicaSet is left (revisionHistoryLimit ${limit})`;
        return {
          code: "NoRollbackTarget",
          severity: "error",
          object: refOf(d.raw, "Deployment"),
          message: `Deployment ${name} is failing at revision ${rev} and there is nothing to roll back to: ${why}. \`kubectl rollout undo\` would fail with "no rollout history found". Put the last good image back by hand, and keep history so the next undo works.`,
          fix: `${rollbackCommand(d)} && kubectl patch deployment/${name} -n ${ns} -p '{"spec":{"revisionHistoryLimit":10}}'`,
          evidence: [
            `deployment/${name} spec.revisionHistoryLimit=${limit}`,
            `owned ReplicaSets: ${d.replicaSets.map((rs) => `${rs.metadata.name} (revision ${revisionOf(rs)})`).join(", ") || "none"}`,
            ...d.newPods
              .filter((p) => podCondition(p, "Ready")?.status !== "True")
              .slice(0, MAX_EVIDENCE_PODS)
              .flatMap((p) => notReadyEvidence(ctx, p)),
          ],
        } satisfies Finding;
      })
  );
}

function podGroupFinding(
  ctx: DiagnoseContext,
  pods: RawPod[],
  make: (owner: DeploymentFacts | undefined, pods: RawPod[]) => Omit<Finding, "object">,
): Finding[] {
  return groupByOwner(ctx, pods).map(({ owner, pods: ps }) => ({
    ...make(owner, ps),
    object: owner ? refOf(owner.raw, "Deployment") : refOf(ps[0], "Pod"),
  }));
}

/** ImagePullFailure: ErrImagePull / ImagePullBackOff / InvalidImageName. */
export function imagePullFailure(ctx: DiagnoseContext): Finding[] {
  const pods = ctx.pods.filter((p) => isActivePod(p) && IMAGE_PULL_REASONS.has(failedWaiting(p)?.reason ?? ""));
  return podGroupFinding(ctx, pods, (owner, ps) => {
    const w = failedWaiting(ps[0]);
    const image = templateContainers({ spec: ps[0].spec }).find((c) => c.name === w?.container)?.image;
    const ev = latestEvent(ctx, ps[0], "Failed");
    return {
      code: "ImagePullFailure",
      severity: "error",
      message: `The kubelet cannot pull image ${image ?? "?"} for ${ps.length} pod(s)${owner ? ` of deployment ${owner.raw.metadata.name}` : ""} (${w?.reason}). Check the image name, tag and registry, and the imagePullSecrets for private registries. Old pods keep serving until the new ones are Ready.`,
      fix: owner ? rollbackCommand(owner) : `kubectl delete pod/${ps[0].metadata.name} -n ${ps[0].metadata.namespace}`,
      evidence: [
        ...ps.slice(0, MAX_EVIDENCE_PODS).flatMap((p) => notReadyEvidence(ctx, p)),
        `pod/${ps[0].metadata.name} spec.containers[${w?.container}].image=${image ?? "?"}`,
        ...(ev ? [`event Failed ×${ev.count}: ${ev.message}`] : []),
      ],
    };
  });
}

/** CrashLoop: containers in CrashLoopBackOff, with their last exit. */
export function crashLoop(ctx: DiagnoseContext): Finding[] {
  const pods = ctx.pods.filter((p) => isActivePod(p) && failedWaiting(p)?.reason === "CrashLoopBackOff");
  return podGroupFinding(ctx, pods, (owner, ps) => {
    const w = failedWaiting(ps[0]);
    const cs = containerStatuses(ps[0]).find((c) => c.name === w?.container);
    const last = cs?.lastState?.terminated;
    return {
      code: "CrashLoop",
      severity: "error",
      message: `Container ${w?.container} of ${ps.length} pod(s)${owner ? ` of deployment ${owner.raw.metadata.name}` : ""} keeps exiting (last exit code ${last?.exitCode ?? "?"}, ${cs?.restartCount ?? 0} restarts); the kubelet now waits longer before each restart. Its log from the previous run says why: kubectl logs pod/${ps[0].metadata.name} -n ${ps[0].metadata.namespace} --previous.`,
      fix: owner ? rollbackCommand(owner) : `kubectl logs pod/${ps[0].metadata.name} -n ${ps[0].metadata.namespace} --previous`,
      evidence: ps.slice(0, MAX_EVIDENCE_PODS).flatMap((p) => {
        const c = containerStatuses(p).find((x) => x.name === w?.container);
        const t = c?.lastState?.terminated;
        return [
          `pod/${p.metadata.name} status.containerStatuses[${w?.container}] state.waiting.reason=CrashLoopBackOff restartCount=${c?.restartCount ?? 0}${t ? ` lastState.terminated.exitCode=${t.exitCode} reason=${t.reason ?? ""}` : ""}`,
        ];
      }),
    };
  });
}

/** Unschedulable: the scheduler found no node for the pod. */
export function unschedulable(ctx: DiagnoseContext): Finding[] {
  const pods = ctx.pods.filter((p) => isActivePod(p) && podCondition(p, "PodScheduled")?.reason === "Unschedulable");
  return podGroupFinding(ctx, pods, (owner, ps) => {
    const msg = podCondition(ps[0], "PodScheduled")?.message ?? "";
    const insufficient = /Insufficient ([\w./-]*\w)/.exec(msg)?.[1];
    return {
      code: "Unschedulable",
      severity: "error",
      message: `${ps.length} pod(s)${owner ? ` of deployment ${owner.raw.metadata.name}` : ""} cannot be placed on any node${insufficient ? `: no node has enough free ${insufficient}` : ""}. They stay Pending; in a rolling update with maxUnavailable 0 the old pods keep serving. Free capacity, add a node that fits, or lower the request${insufficient ? ` for ${insufficient}` : ""}.`,
      fix: owner ? rollbackCommand(owner) : `kubectl delete pod/${ps[0].metadata.name} -n ${ps[0].metadata.namespace}`,
      evidence: ps.slice(0, MAX_EVIDENCE_PODS).flatMap((p) => notReadyEvidence(ctx, p)),
    };
  });
}

/** MissingReadinessProbe: a Deployment's container serves traffic before it is ready. */
export function missingReadinessProbe(ctx: DiagnoseContext): Finding[] {
  const out: Finding[] = [];
  for (const d of ctx.deployments) {
    const name = d.raw.metadata.name ?? "";
    const ns = d.raw.metadata.namespace ?? "";
    templateContainers(d.raw.spec?.template).forEach((c, i) => {
      if (c.readinessProbe !== undefined) return;
      const ports = Array.isArray(c.ports) ? (c.ports as { containerPort?: number }[]) : [];
      const port = ports[0]?.containerPort;
      const probe = port
        ? { httpGet: { path: "/healthz", port }, periodSeconds: 5 }
        : { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 5 };
      out.push({
        code: "MissingReadinessProbe",
        severity: "warning",
        object: refOf(d.raw, "Deployment"),
        message: `Container ${c.name ?? i} of deployment ${name} has no readinessProbe, so each new pod counts as Ready the moment its container starts. An inference server still loading its model then receives traffic and fails requests, and a rolling update removes old pods too early. Probe what proves the app can serve (an HTTP health or /v1/models endpoint is strongest).`,
        fix: `kubectl patch deployment/${name} -n ${ns} --type=json -p '${JSON.stringify([{ op: "add", path: `/spec/template/spec/containers/${i}/readinessProbe`, value: probe }])}'`,
        evidence: [`deployment/${name} spec.template.spec.containers[${c.name ?? i}].readinessProbe is not set`],
      });
    });
  }
  return out;
}
