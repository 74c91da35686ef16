/**
 * lib/model: pure views over raw Kubernetes objects (no I/O, no clock: `now` is a parameter).
 * Runs the same on the server and in the browser.
 */
export * from "./types";
export * from "./raw";
export * from "./rawKinds";
export * from "./store";
export * from "./ownedStore";
export * from "./fenceposts";
export * from "./pod";
export * from "./templates";
export * from "./rolloutStatus";
export * from "./budget";
export * from "./deletionRank";
export * from "./nextStep";
export * from "./rollout";
export * from "./traffic";
export * from "./proportionalScale";
export * from "./objectIndex";
export * from "./wire";
export * from "./sanitize";
