/**
 * Every lab step, end to end: real kubectl against the embedded lab cluster the dashboard
 * serves, the lab panel in the browser, and its checks ticking as the cluster changes. Each
 * Triage Day scenario must be diagnosed with its finding code (GET /api/rollouts) and fixed by
 * its documented command.
 *
 * Needs the dashboard + lab cluster from playwright.config.ts (`rollscope serve --lab`). kubectl
 * uses that lab cluster's kubeconfig: $E2E_LAB_KUBECONFIG (set by playwright.config.ts),
 * $ROLLSCOPE_KUBECONFIG, $KUBECONFIG, or .rollscope/lab-kubeconfig.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { commandArgv, manifestApplyCommand } from "../lib/labs/commands";
import { loadLabs } from "../lib/labs/load";
import type { Lab, LabCommand, LabStep } from "../lib/labs/schema";
import type { RolloutsResponse } from "../lib/model/types";

const root = fileURLToPath(new URL("..", import.meta.url));
const labs = loadLabs({ repoRoot: root });

function kubeconfig(): string {
  // E2E_LAB_KUBECONFIG: where playwright.config.ts has `serve --lab` write it.
  const candidates = [
    process.env.E2E_LAB_KUBECONFIG,
    process.env.ROLLSCOPE_KUBECONFIG,
    process.env.KUBECONFIG,
    path.join(root, ".rollscope", "lab-kubeconfig"),
  ];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error(`no lab kubeconfig; looked at ${candidates.filter(Boolean).join(", ")}`);
  return found;
}

interface Run {
  code: number;
  output: string;
}

// Several dashboards on one machine may share .rollscope/lab-kubeconfig; kubectl is pointed at the
// API server this dashboard reads (GET /api/contexts) so it changes the cluster on screen.
let server: string | undefined;
test.beforeAll(async ({ request }) => {
  const res = await request.get("/api/contexts");
  expect(res.ok(), "GET /api/contexts").toBe(true);
  server = ((await res.json()) as { server?: string }).server;
  expect(server, "the dashboard reports its API server").toBeTruthy();
});

function kubectl(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn("kubectl", [`--kubeconfig=${kubeconfig()}`, ...(server ? [`--server=${server}`] : []), ...args], { cwd: root });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Runs a lab command line as the learner would, and holds it to its expected exit status. */
async function run(cmd: LabCommand, ns: string): Promise<void> {
  const argv = commandArgv(cmd.run, ns);
  const r = await kubectl(argv.slice(1));
  const expectation = cmd.expect ?? "success";
  const ok = expectation === "any" || (expectation === "success" ? r.code === 0 : r.code !== 0);
  expect(ok, `${argv.join(" ")} exited ${r.code} (expected ${expectation}):\n${r.output}`).toBe(true);
}

async function rollouts(request: APIRequestContext, ns: string): Promise<RolloutsResponse> {
  const res = await request.get(`/api/rollouts?namespace=${ns}`);
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as RolloutsResponse;
}

const checks = (page: Page) => page.locator('[data-testid="lab-check"]');

async function openStep(page: Page, lab: Lab, index: number): Promise<void> {
  await page.getByRole("navigation", { name: "steps" }).getByRole("button").nth(index).click();
  await expect(page.locator(`[data-step="${lab.steps[index].id}"]`)).toBeVisible();
}

async function openLab(page: Page, lab: Lab, ns: string): Promise<void> {
  await page.goto(`/?namespace=${ns}`);
  const panel = page.getByRole("region", { name: "lab" });
  await expect(panel).toBeVisible();
  await panel.getByLabel("pick a lab").selectOption(lab.id);
  await expect(page.getByRole("navigation", { name: "steps" })).toBeVisible();
}

async function expectAllTicked(page: Page, step: LabStep, timeout: number): Promise<void> {
  await expect(checks(page)).toHaveCount(step.checks.length);
  await expect(page.locator('[data-testid="lab-check"][data-pass="false"]'), `step ${step.id}: every check ticks`).toHaveCount(0, {
    timeout,
  });
}

/**
 * A step whose checks read requests (`requests: SVC`) needs the traffic the learner starts: press
 * the step's "Send requests to …" once its other checks hold (the lab text says when).
 */
async function startRequests(page: Page, step: LabStep): Promise<void> {
  if (!step.checks.some((c) => "requests" in c)) return;
  for (const [i, c] of step.checks.entries())
    if (!("requests" in c))
      await expect(checks(page).nth(i), `${step.id}: check ${i}`).toHaveAttribute("data-pass", "true", { timeout: STEP_TIMEOUT });
  const starters = page.getByRole("button", { name: /^Send requests to / });
  for (let n = await starters.count(); n > 0; n--) await starters.first().click();
}

