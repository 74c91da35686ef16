import { ApiError } from "../../errors";
import { deleteWithPolicy } from "../deletion";
import { computeHash } from "../hash";
import { APPS, controllerOf, newControllerRef, REPLICASETS } from "../objects";
import { findCondition, newCondition, Reason, setCondition } from "./conditions";
import type { DeploymentSync } from "./context";
import { scalingMessage } from "./context";
import { plainStatus, rolloutStatus } from "./progress";
import {
  activeReplicaSets,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getProportion,
  HASH_LABEL,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  newRSNewReplicas,
  progressDeadlineSeconds,
  replicasOf,
  revisionHistoryLimit,
  REVISION,
  rsReplicas,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  sumSpec,
} from "./util";
import { STORE, type ReplicaSet, type ReplicaSetSpec } from "../../kinds";

/** ReplicaSetSpec.minReadySeconds is `omitempty`: 0 is left out, as the real RS JSON shows. */
function withMinReadySeconds(spec: ReplicaSetSpec, mrs: number): ReplicaSetSpec {
  const next = { ...spec };
  if (mrs) next.minReadySeconds = mrs;
  else delete next.minReadySeconds;
  return next;
}

/** getAllReplicaSetsAndSyncRevision: the new RS (created when asked) and the old ones. */
export function getAllReplicaSetsAndSyncRevision(
  s: DeploymentSync,
  rsList: ReplicaSet[],
  create: boolean,
): { newRS?: ReplicaSet; olds: ReplicaSet[] } {
  const olds = findOldReplicaSets(s.d, rsList);
  const newRS = getNewReplicaSet(s, rsList, olds, create);
  return { newRS, olds };
}

/** getNewReplicaSet (sync.go). */
export function getNewReplicaSet(s: DeploymentSync, rsList: ReplicaSet[], olds: ReplicaSet[], create: boolean): ReplicaSet | undefined {
  const d = s.d;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(olds) + 1;

  if (existing) {
    const copy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const mrs = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (copy.spec?.minReadySeconds ?? 0) !== mrs) {
      copy.spec = withMinReadySeconds(copy.spec ?? {}, mrs);
      // The Deployment's revision follows on the sync this RS update triggers.
      return s.updateReplicaSet(copy, (existing.spec?.minReadySeconds ?? 0) !== mrs);
    }
    const next = structuredClone(d);
    let needsUpdate = setDeploymentRevision(next, copy.metadata.annotations?.[REVISION] ?? "");
    if (progressDeadlineSeconds(d) !== undefined && !findCondition(d.status, "Progressing")) {
      next.status ??= {};
      setCondition(
        next.status,
        newCondition("Progressing", "True", Reason.FoundNewRS, `Found new replica set "${copy.metadata.name}"`, s.now()),
      );
      needsUpdate = true;
    }
    if (needsUpdate) {
      s.d = next;
      s.writeStatus();
    }
    return copy;
  }
  if (!create) return undefined;

  const collisionCount: number | undefined = d.status?.collisionCount;
  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(d.spec?.template ?? {}, collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
  const spec = withMinReadySeconds({ replicas: 0, selector, template }, d.spec?.minReadySeconds ?? 0);
  const rs: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      generation: 1,
      labels: { ...template.metadata.labels },
      ownerReferences: [newControllerRef(d)],
    },
    spec,
  };
  const count = newRSNewReplicas(d, [...olds, rs], rs);
  spec.replicas = count;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = s.store.create(STORE.replicasets, APPS, rs);
  } catch (err) {
    if (err instanceof ApiError && err.reason === "AlreadyExists") {
      alreadyExists = true;
      const found = s.store.get(STORE.replicasets, rs.metadata.namespace, rs.metadata.name!);
      if (found && controllerOf(found)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, found.spec?.template)) {
        created = found;
      } else {
        // A hash collision: bump collisionCount and try again with a different name.
        const next = structuredClone(d);
        next.status = { ...(next.status ?? {}), collisionCount: (collisionCount ?? 0) + 1 };
        s.d = next;
        s.writeStatus();
        throw err;
      }
    } else {
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
      if (progressDeadlineSeconds(d) !== undefined) {
        const next = structuredClone(d);
        next.status ??= {};
        setCondition(next.status, newCondition("Progressing", "False", Reason.FailedRSCreate, msg, s.now()));
        s.d = next;
        s.writeStatus();
      }
      s.event("Warning", Reason.FailedRSCreate, msg);
      throw err;
    }
  }
  if (!alreadyExists && count > 0) s.event("Normal", "ScalingReplicaSet", scalingMessage("up", created.metadata.name!, 0, count));
  const next = structuredClone(s.d);
  let needsUpdate = setDeploymentRevision(next, String(newRevision));
  if (!alreadyExists && progressDeadlineSeconds(d) !== undefined) {
    next.status ??= {};
    setCondition(
      next.status,
      newCondition("Progressing", "True", Reason.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, s.now()),
    );
    needsUpdate = true;
  }
  if (needsUpdate) {
    s.d = next;
    s.writeStatus();
  }
  return created;
}

