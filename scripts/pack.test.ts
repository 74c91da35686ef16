/**
 * The npm package end to end (issue 17 items 2 and 3). scripts/pack.mjs builds the tarball (the
 * production build inside) in a temporary copy; `npm install <tarball>` puts it into an empty
 * directory, and from then on only that install is used, with the repo's node_modules/.bin off
 * PATH: --version/--help, `diagnose` against a lab cluster the package itself starts,
 * `serve --lab` answering /healthz and /api/rollouts, and the same package as a kubectl plugin
 * through the real kubectl. Slow by nature (a production build and an npm install): minutes.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const ci = process.env.CI === "true" || process.env.CI === "1";
const hasKubectl = (() => {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasKubectl && ci) throw new Error("CI=true: kubectl is not on PATH; the kubectl plugin test needs the real kubectl");

let dir = "";
let app = "";
let env: NodeJS.ProcessEnv = { ...process.env };
const children: ChildProcess[] = [];

/** PATH without this repo's node_modules/.bin: the installed package must stand on its own. */
function cleanPath(): string {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((p) => p && !p.startsWith(root))
    .join(delimiter);
}

function run(cmd: string, args: string[], timeout = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: app, env, timeout, encoding: "utf8" }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Starts a long-running command and resolves with the first stdout line matching `ready`. */
function startUntil(cmd: string, args: string[], ready: RegExp, timeout = 300_000): Promise<RegExpMatchArray> {
  const child = spawn(cmd, args, { cwd: app, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.push(child);
  return new Promise((done, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`${args.join(" ")}: no ${ready} in ${timeout / 1000} s:\n${out}`)), timeout);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        done(m);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => fail(new Error(`${args.join(" ")} exited ${code}:\n${out}`)));
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rollscope-pack-test-"));
  app = join(dir, "app");
  const tarball = execFileSync(process.execPath, [join(root, "scripts", "pack.mjs"), "--out", dir], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  execFileSync("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), "{}\n");
  env = { ...process.env, PATH: cleanPath(), HOME: dir, KUBECACHEDIR: join(dir, "kube-cache") };
  delete env.KUBECONFIG;
  execFileSync("npm", ["install", "--no-audit", "--no-fund", tarball], { cwd: app, env, stdio: ["ignore", "inherit", "inherit"] });
  env.PATH = `${join(app, "node_modules", ".bin")}${delimiter}${env.PATH}`;
}, 1_800_000);

afterAll(() => {
  for (const c of children) if (c.pid && c.exitCode === null) process.kill(-c.pid, "SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the npm tarball installed into an empty directory", () => {
  let kubeconfig = "";

  it("says its version and that the production build is included, and prints help", async () => {
    const v = await run("npx", ["--no-install", "rollscope", "--version"]);
    const pkg = JSON.parse(execFileSync("cat", [join(root, "package.json")], { encoding: "utf8" })) as { version: string };
    expect(v).toMatchObject({ code: 0, stderr: "" });
    expect(v.stdout).toMatch(
      new RegExp(`^rollscope ${pkg.version.replace(/\./g, "\\.")}\ndashboard: production build included \\(\\.next, build \\S+\\)\n$`),
    );
    const h = await run("npx", ["--no-install", "rollscope", "--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^Usage: rollscope <command>/);
    expect(h.stdout).toContain("kubectl rollscope <command>");
  });

  it("starts under the system's own node too (re-running itself under the Node it installed when that one is older)", async () => {
    const systemEnv = { ...env, PATH: cleanPath() };
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        "node",
        [join(app, "node_modules", "rollscope", "bin", "rollscope.mjs"), "--version"],
        { cwd: app, env: systemEnv, encoding: "utf8" },
        (err, stdout, stderr) => done({ code: err ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^rollscope \d+\.\d+\.\d+\n/);
  });

  it("diagnoses a lab cluster it started itself", async () => {
    const kc = join(dir, "lab-kubeconfig");
    const m = await startUntil(
      "npx",
      ["--no-install", "rollscope", "lab-cluster", "--port", "0", "--kubeconfig-out", kc],
      /ready kubeconfig=(\S+) server=(\S+)/,
    );
    kubeconfig = m[1]!;
    const d = await run("npx", ["--no-install", "rollscope", "diagnose", "--kubeconfig", kubeconfig, "-A", "-o", "json"]);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({ findings: [] });
  });

  it("serves the dashboard on its own lab cluster: /healthz, /api/rollouts and the page", async () => {
    const m = await startUntil("npx", ["--no-install", "rollscope", "serve", "--lab", "--port", "0"], /rollscope serving (http:\/\/\S+)/);
    const url = m[1]!;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const rollouts = await fetch(`${url}/api/rollouts`);
    expect(rollouts.status).toBe(200);
    expect(await rollouts.json()).toMatchObject({
      deployments: expect.any(Array),
      services: expect.any(Array),
      findings: expect.any(Array),
    });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
  });

  describe.skipIf(!hasKubectl)("as a kubectl plugin (kubectl-rollscope on PATH)", () => {
    it("is listed by kubectl and runs --version and diagnose", async () => {
      const list = await run("kubectl", ["plugin", "list"]);
      expect(list.stdout).toContain(join(app, "node_modules", ".bin", "kubectl-rollscope"));
      const v = await run("kubectl", ["rollscope", "--version"]);
      expect(v).toMatchObject({ code: 0 });
      expect(v.stdout).toMatch(/^rollscope \d+\.\d+\.\d+\n/);
      expect(kubeconfig).not.toBe("");
      const d = await run("kubectl", ["rollscope", "diagnose", "--kubeconfig", kubeconfig, "-A"]);
      expect(d.code).toBe(0);
      const bad = await run("kubectl", ["rollscope", "no-such-command"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('rollscope: unknown command "no-such-command"');
    });
  });
});
