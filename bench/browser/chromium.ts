/** Chromium for the browser bench: the system one when present, else Playwright's own. */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright";
import { withTimeout } from "../lib/wait";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined, args: ARGS });
}

/** JS heap in use after a forced collection, bytes (Chrome DevTools Protocol). */
export async function jsHeapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

/** Closes the browser, giving up after 20 s (a renderer stuck on a huge page can stall it). */
export async function closeChromium(browser: Browser): Promise<void> {
  await withTimeout(browser.close(), 20_000, "closing Chromium").catch(() => undefined);
}
