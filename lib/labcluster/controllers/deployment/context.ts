import type { Clock } from "../../clock";
import { recordEvent } from "../../events";
import type { Store } from "../../store";
import { APPS } from "../objects";
import type { Queue } from "../workqueue";
import type { DeploymentStatus } from "./conditions";
import { maxSurge, replicasAnnotationsNeedUpdate, replicasOf, rsReplicas, setReplicasAnnotations } from "./util";
import { STORE, type Deployment, type ReplicaSet } from "../../kinds";

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
    public d: Deployment,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** UpdateStatus: writes `status` (and any annotation changes made on `this.d`). */
  writeStatus(status: DeploymentStatus = this.d.status ?? {}): void {
    const next = structuredClone(this.d);
    next.status = status;
    this.d = this.store.update(STORE.deployments, APPS, next);
  }

  event(type: "Normal" | "Warning", reason: string, message: string): void {
    recordEvent(this.store, this.d, type, reason, message, COMPONENT);
  }

  /** Writes a ReplicaSet the controller changed, bumping generation when its spec changed. */
  updateReplicaSet(rs: ReplicaSet, specChanged: boolean): ReplicaSet {
    const next = structuredClone(rs);
    // The Store does not bump generation (the HTTP layer does); this write bypasses it.
    if (specChanged) next.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    return this.store.update(STORE.replicasets, APPS, next);
  }

  /** scaleReplicaSetAndRecordEvent. */
  scaleAndRecord(rs: ReplicaSet, newScale: number): { scaled: boolean; rs: ReplicaSet } {
    if (rsReplicas(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, rsReplicas(rs) < newScale ? "up" : "down");
  }

  /** scaleReplicaSet: sets size and the desired/max-replicas annotations; event on a size change. */
  scaleReplicaSet(rs: ReplicaSet, newScale: number, op: string): { scaled: boolean; rs: ReplicaSet } {
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