function namespaceFor(labId: string): string {
  return `e2e-${labId}-${Date.now().toString(36)}`;
}

// Lab timings are in lab-cluster seconds (the serve command may run the clock faster); a stuck
// rollout needs its 60 s progress deadline to pass before its checks can tick.
const STEP_TIMEOUT = 240_000;

test.describe.configure({ mode: "serial" });

for (const lab of labs) {
  test(`lab ${lab.id}: every step with real kubectl, checks tick`, async ({ page, request }) => {
    test.setTimeout(lab.steps.length * STEP_TIMEOUT);
    const ns = namespaceFor(lab.id);
    await kubectl(["create", "namespace", ns]);
    await openLab(page, lab, ns);

    for (const [index, step] of lab.steps.entries()) {
      await test.step(step.id, async () => {
        await openStep(page, lab, index);
        // Before the learner acts, the step is not done: the checks must be able to tick.
        await expect(page.locator('[data-testid="lab-check"][data-pass="false"]').first()).toBeVisible();
        // The panel shows the exact lines we are about to run.
        const shown = await page.locator('[data-testid="lab-command"] code').allTextContents();
        for (const m of step.manifests) expect(shown).toContain(manifestApplyCommand(lab.dir, m).replace("{ns}", ns));

        for (const m of step.manifests) await run({ run: manifestApplyCommand(lab.dir, m) }, ns);
        for (const c of step.commands) await run(c, ns);

        if (step.diagnosis) {
          const { finding, object } = step.diagnosis;
          await expect
            .poll(async () => (await rollouts(request, ns)).findings.filter((f) => f.code === finding && f.object.name === object).length, {
              message: `${step.id}: GET /api/rollouts reports ${finding} on ${object}`,
              timeout: STEP_TIMEOUT,
            })
            .toBeGreaterThan(0);
          // The scenario's triage checklist (lib/diagnose) points at the broken part.
          await expect(page.locator('[data-testid="lab-triage-item"][data-status="fail"]').first()).toBeVisible({ timeout: 30_000 });
          await page.getByRole("button", { name: "Show the diagnosis and fix" }).click();
          await expect(page.locator(`[data-testid="lab-diagnosis"][data-code="${finding}"]`)).toHaveAttribute("data-present", "true");
          for (const c of step.solution) await run(c, ns);
        }

        await startRequests(page, step);
        await expectAllTicked(page, step, STEP_TIMEOUT);
        if (step.diagnosis) {
          const after = await rollouts(request, ns);
          expect(after.findings.filter((f) => f.code === step.diagnosis?.finding && f.object.name === step.diagnosis.object)).toEqual([]);
        }
        // Completed steps are marked in the step list (progress is kept per namespace).
        await expect(page.getByRole("navigation", { name: "steps" }).getByRole("button").nth(index)).toContainText("✓");
      });
    }

    // Progress survives a reload for this namespace.
    await page.reload();
    await expect(page.getByRole("navigation", { name: "steps" }).getByRole("button").first()).toContainText("✓");
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  });
}

test("Apply this step: the button applies the step on the lab cluster and shows the commands it ran", async ({ page }) => {
  test.setTimeout(STEP_TIMEOUT);
  const lab = labs.find((l) => l.id === "canary");
  test.skip(!lab, "canary lab missing");
  const ns = namespaceFor("apply");
  await openLab(page, lab!, ns);
  await openStep(page, lab!, 0);
  await expect(page.locator('[data-testid="lab-apply-command"] code').first()).toHaveText(`kubectl create namespace ${ns}`);
  await page.getByRole("button", { name: "Apply this step" }).click();
  await expect(page.getByTestId("lab-apply-result")).toHaveAttribute("data-ok", "true", { timeout: 60_000 });
  await startRequests(page, lab!.steps[0]);
  await expectAllTicked(page, lab!.steps[0], STEP_TIMEOUT);
  await kubectl(["delete", "namespace", ns, "--wait=false"]);
});

test("POST /api/labs/apply refuses a cross-origin request", async ({ request }) => {
  const res = await request.post("/api/labs/apply", {
    headers: { origin: "http://evil.example" },
    data: { lab: "rollout", step: "concepts", namespace: "e2e-cross-origin" },
  });
  expect(res.status()).toBe(403);
});
