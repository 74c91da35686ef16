/**
 * The rolling-update budget the stage draws as two gauges (ROLLOUT-SPEC §4, §6): pods that
 * exist vs the ceiling R + maxSurge, and available pods vs the floor R − maxUnavailable.
 */
import type { BudgetView } from "./types";

/** Counts of one Deployment's pods that the budget needs. */
export interface BudgetCounts {
  /** Active pods (not terminating, not terminal) across all owned ReplicaSets. */
  totalPods: number;
  /** Available pods across all owned ReplicaSets. */
  available: number;
}

/**
 * The budget for replicas R with resolved fenceposts. Recreate promises no overlap, not
 * availability: its ceiling is R and its floor 0 (every old pod goes before a new one starts),
 * although its resolved maxUnavailable is 0 (§1).
 */
export function rolloutBudget(
  replicas: number,
  fence: { maxSurge: number; maxUnavailable: number },
  counts: BudgetCounts,
  strategy: "RollingUpdate" | "Recreate" = "RollingUpdate",
): BudgetView {
  return {
    totalPods: counts.totalPods,
    maxTotal: replicas + fence.maxSurge,
    surgeUsed: Math.max(0, counts.totalPods - replicas),
    available: counts.available,
    minAvailable: strategy === "Recreate" ? 0 : replicas - fence.maxUnavailable,
    unavailableUsed: Math.max(0, replicas - counts.available),
  };
}
