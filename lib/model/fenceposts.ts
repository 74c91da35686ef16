/**
 * maxSurge / maxUnavailable resolution, exactly as the deployment controller does it
 * (docs/ROLLOUT-SPEC.md §1, deployment_util.go ResolveFenceposts). Used by the lab cluster's
 * controller and by the dashboard's budget gauges: one implementation of the rule.
 */
export type IntOrPercent = number | string | undefined | null;

export interface Fenceposts {
  maxSurge: number;
  maxUnavailable: number;
}

/** Parses "25%" or 3. Returns undefined for anything else (validation reports it). */
export function parseIntOrPercent(v: IntOrPercent): { value: number; percent: boolean } | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? { value: v, percent: false } : undefined;
  if (typeof v !== "string") return undefined;
  const m = /^(\d+)%$/.exec(v);
  if (m) return { value: Number(m[1]), percent: true };
  // The apiserver treats a string without % as invalid, not as a number.
  return undefined;
}

/** GetScaledValueFromIntOrPercent: percentages of `total`, rounded up or down. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  const p = parseIntOrPercent(v);
  if (!p) return 0;
  if (!p.percent) return p.value;
  const exact = (p.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * Resolves the fenceposts of a Deployment spec. `strategy` defaults to RollingUpdate with
 * 25%/25%, like the apiserver's defaulting.
 */
export function resolveFenceposts(spec: {
  replicas?: number;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } };
}): Fenceposts {
  const replicas = spec.replicas ?? 1;
  const type = spec.strategy?.type ?? "RollingUpdate";
  if (type !== "RollingUpdate") return { maxSurge: 0, maxUnavailable: 0 };
  const ru = spec.strategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? "25%", replicas, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? "25%", replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: replicas === 0 ? 0 : Math.min(unavailable, replicas) };
}
