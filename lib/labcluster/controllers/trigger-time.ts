import { getCondition } from "./objects";
import type { Pod, Service } from "../kinds";

/**
 * TriggerTimeTracker (k8s.io/endpointslice util/trigger_time_tracker.go): the time of the
 * earliest change behind an EndpointSlice update, for the
 * `endpoints.kubernetes.io/last-change-trigger-time` annotation. A pod's trigger time is its
 * Ready condition's lastTransitionTime (whatever its status), a Service's its creationTimestamp.
 * The first sync of a Service answers its creationTimestamp; later syncs the earliest trigger
 * time that moved since the previous sync, or undefined (the annotation is then removed).
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, { pods: Map<string, number>; service: number }>();

  compute(key: string, svc: Service, pods: Pod[]): number | undefined {
    const state = this.states.get(key);
    let earliest: number | undefined;
    const changed = (t: number): void => {
      earliest = earliest === undefined ? t : Math.min(earliest, t);
    };
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (t === undefined) continue;
      podTimes.set(pod.metadata.name!, t);
      const before = state?.pods.get(pod.metadata.name!);
      if (before === undefined || t > before) changed(t);
    }
    const service = timeOf(svc.metadata.creationTimestamp) ?? 0;
    if (state === undefined || service > state.service) changed(service);
    this.states.set(key, { pods: podTimes, service });
    return state === undefined ? service : earliest;
  }

  /** DeleteService: forget a Service that is gone. */
  delete(key: string): void {
    this.states.delete(key);
  }
}

function timeOf(v: unknown): number | undefined {
  if (typeof v !== "string" || v === "") return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function podTriggerTime(pod: Pod): number | undefined {
  return timeOf(getCondition(pod.status, "Ready")?.lastTransitionTime);
}

/** time.Format(time.RFC3339Nano) of a UTC time: trailing zero fractions dropped. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.000Z$/, "Z")
    .replace(/(\.\d*?)0+Z$/, "$1Z");
}
