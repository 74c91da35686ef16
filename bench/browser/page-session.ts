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
  takePaints(): Promise<PagePaint[]>;
  /** Names of the ReplicaSet lanes the page draws now (stages off screen are placeholders). */
  drawnLanes(): Promise<string[]>;
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
  let firstPictureMs: number | undefined;
  const deadline = Date.now() + timeoutMs;
  while (firstPictureMs === undefined && Date.now() < deadline) {
    const t = await withTimeout(
      page.evaluate<number>("window.__bench.firstCompleteAt === undefined ? -1 : window.__bench.firstCompleteAt - performance.timeOrigin"),
      Math.max(1000, deadline - Date.now()),
      "page",
    ).catch(() => -1);
    if (t >= 0) firstPictureMs = t;
    else await sleep(200);
  }
  return {
    page,
    firstPictureMs,
    takePaints: () => page.evaluate<PagePaint[]>("window.__bench.paints.splice(0)"),
    drawnLanes: () => page.evaluate<string[]>("window.__bench.drawnLanes()"),
    takeLateness: () => page.evaluate<number[]>("window.__bench.lateness.splice(0)"),
    startFrames: () => page.evaluate<undefined>("window.__bench.startFrames()"),
    stopFrames: () => page.evaluate<FrameFigures>("window.__bench.stopFrames()"),
    close: () => withTimeout(context.close(), 15_000, "closing the page").catch(() => undefined),
  };
}