/** scale (sync.go): proportional scaling on a scaling event or while paused. */
export function scale(s: DeploymentSync, newRS: ReplicaSet | undefined, olds: ReplicaSet[]): void {
  const d = s.d;
  const r = replicasOf(d);
  const only = findActiveOrLatest(newRS, olds);
  if (only) {
    if (rsReplicas(only) !== r) s.scaleAndRecord(only, r);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(olds)) s.scaleAndRecord(old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeReplicaSets([...olds, newRS]);
  const allowed = r > 0 ? r + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(all);
  let op = "";
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    op = "up";
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    op = "down";
  }
  let added = 0;
  const size = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = getProportion(rs, d, toAdd, added);
      size.set(rs.metadata.name!, rsReplicas(rs) + p);
      added += p;
    } else size.set(rs.metadata.name!, rsReplicas(rs));
  }
  all.forEach((rs, i) => {
    // Leftovers go to the largest RS.
    if (i === 0 && toAdd !== 0) size.set(rs.metadata.name!, Math.max(0, size.get(rs.metadata.name!)! + toAdd - added));
    s.scaleReplicaSet(rs, size.get(rs.metadata.name!)!, op);
  });
}

/** cleanupDeployment: delete the oldest fully scaled-down RSes beyond revisionHistoryLimit. */
export function cleanupDeployment(s: DeploymentSync, olds: ReplicaSet[]): void {
  const limit = revisionHistoryLimit(s.d);
  if (limit === undefined) return;
  const cleanable = olds.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0))
      continue;
    const current = s.store.get(STORE.replicasets, rs.metadata.namespace, rs.metadata.name!);
    // A background DELETE: the garbage collector then deletes its (already gone) pods.
    if (current && !current.metadata.deletionTimestamp) deleteWithPolicy(s.store, s.clock, REPLICASETS, current, "Background");
  }
}

/** syncRolloutStatus: writes the status with progress estimation, requeues for the deadline. */
export function syncRolloutStatus(s: DeploymentSync, all: ReplicaSet[], newRS: ReplicaSet | undefined): void {
  const { status, requeueAfterMs } = rolloutStatus(all, newRS, s.d, s.now());
  if (status) s.writeStatus(status);
  else if (requeueAfterMs !== undefined) s.queue.addAfter(`${s.d.metadata.namespace}/${s.d.metadata.name}`, requeueAfterMs);
}

/** syncDeploymentStatus: writes the status without progress estimation. */
export function syncDeploymentStatus(s: DeploymentSync, all: ReplicaSet[], newRS: ReplicaSet | undefined): void {
  const status = plainStatus(all, newRS, s.d, s.now());
  if (status) s.writeStatus(status);
}
