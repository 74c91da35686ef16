/** lib/diagnose: pure findings and triage checklists over a store (no I/O, `now` passed in). */
export * from "./diagnose";
export * from "./triage";
export { diagnoseContext, type DiagnoseContext, type DeploymentFacts, type ServiceFacts } from "./context";
export type { CheckStatus, TriageCheck, TriageTarget } from "./triageChecks";
export type { Fallback } from "./siblings";
export { buildDeploymentFacts, buildEach, buildServiceFacts, ownerIndex } from "./context";
export { WORKLOAD_CHECKS } from "./checks";
export { SERVICE_CHECKS } from "./serviceFindings";
export { neverReadyFrom } from "./workloadFindings";
export { refOf, duration } from "./context";
export {
  blindProbeFinding,
  deadlineFinding,
  readySeconds,
  rollbackBlocker,
  rollbackFinding,
  slowestReady,
  SLOW_READY_SECONDS,
} from "./riskFindings";
export { deploymentsSelectedBy, emptiesServiceFinding, rolloutFloor } from "./riskService";
export { pdbSelects } from "./capacityRisks";
