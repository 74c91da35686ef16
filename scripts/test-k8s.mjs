#!/usr/bin/env node
// `npm run test:k8s`: builds (or reuses) kube-apiserver, kube-controller-manager, kubectl and etcd
// from source with Go, then runs the differential suite (e2e/k8s/diff/suite.ts): each scenario on
// the real control plane and on the embedded lab cluster, traces compared.
// Without Go it skips LOUDLY; with CI=true it never skips (exit 1 instead).
// Arguments are passed to the suite (--only a,b  --time-scale N  --real-only  --keep).
// The suite runs twice: the lab's own controllers, then (issue 18) the real kube-controller-manager
// in its default protobuf encoding on the lab API server. `--lab-kcm` runs only the second.
import { spawnSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ci = process.env.CI === "true" || process.env.CI === "1";

const go = spawnSync("go", ["version"], { encoding: "utf8" });
if (go.error || go.status !== 0) {
  const bar = "!".repeat(78);
  console.error(
    `\n${bar}\n!!! test:k8s: no Go toolchain on PATH, so the real Kubernetes control plane\n!!! cannot be built and the differential suite did NOT run.\n!!! Install Go >= 1.25 (https://go.dev/dl/) to run it.\n${bar}\n`,
  );
  if (ci) {
    console.error("test:k8s: CI=true, refusing to skip");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  console.log("skipped: 0 passed, 0 failed");
  process.exit(0);
}
console.error(`test:k8s: ${go.stdout.trim()}`);

const bin = path.join(root, "node_modules", ".bin");
// node_modules/.bin first on PATH: tsx's `#!/usr/bin/env node` then finds the pinned Node 24.
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
// The harness's own unit tests first (seconds): a broken comparison must not report "equal".
const unit = spawnSync(path.join(bin, "vitest"), ["run", "--config", "e2e/k8s/vitest.config.ts"], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
  env,
  encoding: "utf8",
});
if (unit.status !== 0) {
  process.stdout.write(unit.stdout ?? "");
  console.error("test:k8s: the harness unit tests (e2e/k8s/**/*.test.ts) failed");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
/** Runs a tsx script, echoing its output, and reads its last `N passed, N failed` line. */
function runCounted(script, args) {
  return new Promise((resolve) => {
    const child = spawn(path.join(bin, "tsx"), [path.join(root, script), ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env,
    });
    const stop = (sig) => child.kill(sig);
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on("close", (code) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
      const passed = m ? Number(m[1]) : 0;
      const failed = m ? Number(m[2]) : 0;
      resolve({ passed, failed: failed + (code !== 0 && failed === 0 ? 1 : 0) });
    });
  });
}

const suiteArgs = process.argv.slice(2);
const kcmOnly = suiteArgs.includes("--lab-kcm");
const labControllers = kcmOnly ? { passed: 0, failed: 0 } : await runCounted("e2e/k8s/diff/suite.ts", suiteArgs);
const kcmArgs = [
  ...suiteArgs.filter((a, i) => a !== "--lab-kcm" && a !== "--time-scale" && suiteArgs[i - 1] !== "--time-scale"),
  "--lab-kcm",
];
const labKcm = suiteArgs.includes("--real-only") ? { passed: 0, failed: 0 } : await runCounted("e2e/k8s/diff/suite.ts", kcmArgs);
const diff = { passed: labControllers.passed + labKcm.passed, failed: labControllers.failed + labKcm.failed };
// The dashboard and the in-cluster RBAC on the real control plane (skipped with --only: a subset run).
const live = suiteArgs.includes("--only") || kcmOnly ? { passed: 0, failed: 0 } : await runCounted("e2e/k8s/real-dashboard.ts", []);
// Issue 8's faults on the real control plane: restart, 410, a minute refused, silent watch, RBAC, revoked token.
const faults = suiteArgs.includes("--only") || kcmOnly ? { passed: 0, failed: 0 } : await runCounted("e2e/k8s/faults-real.ts", []);
// Issue 16's pipeline gate on the real control plane: rollscope wait and plan against the real controllers.
const gate = suiteArgs.includes("--only") || kcmOnly ? { passed: 0, failed: 0 } : await runCounted("e2e/k8s/gate-real.ts", []);
const passed = diff.passed + live.passed + faults.passed + gate.passed;
const failed = diff.failed + live.failed + faults.failed + gate.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
