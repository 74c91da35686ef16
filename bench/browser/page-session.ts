/**
 * One dashboard page in Chromium with bench/browser/page-probe.js injected. Page-side code is
 * passed as expression strings, not functions: tsx-compiled functions may carry helpers the page
 * does not have.
 */
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright";
import { sleep } from "../lib/clock";
import { withTimeout } from "../lib/wait";
import type { PagePaint } from "./match";

const PROBE = fileURLToPath(new URL("./page-probe.js", import.meta.url));

export interface FrameFigures {
  fps: number;
  p95FrameMs: number;
  maxFrameMs: number;
  movingMean: number;
  movingMin: number;
}

export interface PageSession {
  page: Page;
  /** Navigation start → first complete picture (bench/README.md), ms; undefined on timeout. */
  firstPictureMs?: number;
  /** Navigation start → every view computed and the page's pod total the cluster's, ms; undefined on timeout. */
  allViewsMs?: number;
  takePaints(): Promise<PagePaint[]>;
  /** Names of the ReplicaSet lanes the page draws now (stages off screen are placeholders). */
  drawnLanes(): Promise<string[]>;
  /**
   * When no lane is in the viewport (the first screen at 5,000+ pods is the overview), scrolls the
   * stage with anchor `id` in, as a user would, and waits until every lane in view is drawn.
   * Returns scroll → drawn in ms, 0 when a lane was in view already, undefined on timeout or when
   * the page has no such stage.
   */
  showStage(id: string, timeoutMs: number): Promise<number | undefined>;
  /** write → the page's delta listener, ms, per write a delta carried since the last call. */
  takeReceipts(): Promise<number[]>;
  /** Timer lateness samples since the last call, ms. */
  takeLateness(): Promise<number[]>;
  startFrames(): Promise<undefined>;
  stopFrames(): Promise<FrameFigures>;
  close(): Promise<void>;
}

export async function openDashboardPage(browser: Browser, url: string, expectPods: number, timeoutMs: number): Promise<PageSession> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript({ path: PROBE });
  await page.addInitScript({ content: `window.__bench.expectPods = ${expectPods};` });
  await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
  // Polled from here rather than with waitForFunction: a page whose main thread is stuck for
  // seconds must not stretch the run beyond `timeoutMs`.
  const deadline = Date.now() + timeoutMs;
  const firstPictureMs = await pollMark(page, "firstCompleteAt", deadline);
  // The paint windows and frames are measured once every view is computed (bench/README.md).
  const allViewsMs = firstPictureMs === undefined ? undefined : await pollMark(page, "allViewsAt", deadline);
  return {
    page,
    firstPictureMs,
    allViewsMs,
    takePaints: () => page.evaluate<PagePaint[]>("window.__bench.paints.splice(0)"),
    drawnLanes: () => page.evaluate<string[]>("window.__bench.drawnLanes()"),
    showStage: (id, ms) => showStage(page, id, ms),
    takeReceipts: () => page.evaluate<number[]>("window.__bench.receipts.splice(0)"),
    takeLateness: () => page.evaluate<number[]>("window.__bench.lateness.splice(0)"),
    startFrames: () => page.evaluate<undefined>("window.__bench.startFrames()"),
    stopFrames: () => page.evaluate<FrameFigures>("window.__bench.stopFrames()"),
    close: () => withTimeout(context.close(), 15_000, "closing the page").catch(() => undefined),
  };
}

/** Navigation start → the probe's `window.__bench[mark]` (a wall-clock stamp), ms; undefined once `deadline` passed. */
async function pollMark(page: Page, mark: "firstCompleteAt" | "allViewsAt", deadline: number): Promise<number | undefined> {
  const at = `window.__bench.${mark}`;
  while (Date.now() < deadline) {
    const t = await withTimeout(
      page.evaluate<number>(`${at} === undefined ? -1 : ${at} - performance.timeOrigin`),
      Math.max(1000, deadline - Date.now()),
      "page",
    ).catch(() => -1);
    if (t >= 0) return t;
    await sleep(200);
  }
  return undefined;
}

async function showStage(page: Page, id: string, timeoutMs: number): Promise<number | undefined> {
  if (await page.evaluate<boolean>("window.__bench.viewDrawn()")) return 0;
  const t0 = Date.now();
  if (!(await page.evaluate<boolean>(`window.__bench.openStage(${JSON.stringify(id)})`))) return undefined;
  while (Date.now() - t0 < timeoutMs) {
    if (await page.evaluate<boolean>("window.__bench.viewDrawn()")) return Date.now() - t0;
    await sleep(50);
  }
  return undefined;
}
