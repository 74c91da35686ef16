/**
 * The import-graph rules (.dependency-cruiser.cjs, .dependency-cruiser-cycles.cjs) bite: on a small
 * tree written for the test, a component that reaches node:child_process through two pure-looking
 * modules, or a server module through a view, is an error; a type-only import, the stream contract
 * and code outside components/ are not; a cycle of one `import type` and one import is an error.
 * `npm run lint:graph` runs the same rules on the real tree.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type ICruiseResult, type IForbiddenRuleType } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
interface Config {
  forbidden: IForbiddenRuleType[];
  options: { tsPreCompilationDeps: boolean };
}
const browser: Config = require("../.dependency-cruiser.cjs");
const cycles: Config = require("../.dependency-cruiser-cycles.cjs");

const TREE: Record<string, string> = {
  "components/labs/Apply.tsx": 'import { runStep } from "../../lib/labs/run";\nexport const Apply = () => runStep;\n',
  "lib/labs/run.ts": 'import { spawnStep } from "./spawn";\nexport const runStep = () => spawnStep();\n',
  "lib/labs/spawn.ts":
    'import { execFile } from "node:child_process";\nexport type Outcome = { code: number };\nexport const spawnStep = () => execFile;\n',
  "components/labs/Outcome.tsx": 'import type { Outcome } from "../../lib/labs/spawn";\nexport const show = (o: Outcome) => o.code;\n',
  "components/chrome/Status.tsx": 'import { statusView } from "../../lib/model/status";\nexport const Status = () => statusView;\n',
  "lib/model/status.ts": 'import { createHub } from "../kube/hub";\nexport const statusView = createHub;\n',
  "lib/kube/hub.ts": "export const createHub = () => 1;\n",
  "components/stream/decode.ts": 'import { decodeDelta } from "../../lib/kube/stream-protocol";\nexport const decode = decodeDelta;\n',
  "lib/kube/stream-protocol.ts": 'import { expand } from "./stream-codec";\nexport const decodeDelta = expand;\n',
  "lib/kube/stream-codec.ts": "export const expand = (s: string) => s;\n",
  "lib/cli/main.ts":
    'import { execFile } from "node:child_process";\nimport { createHub } from "../kube/hub";\nexport const main = [execFile, createHub];\n',
  "lib/model/a.ts": 'import type { B } from "./b";\nexport type A = { b?: B };\nexport const a = 1;\n',
  "lib/model/b.ts": 'import { a, type A } from "./a";\nexport const b = (x: A) => x.b ?? a;\nexport type B = number;\n',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "import-graph-"));
  for (const [file, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function violations(config: Config): Promise<string[]> {
  const { output } = await cruise(["components", "lib"], {
    baseDir: dir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    tsPreCompilationDeps: config.options.tsPreCompilationDeps,
  });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe("import graph rules", () => {
  it("browser code may not reach a Node built-in or a server module through any chain; the contract, type imports and lib/cli may", async () => {
    expect(await violations(browser)).toEqual([
      "browser-reaches-node: components/labs/Apply.tsx -> child_process",
      "browser-reaches-server: components/chrome/Status.tsx -> lib/kube/hub.ts",
    ]);
  });

  it("a cycle is an error even when one of its imports is type-only", async () => {
    const found = await violations(cycles);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((v) => /^no-cycle: lib\/model\/[ab]\.ts -> lib\/model\/[ab]\.ts$/.test(v))).toBe(true);
    // only the type-only import closes it: on the runtime graph there is none
    expect(await violations({ ...cycles, options: { tsPreCompilationDeps: false } })).toEqual([]);
  });
});
