/**
 * Every check, one function per finding code, in the order findings are produced. Kept apart
 * from the checks themselves so that the risk findings can build on the failure findings without
 * a circle of imports.
 */
import type { Finding } from "../model/types";
import type { DiagnoseContext } from "./context";
import { rolloutBelowDisruptionBudget, surgeDoesNotFit } from "./liveCapacity";
import { progressDeadlineTooShort, readinessProbeBlind, rollbackNotPossible } from "./riskFindings";
import { SERVICE_CHECKS } from "./serviceFindings";
import {
  crashLoop,
  imagePullFailure,
  missingReadinessProbe,
  noRollbackTarget,
  progressDeadlineExceeded,
  readinessNeverPasses,
  rolloutPaused,
  unschedulable,
} from "./workloadFindings";

export { SERVICE_CHECKS };

/** Every workload check. */
export const WORKLOAD_CHECKS: readonly ((ctx: DiagnoseContext) => Finding[])[] = [
  missingReadinessProbe,
  readinessNeverPasses,
  progressDeadlineExceeded,
  rolloutPaused,
  noRollbackTarget,
  imagePullFailure,
  crashLoop,
  unschedulable,
  // Risks of the next rollout (riskFindings.ts): warnings before anything fails.
  rollbackNotPossible,
  progressDeadlineTooShort,
  readinessProbeBlind,
  // Risks that read cluster state beyond the Deployment's own objects (liveCapacity.ts).
  surgeDoesNotFit,
  rolloutBelowDisruptionBudget,
];

/** Every workload finding. */
export function workloadFindings(ctx: DiagnoseContext): Finding[] {
  return WORKLOAD_CHECKS.flatMap((check) => check(ctx));
}
