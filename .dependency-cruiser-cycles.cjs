// No import cycle anywhere in the project, type-only imports included (issue 13 item 1): a cycle
// through `import type` still ties two modules into one. Run by `npm run lint:graph`; the
// browser-reach rules are in .dependency-cruiser.cjs (runtime imports only).
const { options } = require("./.dependency-cruiser.cjs");

/**
 * Cycles that exist and are someone's to untie, like ANY_DEBT in eslint.config.mjs: a cycle
 * through one of these modules is not reported. Shrink it; never grow it.
 */
const CYCLE_DEBT = [];

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "Imports point one way; a cycle (type-only imports included) means two modules are really one.",
      from: {},
      to: { circular: true, ...(CYCLE_DEBT.length > 0 ? { viaNot: CYCLE_DEBT } : {}) },
    },
  ],
  options: { ...options, tsPreCompilationDeps: true },
};
