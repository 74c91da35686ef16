import type { Clock } from "../../clock";
import { recordEvent } from "../../events";
import type { Store } from "../../store";
import type { StoreEvent } from "../../types";
import {
  APPS,
  controllerOf,
  DEPLOYMENTS,
  isEmptySelector,
  keyOf,
  newControllerRef,
  PODS,
  REPLICASETS,
  selectorMatches,
  splitKey,
} from "../objects";
import type { Queue, Reconciler } from "../workqueue";
import { findCondition, newCondition, Reason, setCondition } from "./conditions";
import { COMPONENT, DeploymentSync } from "./context";
import { rolloutRecreate } from "./recreate";
import { rolloutRolling } from "./rolling";
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scale, syncDeploymentStatus } from "./sync";
import { activeReplicaSets, DESIRED_REPLICAS, isRecreate, progressDeadlineSeconds, replicasOf } from "./util";
import { STORE, type Deployment, type ReplicaSet } from "../../kinds";

/** The Deployment controller (pkg/controller/deployment/deployment_controller.go) over the Store. */
export class DeploymentController implements Reconciler {
  readonly name = "deployment";
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  initialKeys(): string[] {
    return this.store.list(STORE.deployments).map(keyOf);
  }

  onEvent(ev: StoreEvent, queue: Queue): void {
    if (ev.storage === DEPLOYMENTS) return queue.add(keyOf(ev.object));
    const ns = ev.object.metadata.namespace ?? "";
    if (ev.storage === REPLICASETS) {
      const keys = new Set<string>();
      for (const rs of [ev.old, ev.object]) {
        const ref = rs && controllerOf(rs);
        if (ref?.kind === "Deployment") keys.add(`${ns}/${ref.name}`);
      }
      if (keys.size === 0 && ev.type !== "DELETED") {
        for (const d of this.store.list(STORE.deployments, ns))
          if (selectorMatches(d.spec?.selector, ev.object.metadata.labels)) keys.add(keyOf(d));
      }
      for (const k of keys) queue.add(k);
      return;
    }
    // Only Recreate waits for pods, and only for their deletion (deletePod handler).
    if (ev.storage === PODS && ev.type === "DELETED") {
      const rsRef = controllerOf(ev.object);
      if (rsRef?.kind !== "ReplicaSet") return;
      const rs = this.store.get(STORE.replicasets, ns, rsRef.name);
      const dRef = rs && controllerOf(rs);
      if (dRef?.kind !== "Deployment") return;
      const d = this.store.get(STORE.deployments, ns, dRef.name);
      if (d && isRecreate(d)) queue.add(keyOf(d));
    }
  }

  sync(key: string, queue: Queue): void {
    const { namespace, name } = splitKey(key);
    const stored = this.store.get(STORE.deployments, namespace, name);
    if (!stored) return;
    const s = new DeploymentSync(this.store, this.clock, queue, structuredClone(stored));
    if (isEmptySelector(s.d.spec?.selector)) {
      recordEvent(
        this.store,
        s.d,
        "Warning",
        "SelectingAll",
        "This deployment is selecting all pods. A non-empty selector is required.",
        COMPONENT,
      );
      if ((s.d.status?.observedGeneration ?? 0) < (s.d.metadata.generation ?? 1)) {
        s.writeStatus({ ...(s.d.status ?? {}), observedGeneration: s.d.metadata.generation ?? 1 });
      }
      return;
    }
    let rsList = this.claimReplicaSets(s.d);
    if (s.d.metadata.deletionTimestamp) {
      const { newRS, olds } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
      return syncDeploymentStatus(s, [...olds, ...(newRS ? [newRS] : [])], newRS);
    }
    checkPausedConditions(s);
    if (s.d.spec?.paused) return syncPausedOrScaling(s, rsList);
    if (isScalingEvent(s, rsList)) return syncPausedOrScaling(s, rsList);
    // isScalingEvent may have refreshed the new RS's annotations: read the RSes again rather
    // than write from a stale copy (the real controller gets a 409 there and retries).
    rsList = this.claimReplicaSets(s.d);
    if (isRecreate(s.d)) {
      const pods = this.store.list(STORE.pods, namespace).filter((p) => selectorMatches(s.d.spec?.selector, p.metadata.labels));
      return rolloutRecreate(s, rsList, pods);
    }
    rolloutRolling(s, rsList);
  }

  /** getReplicaSetsForDeployment: owned RSes that match; orphans that match are adopted. */
  private claimReplicaSets(d: Deployment): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    for (const rs of this.store.list(STORE.replicasets, d.metadata.namespace)) {
      const ref = controllerOf(rs);
      const matches = selectorMatches(d.spec?.selector, rs.metadata.labels);
      if (ref) {
        if (ref.uid !== d.metadata.uid) continue;
        if (matches) out.push(rs);
        else if (!d.metadata.deletionTimestamp) {
          const next = structuredClone(rs);
          next.metadata.ownerReferences = (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid);
          this.store.update(STORE.replicasets, APPS, next);
        }
        continue;
      }
      if (!matches || d.metadata.deletionTimestamp || rs.metadata.deletionTimestamp) continue;
      const next = structuredClone(rs);
      next.metadata.ownerReferences = [...(rs.metadata.ownerReferences ?? []), newControllerRef(d)];
      out.push(this.store.update(STORE.replicasets, APPS, next));
    }
    return out;
  }
}

/**
 * checkPausedConditions: Unknown DeploymentPaused / DeploymentResumed, so that time spent paused
 * never counts against the progress deadline; a timed-out condition is never overwritten.
 */
function checkPausedConditions(s: DeploymentSync): void {
  if (progressDeadlineSeconds(s.d) === undefined) return;
  const cond = findCondition(s.d.status, "Progressing");
  if (cond?.reason === Reason.TimedOut) return;
  const pausedCond = cond?.reason === Reason.Paused;
  const status = structuredClone(s.d.status ?? {});
  if (s.d.spec?.paused && !pausedCond) {
    setCondition(status, newCondition("Progressing", "Unknown", Reason.Paused, "Deployment is paused", s.now()));
  } else if (!s.d.spec?.paused && pausedCond) {
    setCondition(status, newCondition("Progressing", "Unknown", Reason.Resumed, "Deployment is resumed", s.now()));
  } else return;
  s.writeStatus(status);
}

/** isScalingEvent: an active RS was sized for a different spec.replicas. */
function isScalingEvent(s: DeploymentSync, rsList: ReplicaSet[]): boolean {
  const { newRS, olds } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  for (const rs of activeReplicaSets([...olds, newRS])) {
    const v = rs.metadata.annotations?.[DESIRED_REPLICAS];
    // getNonNegativeInt32FromAnnotation: anything else is ignored.
    if (v === undefined || !/^\d+$/.test(v)) continue;
    if (Number(v) !== replicasOf(s.d)) return true;
  }
  return false;
}

/** sync (sync.go): proportional scaling, cleanup while paused, plain status. */
function syncPausedOrScaling(s: DeploymentSync, rsList: ReplicaSet[]): void {
  const { newRS, olds } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  scale(s, newRS, olds);
  if (s.d.spec?.paused) cleanupDeployment(s, olds);
  syncDeploymentStatus(s, [...olds, ...(newRS ? [newRS] : [])], newRS);
}
