/**
 * A ReplicaSet past the SVG threshold on the embedded lab cluster: the lane is one canvas, drawn
 * in the theme's colours, its pods' details reachable by pointer and keyboard, light and dark.
 * Named to run after replay.spec.ts (one worker, file order): its 170 pods' history goes into the
 * shared server's recording, which the replay spec loads whole.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { join } from "node:path";
import { ARTIFACTS, kubectl } from "./dashboard-helpers";

const NS = "e2e-fleet";
// Just past the canvas threshold (150): every pod is a real lab pod with a recorded history, and
// the specs after this one share the server and its recording.
const REPLICAS = 160;
const SURGE = 10;

const manifest = (image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: fleet, labels: { app: fleet } }
spec:
  replicas: ${REPLICAS}
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: ${SURGE}, maxUnavailable: 0 } }
  progressDeadlineSeconds: 600
  selector: { matchLabels: { app: fleet } }
  template:
    metadata: { labels: { app: fleet } }
    spec:
      containers:
        - name: server
          image: ${image}
          command: ["sh", "-c", "sleep 2; touch /tmp/ready; sleep infinity"]
          readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 2 }
`;

/** The colour drawn at a point of the canvas (CSS px from its top-left), as [r, g, b, a]. */
function pixel(canvas: Locator, x: number, y: number): Promise<number[]> {
  return canvas.evaluate(
    (el, [px, py]) => {
      const c = el as HTMLCanvasElement;
      const k = c.width / c.clientWidth;
      return [...c.getContext("2d")!.getImageData(Math.round(px * k), Math.round(py * k), 1, 1).data];
    },
    [x, y],
  );
}

async function cssColour(page: Page, variable: string): Promise<number[]> {
  return page.evaluate((v) => {
    const probe = document.createElement("canvas").getContext("2d")!;
    probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(v).trim();
    probe.fillRect(0, 0, 1, 1);
    return [...probe.getImageData(0, 0, 1, 1).data];
  }, variable);
}

const near = (a: number[], b: number[]) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= 24);

test("a 160-pod lane draws on canvas: theme colours, pod details by click and keyboard, light and dark", async ({ page }) => {
  kubectl(["create", "namespace", NS]);
  kubectl(["-n", NS, "apply", "-f", "-"], manifest("busybox:1.36"));
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(`/?namespace=${NS}`);
  const lane = page.locator('[data-testid="deployment-fleet"] section.lane').first();
  await expect(lane).toHaveAttribute("data-ready", String(REPLICAS));
  await expect(lane).toHaveAttribute("data-renderer", "canvas");
  // No SVG glyph per pod: one canvas that says what it shows.
  await expect(lane.locator("g.pod-glyph")).toHaveCount(0);
  const canvas = lane.locator("canvas.lane-canvas");
  await expect(canvas).toHaveAttribute("data-drawn", String(REPLICAS));
  await expect(canvas).toHaveAttribute(
    "aria-label",
    `pods of ${await lane.getAttribute("data-rs")}: ${REPLICAS} Ready. Arrow keys pick a pod, Escape closes its details.`,
  );
  await expect(lane.getByTestId("canvas-legend")).toHaveText(`${REPLICAS} pods: ${REPLICAS} Ready`);

  // The first slot's glyph is a Ready disc in the light theme's --ready colour.
  await expect.poll(async () => near(await pixel(canvas, 12 - 5, 12 + 3), await cssColour(page, "--ready"))).toBe(true);

  // Click a pod: its details, named like a pod kubectl lists.
  const pods = kubectl(["-n", NS, "get", "pods", "-o", "jsonpath={.items[*].metadata.name}"]).split(" ");
  await canvas.click({ position: { x: 12 + 24 * 3, y: 12 } });
  const title = lane.locator(".pod-details-title");
  await expect(title).toBeVisible();
  expect(pods).toContain(await title.textContent());
  await expect(lane.locator(".pod-details")).toContainText("Ready");
  await page.screenshot({ path: join(ARTIFACTS, "canvas-lane-light.png") });

  // Keyboard: Escape closes, arrows walk the pods.
  await canvas.focus();
  await page.keyboard.press("Escape");
  await expect(title).toHaveCount(0);
  await page.keyboard.press("Home");
  const first = await title.textContent();
  await page.keyboard.press("ArrowRight");
  await expect(title).not.toHaveText(first!);
  expect(pods).toContain(await title.textContent());

  // Dark theme: the canvas redraws in the dark palette.
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const darkReady = await cssColour(page, "--ready");
  await expect.poll(async () => near(await pixel(canvas, 12 - 5, 12 + 3), darkReady)).toBe(true);
  await canvas.click({ position: { x: 12 + 24 * 5, y: 12 + 24 } });
  await expect(title).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, "canvas-lane-dark.png") });

  // A rollout to an image that cannot be pulled: the old lane stays canvas, the surge lane is SVG.
  kubectl(["-n", NS, "set", "image", "deployment/fleet", "server=registry.invalid/busybox:9"]);
  const failing = page.locator('[data-testid="deployment-fleet"] section.lane-new');
  await expect(failing).toHaveAttribute("data-renderer", "svg");
  await expect(failing.locator('g.pod-glyph[data-state="Failed"]')).toHaveCount(SURGE);
  await canvas.focus();
  await page.keyboard.press("Escape");
  await failing.evaluate((el) => el.scrollIntoView({ block: "end" }));
  await page.screenshot({ path: join(ARTIFACTS, "canvas-lane-rollout-dark.png"), fullPage: false });
  kubectl(["delete", "namespace", NS, "--timeout=120s"]);
});
