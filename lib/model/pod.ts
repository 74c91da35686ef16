/**
 * Raw pod status → the small closed PodState union the stage draws (STYLE.md principle 5).
 * One mapping, used by the views and by lib/diagnose.
 */
import type { PodState, PodView, ProbeSummary } from "./types";
import { timeMs } from "./raw";
import type { RawPod } from "./rawKinds";
import { isRecord, records, strings } from "./wire";

/** Waiting reasons after which the kubelet will not get the pod running by itself. */
const FAILED_WAITING = new Set([
  "CrashLoopBackOff",
  "ErrImagePull",
  "ImagePullBackOff",
  "InvalidImageName",
  "ErrImageNeverPull",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

/** Waiting reasons that mean the image cannot be pulled (ImagePullFailure). */
export const IMAGE_PULL_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]);

/** A pod condition by type. */
export function podCondition(
  pod: RawPod,
  type: string,
): { status?: string; reason?: string; message?: string; lastTransitionTime?: string } | undefined {
  return records<{ type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }>(
    pod.status?.conditions,
  ).find((c) => c.type === type);
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; exitCode?: number };
  };
  lastState?: { terminated?: { reason?: string; exitCode?: number; finishedAt?: string } };
}

/** status.containerStatuses, typed. */
export function containerStatuses(pod: RawPod): ContainerStatus[] {
  return records<ContainerStatus>(pod.status?.containerStatuses).filter((c) => typeof c.name === "string");
}

/** The first "will not recover alone" waiting reason of any container, e.g. ImagePullBackOff. */
export function failedWaiting(pod: RawPod): { container: string; reason: string; message?: string } | undefined {
  for (const c of containerStatuses(pod)) {
    const w = c.state?.waiting;
    if (w?.reason && FAILED_WAITING.has(w.reason)) return { container: c.name, reason: w.reason, message: w.message };
  }
  return undefined;
}

/** Whether the pod counts toward a ReplicaSet: not terminal, not being deleted (§8 "active"). */
export function isActivePod(pod: RawPod): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

/** Summary of the first container's readinessProbe (spec of a pod or of a pod template). */
export function readinessProbeSummary(
  podSpec: { containers?: { readinessProbe?: Record<string, unknown> }[] } | undefined,
): ProbeSummary | undefined {
  if (!podSpec) return undefined;
  // Read for every pod by its view, its state and several findings: once per spec object.
  if (probeSummaries.has(podSpec)) return probeSummaries.get(podSpec);
  const probe = records<{ readinessProbe?: unknown }>(podSpec.containers)[0]?.readinessProbe;
  const summary = isRecord(probe) ? summarizeProbe(probe as ProbeFields) : undefined;
  probeSummaries.set(podSpec, summary);
  return summary;
}

const probeSummaries = new WeakMap<object, ProbeSummary | undefined>();

interface ProbeFields {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string; scheme?: string };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

/** A probe as a line a learner reads, with the apiserver's defaults filled in (§1). */
export function summarizeProbe(p: ProbeFields): ProbeSummary {
  const n = (v: unknown, d: number): number => (typeof v === "number" && Number.isFinite(v) ? v : d);
  const text = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  const timing = {
    initialDelaySeconds: n(p.initialDelaySeconds, 0),
    periodSeconds: n(p.periodSeconds, 10),
    failureThreshold: n(p.failureThreshold, 3),
    successThreshold: n(p.successThreshold, 1),
  };
  if (isRecord(p.httpGet)) return { kind: "httpGet", detail: `GET :${text(p.httpGet.port)}${text(p.httpGet.path) || "/"}`, ...timing };
  if (isRecord(p.tcpSocket)) return { kind: "tcpSocket", detail: `tcp :${text(p.tcpSocket.port)}`, ...timing };
  if (isRecord(p.grpc))
    return { kind: "grpc", detail: `grpc :${text(p.grpc.port)}${text(p.grpc.service) ? ` ${text(p.grpc.service)}` : ""}`, ...timing };
  return { kind: "exec", detail: `exec ${strings(isRecord(p.exec) ? p.exec.command : undefined).join(" ")}`, ...timing };
}

/**
 * Maps a pod to PodState with the reason a learner should see.
 * Starting = running but the readiness probe cannot have produced a result yet (inside
 * initialDelaySeconds + one period): the prober starts at Failure (§9), so NotReady then is normal.
 */
