import { getCondition } from "./objects";
import type { Pod } from "../kinds";

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return getCondition(pod.status, "Ready")?.status === "True";
}

/** When the pod last became Ready (ms), or undefined when it is not Ready. */
export function podReadySince(pod: Pod): number | undefined {
  const c = getCondition(pod.status, "Ready");
  if (c?.status !== "True" || !c.lastTransitionTime) return undefined;
  return Date.parse(c.lastTransitionTime);
}

/**
 * podutil.IsPodAvailable: Ready, and Ready for at least minReadySeconds. v1.35's
 * pkg/api/v1/pod/util.go compares `lastTransitionTime + minReadySeconds <= now` (older releases
 * used a strict Before).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** controller.IsPodTerminating: being deleted but not yet terminal. */
export function isPodTerminating(pod: Pod): boolean {
  return !isPodTerminal(pod) && !!pod.metadata.deletionTimestamp;
}

/** The highest restart count of the pod's regular and sidecar (init) containers. */
export function maxRestarts(pod: Pod): { regular: number; sidecar: number } {
  const regular = Math.max(0, ...((pod.status?.containerStatuses ?? []) as { restartCount?: number }[]).map((c) => c.restartCount ?? 0));
  const sidecar = Math.max(
    0,
    ...((pod.status?.initContainerStatuses ?? []) as { restartCount?: number }[]).map((c) => c.restartCount ?? 0),
  );
  return { regular, sidecar };
}
