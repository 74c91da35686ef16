import type { Clock } from "../../clock";
import { recordEvent } from "../../events";
import type { Store } from "../../store";
import type { KObj } from "../../types";
import { APPS, DEPLOYMENTS, REPLICASETS } from "../objects";
import type { Queue } from "../workqueue";
import type { DeploymentStatus } from "./conditions";
import { maxSurge, replicasAnnotationsNeedUpdate, replicasOf, rsReplicas, setReplicasAnnotations } from "./util";

export const COMPONENT = "deployment-controller";

/**
 * The ScalingReplicaSet message of v1.35.8 (sync.go): "Scaled up replica set X from 0 to 3" on
 * creation, "Scaled down replica set X from 3 to 2" on a scale. (Releases up to v1.31 said
 * "Scaled up replica set X to 3" and "… to 2 from 3".)
 */
export function scalingMessage(op: string, rsName: string, from: number, to: number): string {
  return `Scaled ${op} replica set ${rsName} from ${from} to ${to}`;
}

/**
 * One sync of one Deployment. `d` is the Deployment as last read or written, so every write
 * carries the resourceVersion this sync saw: a concurrent change (a user's edit) fails with 409
 * and the key is requeued, as with the real controller's UpdateStatus.
 */
export class DeploymentSync {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly queue: Queue,
    public d: KObj,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** UpdateStatus: writes `status` (and any annotation changes made on `this.d`). */
  writeStatus(status: DeploymentStatus = this.d.status ?? {}): void {
    const next = structuredClone(this.d);
    next.status = status;
    this.d = this.store.update(DEPLOYMENTS, APPS, next);
  }

  event(type: "Normal" | "Warning", reason: string, message: string): void {
    recordEvent(this.store, this.d, type, reason, message, COMPONENT);
  }

  /** Writes a ReplicaSet the controller changed, bumping generation when its spec changed. */
  updateReplicaSet(rs: KObj, specChanged: boolean): KObj {
    const next = structuredClone(rs);
    // The Store does not bump generation (the HTTP layer does); this write bypasses it.
    if (specChanged) next.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    return this.store.update(REPLICASETS, APPS, next);
  }

  /** scaleReplicaSetAndRecordEvent. */
  scaleAndRecord(rs: KObj, newScale: number): { scaled: boolean; rs: KObj } {
    if (rsReplicas(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, rsReplicas(rs) < newScale ? "up" : "down");
  }

  /** scaleReplicaSet: sets size and the desired/max-replicas annotations; event on a size change. */
  scaleReplicaSet(rs: KObj, newScale: number, op: string): { scaled: boolean; rs: KObj } {
    const r = replicasOf(this.d);
    const max = r + maxSurge(this.d);
    const sizeChange = rsReplicas(rs) !== newScale;
    if (!sizeChange && !replicasAnnotationsNeedUpdate(rs, r, max)) return { scaled: false, rs };
    const oldScale = rsReplicas(rs);
    const next = structuredClone(rs);
    next.spec = { ...next.spec, replicas: newScale };
    setReplicasAnnotations(next, r, max);
    const stored = this.updateReplicaSet(next, sizeChange);
    if (sizeChange) this.event("Normal", "ScalingReplicaSet", scalingMessage(op, rs.metadata.name!, oldScale, newScale));
    return { scaled: sizeChange, rs: stored };
  }
}
