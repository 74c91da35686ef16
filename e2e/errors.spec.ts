/**
 * No blank pages: a dashboard pointed at a cluster that does not answer, and one whose
 * kubeconfig names an unknown context, each say what is wrong. These start their own
 * `rollscope serve` (the shared web server reads the lab cluster).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS, shoot } from "./dashboard-helpers";

const root = join(import.meta.dirname, "..");
const deadKubeconfig = join(ARTIFACTS, "dead-kubeconfig");
writeFileSync(
  deadKubeconfig,
  `apiVersion: v1
kind: Config
clusters: [{ name: dead, cluster: { server: "http://127.0.0.1:1" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: dead, context: { cluster: dead, user: u } }]
current-context: dead
`,
);

/** Starts `rollscope serve` with extra flags; resolves with its URL once it prints the ready line. */
function serve(args: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(root, "bin", "rollscope.mjs"), "serve", "--port", "0", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /rollscope serving (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], proc });
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.on("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

test.describe("error pages", () => {
  const procs: ChildProcess[] = [];
  test.afterAll(() => procs.forEach((p) => p.kill("SIGTERM")));

  test("an unreachable cluster is named, with the reason, not an empty dashboard", async ({ page }) => {
    const s = await serve(["--kubeconfig", deadKubeconfig]);
    procs.push(s.proc);
    await page.goto(s.url);
    await expect(page.getByTestId("banner-unreachable")).toContainText("cannot reach http://127.0.0.1:1");
    await expect(page.getByTestId("connection")).toContainText("cluster unreachable");
    await expect(page.getByText("the cluster has not answered")).toBeVisible();
    await shoot(page, "error-unreachable");
  });

  test("a kubeconfig problem is shown with the fix", async ({ page }) => {
    const s = await serve(["--kubeconfig", deadKubeconfig, "--context", "nope"]);
    procs.push(s.proc);
    await page.goto(s.url);
    await expect(page.getByRole("heading", { name: "Rollscope cannot read a cluster" })).toBeVisible();
    await expect(page.locator("p[role=alert]")).toContainText('context "nope" is not in');
    expect((await page.request.get(`${s.url}/api/rollouts`)).status()).toBe(503);
    await shoot(page, "error-kubeconfig");
  });
});
