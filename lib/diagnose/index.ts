/** lib/diagnose: pure findings and triage checklists over a store (no I/O, `now` passed in). */
export * from "./diagnose";
