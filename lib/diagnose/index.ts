/** lib/diagnose: pure findings and triage checklists over a store (no I/O, `now` passed in). */
export * from "./diagnose";
export * from "./triage";
export { diagnoseContext, type DiagnoseContext, type DeploymentFacts, type ServiceFacts } from "./context";
