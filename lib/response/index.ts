/**
 * lib/response: the assembler above lib/model (views) and lib/diagnose (findings): the JSON of
 * GET /api/rollouts, from scratch (rolloutsResponse) or kept up to date event by event
 * (createLiveRollouts). Pure, like the two layers it assembles.
 */
export * from "./rolloutsResponse";
export * from "./live";
