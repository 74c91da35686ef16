/** Helpers for the dashboard e2e: kubectl against the lab cluster, lane recording, screenshots. */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";

export const ARTIFACTS = join(import.meta.dirname, "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** Runs kubectl against the lab cluster the web server started; returns stdout. */
export function kubectl(args: string[], input?: string): string {
  const kubeconfig = process.env.E2E_LAB_KUBECONFIG;
  if (!kubeconfig) throw new Error("E2E_LAB_KUBECONFIG is not set (playwright.config.ts sets it)");
  return execFileSync("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, input, encoding: "utf8", timeout: 60_000 });
}

export function fixture(name: string): string {
  return join(import.meta.dirname, "fixtures", name);
}

export interface LaneSample {
  version: string;
  desired: number;
  ready: number;
}

/**
 * Records every distinct lane picture of one Deployment stage in the page (a MutationObserver
 * on the lanes' data attributes), so a test can check the states the handover passed through.
 */
export async function startLaneRecorder(page: Page, deployment: string): Promise<void> {
  await page.evaluate((name) => {
    const w = window as unknown as { __lanes: string[] };
    w.__lanes = [];
    const sample = () => {
      const stage = document.querySelector(`[data-testid="deployment-${name}"]`);
      if (!stage) return;
      const lanes = [...stage.querySelectorAll<HTMLElement>("section.lane")].map((l) => ({
        version: l.dataset.version ?? "",
        desired: Number(l.dataset.desired),
        ready: Number(l.dataset.ready),
      }));
      const key = JSON.stringify(lanes);
      if (w.__lanes.at(-1) !== key) w.__lanes.push(key);
    };
    sample();
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-desired", "data-ready"],
    });
  }, deployment);
}

export async function laneSamples(page: Page): Promise<LaneSample[][]> {
  const raw = await page.evaluate(() => (window as unknown as { __lanes: string[] }).__lanes);
  return raw.map((s) => JSON.parse(s) as LaneSample[]);
}

/** desired replicas of the lane whose VERSION is `version` (0 when the lane is not shown). */
export function desiredOf(sample: LaneSample[], version: string): number {
  return sample.filter((l) => l.version === version).reduce((n, l) => n + l.desired, 0);
}

/** Saves a screenshot at the laptop and the projector size, scrolled to `focus` when given. */
export async function shoot(page: Page, name: string, focus?: Locator): Promise<void> {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
