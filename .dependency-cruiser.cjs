// Import-graph rules that a per-file lint cannot see (issue 13), run by `npm run lint` and `npm test`
// (`npm run lint:graph`). This file: browser code never REACHES a Node built-in or a server module,
// however many pure-looking modules sit between (components/labs/ApplyStep → lib/labs/applyRun →
// node:child_process once broke `next build`); the only server modules it may reach are the
// stream contract's. Runtime imports only: an `import type` is erased before the bundler sees it.
// No import cycle, type-only imports included: .dependency-cruiser-cycles.cjs.
// Per-file layer rules stay in eslint.config.mjs.
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const NODE_BUILTINS = require("node:module").builtinModules.filter((m) => !m.startsWith("_"));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** app/ files that start with the "use client" directive: they run in the browser. */
function clientFilesIn(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => /^\s*["']use client["']/.test(readFileSync(f, "utf8")));
}

const BROWSER = ["^components/", ...clientFilesIn("app").map((f) => `^${escape(f)}$`)];
const TESTS = ["\\.test\\.tsx?$", "^test/"];

module.exports = {
  forbidden: [
    {
      name: "browser-reaches-node",
      severity: "error",
      comment: "Browser code (components/, 'use client' files) must not reach a Node built-in through any chain of imports.",
      from: { path: BROWSER, pathNot: TESTS },
      to: { path: `^(node:)?(${NODE_BUILTINS.map(escape).join("|")})(/|$)`, reachable: true },
    },
    {
      name: "browser-reaches-server",
      severity: "error",
      comment:
        "Browser code reaches no server module but the browser-safe stream contract: lib/kube/stream-protocol.ts and the codec it decodes with (stream-codec, wire-*).",
      from: { path: BROWSER, pathNot: TESTS },
      to: {
        path: "^lib/(kube|labcluster|cli|security)/",
        pathNot: "^lib/kube/(stream-protocol|stream-codec|wire-[a-z-]+)\\.ts$",
        reachable: true,
      },
    },
  ],
  options: {
    // what the bundler sees: type-only imports are erased
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^\\.next/", "^node_modules/", "\\.d\\.ts$"] },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
