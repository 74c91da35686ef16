/**
 * Scaling a Deployment mid-rollout: isScalingEvent and the proportional split of `scale` in
 * pkg/controller/deployment/sync.go (ROLLOUT-SPEC §7). Pure arithmetic over ReplicaSet specs.
 */
import { ANN_DESIRED_REPLICAS, ANN_MAX_REPLICAS, timeMs } from "./raw";
import type { RawReplicaSet } from "./rawKinds";

/** A ReplicaSet's spec.replicas and where the controller will set it. */
export interface ScaleChange {
  replicaSet: RawReplicaSet;
  from: number;
  to: number;
}

const spec = (rs: RawReplicaSet): number => rs.spec?.replicas ?? 0;

/** An active RS (spec > 0) whose desired-replicas annotation differs from R: the controller runs `sync`. */
export function isScalingEvent(replicas: number, replicaSets: readonly RawReplicaSet[]): boolean {
  return replicaSets.some((rs) => {
    if (spec(rs) <= 0) return false;
    const v = rs.metadata.annotations?.[ANN_DESIRED_REPLICAS];
    return v !== undefined && Number(v) !== replicas;
  });
}

/**
 * The RS sizes `scale` moves to. `newRs` may be undefined (template edited, paused). Returns only
 * the ReplicaSets that change; empty when nothing does.
 */
export function proportionalScale(
  replicas: number,
  maxSurge: number,
  rollingUpdate: boolean,
  replicaSets: readonly RawReplicaSet[],
  newRs: RawReplicaSet | undefined,
  newRsAvailable: number,
  statusReplicas: number,
): ScaleChange[] {
  const active = replicaSets.filter((rs) => spec(rs) > 0);
  // One active RS (or none: the newest takes it) is simply set to R.
  if (active.length <= 1) {
    const target =
      active[0] ??
      newRs ??
      [...replicaSets].sort((a, b) => (timeMs(b.metadata.creationTimestamp) ?? 0) - (timeMs(a.metadata.creationTimestamp) ?? 0))[0];
    return target && spec(target) !== replicas ? [{ replicaSet: target, from: spec(target), to: replicas }] : [];
  }
  // New RS saturated: the old ones go to zero.
  if (newRs && spec(newRs) === replicas && newRsAvailable >= replicas) {
    return active.filter((rs) => rs !== newRs).map((rs) => ({ replicaSet: rs, from: spec(rs), to: 0 }));
  }
  if (!rollingUpdate) return [];
  const allowed = replicas + maxSurge;
  const toAdd = allowed - active.reduce((n, rs) => n + spec(rs), 0);
  if (toAdd === 0) return [];
  const created = (rs: RawReplicaSet): number => timeMs(rs.metadata.creationTimestamp) ?? 0;
  const sorted = [...active].sort((a, b) => spec(b) - spec(a) || (toAdd > 0 ? created(b) - created(a) : created(a) - created(b)));
  let added = 0;
  const sizes = new Map<RawReplicaSet, number>();
  for (const rs of sorted) {
    const left = toAdd - added;
    const annotated = Number(rs.metadata.annotations?.[ANN_MAX_REPLICAS] ?? statusReplicas) || statusReplicas;
    // getReplicaSetFraction: R=0 removes everything; otherwise scale by (R+surge)/max-replicas.
    const fraction = replicas === 0 ? -spec(rs) : annotated > 0 ? Math.round((spec(rs) * allowed) / annotated) - spec(rs) : 0;
    const proportion = toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
    sizes.set(rs, spec(rs) + proportion);
    added += proportion;
  }
  // Leftovers go to the largest RS.
  const first = sorted[0];
  sizes.set(first, (sizes.get(first) ?? spec(first)) + (toAdd - added));
  return sorted
    .filter((rs) => sizes.get(rs) !== spec(rs))
    .map((rs) => ({ replicaSet: rs, from: spec(rs), to: Math.max(0, sizes.get(rs) ?? 0) }));
}
