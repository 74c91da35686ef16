#!/usr/bin/env node
// `npm test`: every suite, one after the other, then ONE line `N passed, N failed` summed over
// all of them (CI reads that line). A suite that cannot run at all counts as one failure.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "test-results");
mkdirSync(out, { recursive: true });

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let text = "";
    p.stdout.on("data", (d) => {
      process.stdout.write(d);
      text += d;
    });
    p.stderr.on("data", (d) => {
      process.stderr.write(d);
      text += d;
    });
    p.on("close", (code) => resolve({ code: code ?? 1, text }));
    p.on("error", (e) => resolve({ code: 1, text: String(e) }));
  });
}

const readJson = (f) => {
  try {
    return JSON.parse(readFileSync(f, "utf8"));
  } catch {
    return undefined;
  }
};
const lastCountLine = (text) => {
  const m = [...text.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};

const suites = [];
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

if (want("typecheck")) {
  const r = await run("npx", ["tsc", "--noEmit", "-p", "."]);
  suites.push({ name: "typecheck", passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 });
}

if (want("lint")) {
  // ESLint (typescript-eslint strict, react-hooks, the layer and test-support import rules) and
  // the formatter's check; each counts as one test.
  const lint = await run("npx", ["eslint", "."]);
  suites.push({ name: "lint (eslint)", passed: lint.code === 0 ? 1 : 0, failed: lint.code === 0 ? 0 : 1 });
  // The import graph (dependency-cruiser): browser code reaches no Node built-in or server module
  // through any chain of imports; no cycle, type-only imports included.
  const graph = await run("npm", ["run", "--silent", "lint:graph"]);
  suites.push({ name: "lint (import graph)", passed: graph.code === 0 ? 1 : 0, failed: graph.code === 0 ? 0 : 1 });
  if (existsSync(join(root, ".prettierrc.json"))) {
    const fmt = await run("npx", ["prettier", "--check", "--log-level=warn", "."]);
    suites.push({ name: "format (prettier --check)", passed: fmt.code === 0 ? 1 : 0, failed: fmt.code === 0 ? 0 : 1 });
  }
}

if (want("unit")) {
  const f = join(out, "vitest.json");
  rmSync(f, { force: true });
  const r = await run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${f}`]);
  const j = readJson(f);
  suites.push(
    j
      ? {
          name: "unit (vitest)",
          passed: j.numPassedTests,
          failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0) + (r.code !== 0 && j.numFailedTests === 0 ? 1 : 0),
        }
      : { name: "unit (vitest)", passed: 0, failed: 1 },
  );
}

if (want("e2e") && existsSync(join(root, "playwright.config.ts"))) {
  const b = await run("npx", ["next", "build"]);
  if (b.code !== 0) suites.push({ name: "e2e (next build)", passed: 0, failed: 1 });
  else {
    const f = join(out, "playwright.json");
    rmSync(f, { force: true });
    const r = await run("npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: f });
    const j = readJson(f);
    const s = j?.stats;
    suites.push(
      s
        ? {
            name: "e2e (playwright)",
            passed: s.expected + (s.flaky ?? 0),
            failed: s.unexpected + (r.code !== 0 && s.unexpected === 0 ? 1 : 0),
          }
        : { name: "e2e (playwright)", passed: 0, failed: 1 },
    );
  }
}

if (want("k8s") && existsSync(join(root, "scripts", "test-k8s.mjs"))) {
  const r = await run(process.execPath, [join(root, "scripts", "test-k8s.mjs")]);
  const c = lastCountLine(r.text);
  suites.push({
    name: "real control plane (test:k8s)",
    passed: c?.passed ?? 0,
    failed: (c?.failed ?? 0) + (r.code !== 0 && !c?.failed ? 1 : 0),
  });
}

console.log("\nSuite                               passed  failed");
for (const s of suites) console.log(`${s.name.padEnd(36)}${String(s.passed).padStart(6)}  ${String(s.failed).padStart(6)}`);
const passed = suites.reduce((a, s) => a + s.passed, 0);
const failed = suites.reduce((a, s) => a + s.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
