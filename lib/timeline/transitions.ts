/**
 * What changed, in rollout terms, when one watch event landed: the entries of the timeline strip.
 * Pure: compares the object before (from the store) with the object after.
 */
import type { Kind, RawObject } from "../model/raw";
import type { StoreEvent } from "../model/store";
import { filedAs, type RawDeployment, type RawPod } from "../model/rawKinds";

export type TransitionKind =
  | "rollout-started"
  | "rs-created"
  | "rs-scaled"
  | "pod-created"
  | "pod-ready"
  | "pod-not-ready"
  | "pod-failing"
  | "pod-terminating"
  | "pod-deleted"
  | "condition"
  | "selector"
  | "service-created";

export interface Transition {
  kind: TransitionKind;
  object: { kind: Kind; namespace: string; name: string };
  text: string;
  /** A step of the handover: a ReplicaSet resized or a Service cut over. "Next step" jumps here. */
  handover: boolean;
}

const readyOf = (pod: RawPod | undefined): boolean =>
  Boolean(pod?.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));

const failingReason = (pod: RawPod | undefined): string | undefined => {
  const statuses: { state?: { waiting?: { reason?: string } } }[] = pod?.status?.containerStatuses ?? [];
  const bad = statuses.map((s) => s.state?.waiting?.reason).find((r) => r && /BackOff|ErrImage|Err|Invalid/.test(r));
  if (bad) return bad;
  const sched = pod?.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  return sched?.reason;
};

const conditionKey = (o: RawDeployment | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const c of (o?.status?.conditions ?? []) as { type: string; status: string; reason?: string }[])
    out[c.type] = `${c.status}/${c.reason ?? ""}`;
  return out;
};

const selectorText = (s: Record<string, string> | undefined) =>
  s
    ? Object.entries(s)
        .map(([k, v]) => `${k}=${v}`)
        .join(",")
    : "<none>";

/** The transitions one event makes, given the object as it was before (undefined: new). */
export function transitionsOf(event: StoreEvent, before: RawObject | undefined): Transition[] {
  const o = event.object;
  const ref = { kind: event.kind, namespace: o.metadata.namespace ?? "", name: o.metadata.name ?? "" };
  const out: Transition[] = [];
  const add = (kind: TransitionKind, text: string, handover = false) => out.push({ kind, object: ref, text, handover });

  switch (event.kind) {
    case "ReplicaSet": {
      const to = filedAs(event.kind, o).spec?.replicas ?? 0;
      if (event.type === "ADDED" && !before) add("rs-created", `ReplicaSet ${ref.name} created at ${to}`, true);
      else if (event.type === "MODIFIED") {
        const from = filedAs(event.kind, before)?.spec?.replicas ?? 0;
        if (from !== to) add("rs-scaled", `Scaled ${to > from ? "up" : "down"} replica set ${ref.name} from ${from} to ${to}`, true);
      }
      break;
    }
    case "Pod": {
      if (event.type === "DELETED") {
        add("pod-deleted", `Pod ${ref.name} deleted`);
        break;
      }
      if (!before) add("pod-created", `Pod ${ref.name} created`);
      if (o.metadata.deletionTimestamp && !before?.metadata.deletionTimestamp) add("pod-terminating", `Pod ${ref.name} terminating`);
      const [pod, was] = [filedAs(event.kind, o), filedAs(event.kind, before)];
      if (readyOf(pod) && !readyOf(was)) add("pod-ready", `Pod ${ref.name} Ready`);
      else if (!readyOf(pod) && readyOf(was)) add("pod-not-ready", `Pod ${ref.name} no longer Ready`);
      const bad = failingReason(pod);
      if (bad && bad !== failingReason(was)) add("pod-failing", `Pod ${ref.name}: ${bad}`);
      break;
    }
    case "Deployment": {
      if (event.type === "DELETED") break;
      const rev = o.metadata.annotations?.["deployment.kubernetes.io/revision"];
      const prevRev = before?.metadata.annotations?.["deployment.kubernetes.io/revision"];
      if (rev && prevRev && rev !== prevRev) add("rollout-started", `Deployment ${ref.name} at revision ${rev}`, true);
      const d = filedAs(event.kind, o);
      const now = conditionKey(d);
      const was = conditionKey(filedAs(event.kind, before));
      for (const c of (d.status?.conditions ?? []) as { type: string; status: string; reason?: string }[]) {
        if (now[c.type] !== was[c.type]) add("condition", `${ref.name} ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}`);
      }
      break;
    }
    case "Service": {
      const [svc, was] = [filedAs(event.kind, o), filedAs(event.kind, before)];
      if (event.type === "ADDED" && !before) add("service-created", `Service ${ref.name} selects ${selectorText(svc.spec?.selector)}`);
      else if (event.type === "MODIFIED" && selectorText(svc.spec?.selector) !== selectorText(was?.spec?.selector))
        add("selector", `Service ${ref.name} selector ${selectorText(was?.spec?.selector)} → ${selectorText(svc.spec?.selector)}`, true);
      break;
    }
    default:
      break;
  }
  return out;
}