export function podState(pod: RawPod, now: number): { state: PodState; reason?: string } {
  if (pod.metadata.deletionTimestamp) return { state: "Terminating", reason: "Terminating" };
  const phase: string | undefined = pod.status?.phase;
  if (phase === "Failed") return { state: "Failed", reason: pod.status?.reason ?? "Failed" };
  if (phase === "Succeeded") return { state: "Failed", reason: "Completed" };
  const scheduled = podCondition(pod, "PodScheduled");
  if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") return { state: "Failed", reason: "Unschedulable" };
  const failed = failedWaiting(pod);
  if (failed) return { state: "Failed", reason: failed.reason };
  if (!pod.spec?.nodeName) return { state: "Pending", reason: "Unscheduled" };
  if (phase !== "Running") {
    const waiting = containerStatuses(pod).find((c) => c.state?.waiting)?.state?.waiting?.reason;
    return { state: "Pending", reason: waiting ?? "ContainerCreating" };
  }
  if (podCondition(pod, "Ready")?.status === "True") return { state: "Ready" };
  const statuses = containerStatuses(pod);
  const waiting = statuses.find((c) => c.state?.waiting)?.state?.waiting?.reason;
  if (waiting) return { state: "Pending", reason: waiting };
  const probe = readinessProbeSummary(pod.spec);
  const started = latestStart(statuses);
  if (probe && started !== undefined && now - started < (probe.initialDelaySeconds + probe.periodSeconds) * 1000) {
    return { state: "Starting", reason: "ReadinessProbePending" };
  }
  return { state: "RunningNotReady", reason: probe ? "ReadinessProbeFailing" : "ContainersNotReady" };
}

function latestStart(statuses: ContainerStatus[]): number | undefined {
  let latest: number | undefined;
  for (const c of statuses) {
    const t = timeMs(c.state?.running?.startedAt);
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}

/**
 * Whether the pod is available: Ready for longer than minReadySeconds (IsPodAvailable,
 * pkg/api/v1/pod/util.go: `LastTransitionTime.Add(minReadySeconds).Before(now)`, strictly
 * before — the ⚠ of ROLLOUT-SPEC §9 read from the source).
 */
export function isPodAvailable(pod: RawPod, minReadySeconds: number, now: number): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const ready = podCondition(pod, "Ready");
  if (ready?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = timeMs(ready.lastTransitionTime);
  // v1.35 pkg/api/v1/pod/util.go: LastTransitionTime.Add(minReadySeconds).Compare(now) <= 0.
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/**
 * The view of one pod for the stage. Remembered per pod object for as long as `now` stays before
 * the next moment its state or availability can change (podViewChangesAt), so a Deployment whose
 * view is rebuilt for one pod's event or a clock tick does not rebuild the others.
 */
export function podView(pod: RawPod, minReadySeconds: number, now: number): PodView {
  const c = podViews.get(pod);
  if (c && c.minReadySeconds === minReadySeconds && c.from <= now && now < c.until) return c.view;
  const view = computePodView(pod, minReadySeconds, now);
  podViews.set(pod, { minReadySeconds, from: now, until: podViewChangesAt(pod, minReadySeconds, now), view });
  return view;
}

const podViews = new WeakMap<RawPod, { minReadySeconds: number; from: number; until: number; view: PodView }>();

/**
 * The earliest time after `now` at which podView could differ for the same pod: the end of the
 * Starting window (podState) or of minReadySeconds (isPodAvailable); Infinity when neither runs.
 */
export function podViewChangesAt(pod: RawPod, minReadySeconds: number, now: number): number {
  let until = Infinity;
  const probe = readinessProbeSummary(pod.spec);
  const started = latestStart(containerStatuses(pod));
  if (probe && started !== undefined) {
    const end = started + (probe.initialDelaySeconds + probe.periodSeconds) * 1000;
    if (end > now) until = end;
  }
  const ready = podCondition(pod, "Ready");
  const since = timeMs(ready?.lastTransitionTime);
  if (minReadySeconds > 0 && since !== undefined) {
    const end = since + minReadySeconds * 1000;
    if (end > now) until = Math.min(until, end);
  }
  return until;
}

function computePodView(pod: RawPod, minReadySeconds: number, now: number): PodView {
  const { state, reason } = podState(pod, now);
  const statuses = containerStatuses(pod);
  const ready = podCondition(pod, "Ready");
  const view: PodView = {
    uid: pod.metadata.uid ?? pod.metadata.name ?? "",
    name: pod.metadata.name ?? "",
    namespace: pod.metadata.namespace ?? "",
    state,
    ready: ready?.status === "True" && !pod.metadata.deletionTimestamp,
    available: isPodAvailable(pod, minReadySeconds, now),
    restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0),
  };
  if (reason) view.reason = reason;
  if (pod.spec?.nodeName) view.nodeName = pod.spec.nodeName;
  if (pod.status?.podIP) view.podIP = pod.status.podIP;
  if (pod.metadata.creationTimestamp) view.createdAt = pod.metadata.creationTimestamp;
  const started = statuses[0]?.state?.running?.startedAt;
  if (started) view.startedAt = started;
  if (ready?.status === "True" && ready.lastTransitionTime) view.readySince = ready.lastTransitionTime;
  if (pod.metadata.deletionTimestamp) view.deletingSince = pod.metadata.deletionTimestamp;
  const probe = readinessProbeSummary(pod.spec);
  if (probe) view.readinessProbe = probe;
  const msg = probeMessage(pod);
  if (msg) view.probeMessage = msg;
  return view;
}

/**
 * The kubelet's last word on why the pod is not Ready: the Ready condition's message, or a
 * failing container's waiting message. Probe failure text itself only reaches Events.
 */
export function probeMessage(pod: RawPod): string | undefined {
  const failed = failedWaiting(pod);
  if (failed?.message) return failed.message;
  const ready = podCondition(pod, "Ready");
  return ready?.status === "False" ? ready.message : undefined;
}
