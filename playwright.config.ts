import { existsSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * Dashboard e2e: real Chromium against `rollscope serve --lab`, driven by real kubectl.
 * The port and the lab kubeconfig path are fixed once in the environment so the workers
 * (which re-read this file) agree with the server.
 */
process.env.E2E_PORT ??= String(4700 + (process.pid % 800));
process.env.E2E_LAB_KUBECONFIG ??= join(import.meta.dirname, "e2e", "artifacts", `lab-kubeconfig-${process.env.E2E_PORT}`);
const port = Number(process.env.E2E_PORT);
const chromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: ["*.spec.ts"],
  testIgnore: ["k8s/**"],
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      ...(existsSync(chromium) ? { executablePath: chromium } : {}),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // E2E_KUBECONFIG: the same specs against another cluster (the real control plane, e2e/k8s/real-dashboard.ts).
    command: process.env.E2E_KUBECONFIG
      ? `node bin/rollscope.mjs serve --kubeconfig ${process.env.E2E_KUBECONFIG} --port ${port}`
      : `node bin/rollscope.mjs serve --lab --time-scale 5 --port ${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
    env: { ROLLSCOPE_LAB_KUBECONFIG: process.env.E2E_LAB_KUBECONFIG },
    // A first run may build the app (`next build`) before serving.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
