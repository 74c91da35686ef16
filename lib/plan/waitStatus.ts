/**
 * `rollscope wait`, the judgement half (pure): from one read of a Deployment and the findings
 * about it, whether the rollout is done, still progressing (with its budget and an ETA) or
 * stalled (with the finding that says why).
 */
import { resolveFenceposts } from "../model/fenceposts";
import { rolloutStatusLine } from "../model/rolloutStatus";
import type { Finding } from "../model/types";
import type { RawDeployment } from "../model/rawKinds";

/** One observation of the rollout. */
export interface WaitProgress {
  state: "complete" | "progressing" | "stalled";
  /** kubectl's rollout status line for the same instant. */
  statusLine: string;
  replicas: number;
  updated: number;
  available: number;
  /** Pods that exist vs R + maxSurge, and unavailable vs maxUnavailable. */
  pods: number;
  maxPods: number;
  unavailable: number;
  maxUnavailable: number;
  /** The error finding that stops the rollout, when stalled. */
  finding?: Finding;
}

/**
 * Done only when kubectl's rule says so AND every replica is updated and available, with no old
 * pod left (kubectl exits on minimum availability: kubernetes/kubernetes #44395).
 */
export function judgeRollout(d: RawDeployment, findings: readonly Finding[], terminatingPods = 0): WaitProgress {
  const spec = d.spec ?? {};
  const status = d.status ?? {};
  const replicas: number = spec.replicas ?? 1;
  const fence = resolveFenceposts(spec);
  const statusLine = rolloutStatusLine(d);
  const updated: number = status.updatedReplicas ?? 0;
  const available: number = status.availableReplicas ?? 0;
  const pods: number = status.replicas ?? 0;
  const observed = (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
  const progress: WaitProgress = {
    state: "progressing",
    statusLine,
    replicas,
    updated,
    available,
    pods,
    maxPods: replicas + fence.maxSurge,
    unavailable: Math.max(0, replicas - available),
    maxUnavailable: fence.maxUnavailable,
  };
  if (observed && updated >= replicas && pods <= updated && available >= replicas && statusLine.endsWith("successfully rolled out"))
    return { ...progress, state: "complete" };
  // A pod Pending for room while old pods still exit is the normal in-place replacement (their
  // requests count until they are gone), not a stall.
  const own = findings.filter(
    (f) =>
      f.severity === "error" &&
      f.object.kind === "Deployment" &&
      f.object.name === d.metadata.name &&
      !(f.code === "Unschedulable" && terminatingPods > 0),
  );
  // The deadline first: it is what kubectl reports; then what the new pods suffer from.
  const finding = own.find((f) => f.code === "ProgressDeadlineExceeded") ?? own.find((f) => f.code !== "NoRollbackTarget") ?? own[0];
  return finding && !spec.paused ? { ...progress, state: "stalled", finding } : progress;
}

/** Seconds left, from the pace so far: seconds per newly available pod since the wait began. */
export function etaSeconds(p: WaitProgress, startAvailableNew: number, elapsedSeconds: number): number | undefined {
  const doneNew = Math.min(p.updated, p.available) - startAvailableNew;
  if (doneNew <= 0 || elapsedSeconds <= 0) return undefined;
  const left = p.replicas - Math.min(p.updated, p.available);
  return Math.max(0, (elapsedSeconds / doneNew) * left);
}

/** "2/3 updated, 2 available · budget 4/4 pods, 1/1 unavailable · ETA ~6s" */
export function progressText(p: WaitProgress, eta: number | undefined): string {
  return `${p.updated}/${p.replicas} updated, ${p.available} available · budget ${p.pods}/${p.maxPods} pods, ${p.unavailable}/${p.maxUnavailable} unavailable${eta !== undefined ? ` · ETA ~${Math.round(eta)}s` : ""}`;
}

/** A 20-cell bar of new-and-available pods, for terminals. */
export function progressBar(p: WaitProgress, width = 20): string {
  const done = p.replicas === 0 ? width : Math.round((Math.min(p.updated, p.available) / p.replicas) * width);
  return `[${"#".repeat(Math.min(width, done))}${"-".repeat(Math.max(0, width - done))}]`;
}

/** A GitHub Actions workflow command for a finding (`::error title=…::message`). */
export function githubAnnotation(f: Finding): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const level = f.severity === "error" ? "error" : f.severity === "warning" ? "warning" : "notice";
  return `::${level} title=${esc(`${f.code} ${f.object.kind.toLowerCase()}/${f.object.name}`).replace(/[:,]/g, (c) => (c === ":" ? "%3A" : "%2C"))}::${esc([f.message, ...f.evidence.map((e) => `· ${e}`), `fix: ${f.fix}`].join("\n"))}`;
}
