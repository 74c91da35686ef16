import { resolveFenceposts } from "../../../model/fenceposts";
import type { KObj } from "../../types";
import { semanticEqual } from "../objects";
import type { Deployment, PodTemplateSpec, ReplicaSet, ReplicaSetStatus } from "../../kinds";

/**
 * Helpers of pkg/controller/deployment/util/deployment_util.go, over plain JSON objects.
 * Specs may come straight from the Store, so every default the apiserver would have applied is
 * re-applied here (replicas 1, RollingUpdate 25%/25%, history 10, deadline 600 s).
 */
export const HASH_LABEL = "pod-template-hash";
export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const ROLLBACK_TO = "deprecated.deployment.rollback.to";
const SKIP_COPY = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);
const MAX_INT32 = 2147483647;
// maxRevHistoryLengthInChars in sync.go.
const MAX_REV_HISTORY_CHARS = 2000;

export const replicasOf = (d: Deployment): number => d.spec?.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSet): number => rs.spec?.replicas ?? 1;
export const isRollingUpdate = (d: Deployment): boolean => (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
export const isRecreate = (d: Deployment): boolean => d.spec?.strategy?.type === "Recreate";

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d.spec ?? {}).maxSurge : 0;
}

export function maxUnavailable(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d.spec ?? {}).maxUnavailable : 0;
}

export function progressDeadlineSeconds(d: Deployment): number | undefined {
  const v = d.spec?.progressDeadlineSeconds ?? 600;
  return v === MAX_INT32 ? undefined : v;
}

export function revisionHistoryLimit(d: Deployment): number | undefined {
  const v = d.spec?.revisionHistoryLimit ?? 10;
  return v === MAX_INT32 ? undefined : v;
}

const created = (o: KObj): number => Date.parse(o.metadata.creationTimestamp ?? "") || 0;

/** ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreation(a: KObj, b: KObj): number {
  return created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);
}

/** ReplicaSetsByRevision: lower revision first, then by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** ReplicaSetsBySizeNewer (scaling up: larger first, ties newer first). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return rsReplicas(b) - rsReplicas(a) || byCreation(b, a);
}

/** ReplicaSetsBySizeOlder (scaling down: larger first, ties older first). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return rsReplicas(b) - rsReplicas(a) || byCreation(a, b);
}

export function revisionOf(rs: ReplicaSet): number {
  const v = rs.metadata.annotations?.[REVISION];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
  return t;
}

/** EqualIgnoreHash: templates deep-equal once pod-template-hash is dropped from the labels. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}

/** FindNewReplicaSet: the oldest RS whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: every other RS. */
export function findOldReplicaSets(d: Deployment, rss: ReplicaSet[]): ReplicaSet[] {
  const n = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs.metadata.uid !== n?.metadata.uid);
}

export const activeReplicaSets = (rss: (ReplicaSet | undefined)[]): ReplicaSet[] =>
  rss.filter((rs): rs is ReplicaSet => !!rs && rsReplicas(rs) > 0);
export const sumSpec = (rss: (ReplicaSet | undefined)[]): number => rss.reduce((s, rs) => s + (rs ? rsReplicas(rs) : 0), 0);
/** The ReplicaSet status counters. */
type StatusCount = Exclude<keyof ReplicaSetStatus, "conditions">;

export const sumStatus = (rss: (ReplicaSet | undefined)[], field: StatusCount): number =>
  rss.reduce((s, rs) => s + (rs?.status?.[field] ?? 0), 0);

/** NewRSNewReplicas: how big the new RS may be now. */
export function newRSNewReplicas(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const r = replicasOf(d);
  const maxTotal = r + maxSurge(d);
  const current = sumSpec(all);
  if (current >= maxTotal) return rsReplicas(newRS);
  return rsReplicas(newRS) + Math.min(maxTotal - current, r - rsReplicas(newRS));
}

/** SetReplicasAnnotations; returns whether anything changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations (minus the skip list), bumps
 * the revision (keeping the old one in revision-history when an older RS is reused) and, for a
 * RS about to be created, sets desired-replicas and max-replicas. Returns whether it changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const oldRevision = a[REVISION];
  const oldRevisionInt = oldRevision === undefined ? 0 : Number(oldRevision);
  if (oldRevision !== undefined && !Number.isInteger(oldRevisionInt)) return false;
  if (oldRevisionInt < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
  }
  if (oldRevision !== undefined && oldRevisionInt < newRevision) {
    const history = a[REVISION_HISTORY] ?? "";
    if (history === "") a[REVISION_HISTORY] = oldRevision;
    else {
      let revs = history.split(",");
      let total = history.length + oldRevision.length + 1;
      while (total > MAX_REV_HISTORY_CHARS && revs.length > 0) {
        total -= revs[0]!.length + 1;
        revs = revs.slice(1);
      }
      if (total <= MAX_REV_HISTORY_CHARS) a[REVISION_HISTORY] = [...revs, oldRevision].join(",");
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const a = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/** SetDeploymentRevision; returns whether it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION] === revision) return false;
  a[REVISION] = revision;
  return true;
}

/** IsSaturated: the new RS runs R available pods and knows R is wanted. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS]);
  const r = replicasOf(d);
  return desired === r && rsReplicas(rs) === r && (rs.status?.availableReplicas ?? 0) === r;
}

/** FindActiveOrLatest: the only active RS, or the newest when none is active. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, olds: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && olds.length === 0) return undefined;
  const sorted = [...olds].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...sorted, newRS]);
  if (active.length === 0) return newRS ?? sorted[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** GetProportion: this RS's share of `toAdd`, clamped to what is left to add or remove. */
export function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentMax = replicasOf(d) + maxSurge(d);
  let before = Number(rs.metadata.annotations?.[MAX_REPLICAS]);
  if (!Number.isInteger(before) || before === 0) {
    // No annotation (someone scaled the RS by hand): fall back to the Deployment's size.
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return goRound((rsReplicas(rs) * deploymentMax) / before) - rsReplicas(rs);
}

/** math.Round: half away from zero. */
export function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}
