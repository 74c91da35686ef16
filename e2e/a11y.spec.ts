/**
 * Audited accessibility (issue 15 item 4) and the newcomer's first page (item 3), on the embedded
 * lab cluster in real Chromium. axe-core runs on every page and mode, light and dark: no serious
 * or critical violation. One lab setup for the whole file: the canary lab, walked with the
 * keyboard only (Tab / Enter), each step applied with its Apply button; the pages that need a
 * running rollout are audited while it runs.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loadLabs } from "../lib/labs/load";
import type { RolloutsResponse } from "../lib/model/types";
import { ARTIFACTS, kubectl } from "./dashboard-helpers";

const lab = loadLabs({ repoRoot: new URL("..", import.meta.url).pathname }).find((l) => l.id === "canary")!;
const NS = "canary-lab";
const THEMES = ["light", "dark"] as const;

// In file order (one worker): the pages of the last test need the lab the second one applied.
/** axe on the page as it is now, in both themes; serious and critical violations listed by rule and element. */
async function audit(page: Page, what: string): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 5)
            .join(" | ")}`,
      );
    // Soft: one run lists every page's violations.
    expect.soft(bad, `${what}, ${theme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Presses Tab until the focused element matches; every stop must show a visible focus ring. */
async function tabTo(page: Page, matches: (text: string) => boolean, what: string, opts: { back?: boolean } = {}): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press(opts.back ? "Shift+Tab" : "Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return undefined;
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      return { text: `${el.getAttribute("aria-label") ?? ""} ${el.textContent ?? ""}`.trim(), ring, tag: el.tagName };
    });
    if (!focused) continue;
    expect(focused.ring, `focus visible on ${focused.tag} "${focused.text.slice(0, 60)}"`).toBe(true);
    if (matches(focused.text)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

async function rollouts(page: Page, ns?: string): Promise<RolloutsResponse> {
  const res = await page.request.get(ns ? `/api/rollouts?namespace=${ns}` : "/api/rollouts");
  expect(res.ok()).toBe(true);
  return (await res.json()) as RolloutsResponse;
}

test("the first page invites a newcomer into a lab, a recording or their own manifest", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
  const cluster = await rollouts(page);
  // default/kubernetes (no selector) is not a rollout: it is never drawn as one.
  expect(cluster.services.map((s) => `${s.namespace}/${s.name}`)).not.toContain("default/kubernetes");
  await expect(page.getByText("unowned pods")).toHaveCount(0);
  if (cluster.deployments.length + cluster.services.length > 0) {
    // Specs before this one left workloads: the overview is the first page then.
    await expect(page.getByTestId("welcome")).toHaveCount(0);
    return;
  }
  const welcome = page.getByTestId("welcome");
  await expect(welcome).toBeVisible();
  await expect(welcome.getByRole("heading", { name: "Start a lab" })).toBeVisible();
  await expect(welcome.getByRole("button", { name: /^Start: / })).toHaveCount(
    loadLabs({ repoRoot: new URL("..", import.meta.url).pathname }).length,
  );
  await expect(welcome.getByRole("link", { name: "Open the recordings" })).toHaveAttribute("href", "/replay");
  await expect(welcome.getByText("kubectl apply -n my-app -f my-app.yaml")).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/first-page-empty-cluster.png` });
  await audit(page, "first page, empty cluster");
});

test("a whole lab with the keyboard only: its own namespace, every step's Apply and checks", async ({ page }) => {
  test.setTimeout(300_000);
  kubectl(["delete", "namespace", NS, "--ignore-not-found", "--wait=true"]);
  await page.goto("/");
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
  // The Welcome's Start button or, on a busy cluster, the lab panel's list: both lead to canary-lab.
  await tabTo(page, (t) => t.includes(lab.title), `the ${lab.id} lab`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`namespace=${NS}`));
  const panel = page.getByRole("region", { name: "lab" });
  await expect(panel.getByTestId("lab-namespace")).toContainText(`This lab runs in namespace ${NS}`);

  for (const [index, step] of lab.steps.entries()) {
    await test.step(step.id, async () => {
      await expect(page.locator(`[data-step="${step.id}"]`)).toBeVisible();
      // Objects of the steps before exist now: nothing holds Apply back.
      await expect(page.getByTestId("lab-prerequisite")).toHaveCount(0);
      // From the page top (first step) or from Next → (the others), Apply is a few Tabs away.
      await tabTo(page, (t) => t.startsWith("Apply this step"), `Apply on step ${step.id}`, { back: index > 0 });
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("lab-apply-result")).toHaveAttribute("data-ok", "true", { timeout: 120_000 });
      // ✓ only for exit 0 (or the namespace that exists), in words.
      for (const outcome of await page.getByTestId("lab-apply-outcome").all()) {
        const exit = await outcome.getAttribute("data-exit");
        await expect(outcome).toContainText(exit === "0" ? "✓ done" : "✓ namespace already exists");
      }
      const checks = page.getByRole("list", { name: "checks" }).getByTestId("lab-check");
      await expect(checks).toHaveCount(step.checks.length);
      // Colour is never the only carrier: every check says passed / not yet in text.
      for (const c of await checks.all()) await expect(c).toContainText(/passed|not yet/);
      if (index === 1) {
        await page.screenshot({ path: `${ARTIFACTS}/lab-step.png` });
        await audit(page, `lab step ${step.id}, dashboard with the lab running`);
      }
      if (index < lab.steps.length - 1) {
        await tabTo(page, (t) => t.startsWith("Next →"), "Next →");
        await page.keyboard.press("Enter");
      }
    });
  }
});

test("every other page and mode passes axe in both themes", async ({ page }) => {
  test.setTimeout(240_000);
  const pages: [string, string, string][] = [
    ["overview, all namespaces", "/", "main"],
    ["presentation", `/?namespace=${NS}&present=1`, "main"],
    ["replay", "/replay?name=rollout", "main"],
    ["replay, presentation", "/replay?name=rollout&present=1", "main"],
    ["report", "/report?name=rollout&namespace=rollout-lab&deployment=inference", "main"],
    ["classroom", "/classroom", "main"],
    ["plan a rollout", "/plan", "main"],
    ["report of a deployment never recorded (error page)", "/report?namespace=nowhere&deployment=nothing", "body"],
  ];
  for (const [what, url, ready] of pages) {
    await test.step(what, async () => {
      await page.goto(url);
      await expect(page.locator(ready).first()).toBeVisible();
      await audit(page, what);
    });
  }
  kubectl(["delete", "namespace", NS, "--wait=false"]);
});
