// Lint and layer rules, run by `npm test` (scripts/test-all.mjs) and `npm run lint`.
// The layers (docs/ARCHITECTURE.md): lib/model ← lib/diagnose ← lib/response ← I/O, routes;
// components render view models and import no server module. Test support is for tests only.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// Test support lives in test/ (docs/ARCHITECTURE.md): helpers, fixtures' loaders, fault proxies.
// Only tests, e2e/, bench/ and the scripts that drive tests may import it, or a test file itself.
const TEST_SUPPORT = ["@/test/**", "**/test/**", "test/**", "**/*.test", "**/*.test.ts", "**/*.test.tsx"];
const TEST_CODE = ["test/**", "e2e/**", "bench/**", "**/*.test.ts", "**/*.test.tsx", "scripts/test-*.mjs"];
const IO = ["node:*", "fs", "path", "child_process", "http", "https", "net", "crypto"];

/** A no-restricted-imports rule forbidding imports of these path patterns (and always test support). */
function forbid(message, patterns) {
  return [
    "error",
    {
      patterns: [
        { group: patterns, message },
        { group: TEST_SUPPORT, message: "test support is for tests only" },
      ],
    },
  ];
}

/**
 * Files of lib/ that still hold wire-JSON `any` behind a disable comment (issue 13): the debt,
 * to shrink file by file; empty now. Everywhere else in lib/ an inline directive has no effect,
 * so `any` cannot be let back in by a comment.
 */
const ANY_DEBT = [];

const layer = (dirs) => ["../../lib/", "../", "@/lib/"].flatMap((p) => dirs.map((d) => `${p}${d}`)).concat(dirs.map((d) => `**/lib/${d}`));

export default tseslint.config(
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  { ignores: [".next/**", "node_modules/**", "e2e/artifacts/**", "test-results/**", "playwright-report/**", "**/*.d.ts", "recordings/**"] },
  ...tseslint.configs.strict,
  {
    rules: {
      // Indexing after a length check or a has(): the type system cannot see it, the tests do.
      "@typescript-eslint/no-non-null-assertion": "off",
      // Records keyed by uid are the store's shape; deleting a key is how an object leaves.
      "@typescript-eslint/no-dynamic-delete": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  // CommonJS config files (the dependency-cruiser rules) load their helpers with require().
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  // The classic hook rules; the React Compiler's rules (refs, set-state-in-effect, …) assume the
  // compiler, which this app does not use.
  {
    files: ["components/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  // Product code never imports test support, wherever it sits.
  {
    files: ["**/*.{ts,tsx,mjs,js}"],
    ignores: TEST_CODE,
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: TEST_SUPPORT, message: "test support is for tests only" }] }] },
  },
  // No `any` in lib/ (unknown plus typed readers), and no comment that switches the rule off.
  {
    files: ["lib/**/*.ts"],
    ignores: ["**/*.test.ts", ...ANY_DEBT],
    linterOptions: { noInlineConfig: true },
    rules: { "@typescript-eslint/no-explicit-any": "error" },
  },
  ...(ANY_DEBT.length > 0 ? [{ files: ANY_DEBT, rules: { "@typescript-eslint/no-explicit-any": "error" } }] : []),
  // The layers (after the general rule: the later config wins for a file both match).
  {
    files: ["lib/model/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": forbid("lib/model is the bottom layer: pure views, no I/O", [
        ...layer(["diagnose*", "response*", "kube*", "labcluster*", "cli*", "timeline*", "labs*", "classroom*", "security*", "plan*"]),
        ...IO,
        "react",
        "react-dom",
      ]),
    },
  },
  {
    files: ["lib/diagnose/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": forbid("lib/diagnose sits on lib/model only: pure findings, no I/O", [
        ...layer(["response*", "kube*", "labcluster*", "cli*", "timeline*", "labs*", "classroom*", "security*", "plan*"]),
        ...IO,
        "react",
        "react-dom",
      ]),
    },
  },
  {
    files: ["lib/response/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": forbid("lib/response assembles lib/model and lib/diagnose: pure, no I/O", [
        ...layer(["kube*", "labcluster*", "cli*", "timeline*", "labs*", "classroom*", "security*", "plan*"]),
        ...IO,
        "react",
        "react-dom",
      ]),
    },
  },
  {
    files: ["lib/plan/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": forbid("lib/plan is a pure planner over lib/model and lib/diagnose: no I/O", [
        ...layer(["kube*", "labcluster*", "cli*", "timeline*", "labs*", "classroom*", "security*"]),
        ...IO,
        "react",
        "react-dom",
      ]),
    },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": forbid(
        "components render view models: no server modules (the stream contract is lib/kube/stream-protocol)",
        [
          ...IO,
          "@/lib/labcluster*",
          "@/lib/cli*",
          "@/lib/kube/*",
          "!@/lib/kube/stream-protocol",
          "@/lib/timeline/recorder*",
          "@/lib/timeline/source*",
        ],
      ),
    },
  },
);
