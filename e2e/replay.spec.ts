/**
 * Record, replay, report and export (issue 6): a rollout recorded by the server on the lab
 * cluster is replayed in the browser; scrubbing to the middle of the handover shows that
 * moment's lane counts; presentation and classroom views render; exports validate.
 */
import { expect, test } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rolloutsResponse } from "../lib/response";
import { parseRecording } from "../lib/timeline/recording";
import { reportSchema } from "../lib/timeline/report";
import { buildTimeline } from "../lib/timeline/timeline";
import { ARTIFACTS, fixture, kubectl, shoot } from "./dashboard-helpers";

const NS = "e2e-replay";

test.describe.configure({ mode: "serial" });

test("a recorded rolling update replays, and scrubbing shows the lanes of that moment", async ({ page, request }) => {
  kubectl(["create", "namespace", NS]);
  kubectl(["-n", NS, "apply", "-f", fixture("inference.yaml")]);
  kubectl(["-n", NS, "rollout", "status", "deployment/inference", "--timeout=120s"]);
  kubectl(["-n", NS, "set", "env", "deployment/inference", "VERSION=v2"]);
  kubectl(["-n", NS, "rollout", "status", "deployment/inference", "--timeout=120s"]);

  const res = await request.get("/api/recording?download");
  expect(res.ok()).toBe(true);
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="rollscope-.*\.ndjson"$/);
  const text = await res.text();
  writeFileSync(join(ARTIFACTS, "replay-recording.ndjson"), text);
  const rec = parseRecording(text);
  expect(rec.skipped).toEqual([]);

  // The moment the handover is half way: v1 and v2 both wanted at 2 (ROLLOUT-SPEC §6 table A, row 4).
  const tl = buildTimeline(rec.events);
  const laneCounts = (t: number) => {
    const d = rolloutsResponse(tl.storeAt(t), { namespace: NS, now: t }).deployments.find((x) => x.name === "inference");
    return Object.fromEntries((d?.replicaSets ?? []).map((rs) => [rs.version ?? "", rs.desired]));
  };
  const middle = rec.events
    .map((e) => e.t)
    .find((t) => {
      const c = laneCounts(t);
      return c.v1 === 2 && c.v2 === 2;
    });
  expect(middle, "the recording passes through v1=2 / v2=2").toBeDefined();

  await page.goto("/replay");
  await expect(page.getByTestId("replay-main")).toBeVisible();
  await page.getByTestId("timeline-scrubber").evaluate((el, t) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, String(t));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, middle!);
  const stage = page.locator(`#deployment-${NS}-inference`);
  await expect(stage.locator('section.lane[data-version="v1"]')).toHaveAttribute("data-desired", "2");
  await expect(stage.locator('section.lane[data-version="v2"]')).toHaveAttribute("data-desired", "2");
  await shoot(page, "replay-middle", stage);

  // The handover chart (issue 15 item 2): on the stage, one band pair per revision, the envelope of
  // replicas 3 at 25 %/25 % (max 4 pods, min 3 available), its cursor where the scrubber is.
  const chart = stage.getByTestId("handover-chart");
  await expect(chart).toHaveAttribute("data-revisions", "2");
  await expect(chart.getByTestId("handover-ceiling")).toContainText("max 4 pods");
  await expect(chart.getByTestId("handover-floor")).toContainText("min 3 available");
  await expect(chart.getByRole("img")).toHaveAttribute("aria-label", /revision 1: 2 ready.*revision 2: \d ready/);
  const cursorX = async () => Number(await chart.getAttribute("data-cursor-x"));
  const atMiddle = await cursorX();
  // Clear of the pinned strip, in both themes (for the notes; colour is not what is asserted).
  await chart.evaluate((el) => el.scrollIntoView({ block: "center" }));
  for (const theme of ["light", "dark"]) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await chart.screenshot({ path: join(ARTIFACTS, `handover-${theme}.png`) });
  }
  await page.evaluate(() => delete document.documentElement.dataset.theme);

  // Step through the next handover steps (other namespaces' steps count too): v1 goes 2 → 1, never skipping a state.
  const v1 = stage.locator('section.lane[data-version="v1"]');
  for (let i = 0; i < 10 && (await v1.getAttribute("data-desired")) !== "1"; i++) {
    await page.getByTestId("timeline-next").click();
    await page.waitForTimeout(100);
    expect(["2", "1"]).toContain(await v1.getAttribute("data-desired"));
  }
  await expect(v1).toHaveAttribute("data-desired", "1");
  expect(await cursorX(), "the chart's cursor moved with the timeline").toBeGreaterThan(atMiddle);
});

test("presentation mode and the classroom grid", async ({ page }) => {
  await page.goto(`/replay?present=1`);
  await expect(page.locator(".app.present")).toBeVisible();
  await expect(page.locator(".topbar")).toHaveCount(0);
  await shoot(page, "presentation");

  await page.goto(`/classroom?prefix=e2e-`);
  await expect(page.getByTestId(`classroom-${NS}`)).toBeVisible();
  await expect(page.getByTestId(`classroom-${NS}`)).toContainText("inference");
  await shoot(page, "classroom");
  await page.getByTestId(`classroom-${NS}`).click();
  await expect(page).toHaveURL(new RegExp(`namespace=${NS}&present=1`));
});

test("exports: the report validates against its schema, the stage SVG parses", async ({ page, request }) => {
  const json = await request.get(`/api/report?namespace=${NS}&deployment=inference`);
  expect(json.ok()).toBe(true);
  const report = reportSchema.parse(await json.json());
  expect(report.rollouts.map((r) => r.outcome)).toContain("complete");
  expect(report.rollouts.some((r) => r.readinessWaits.some((w) => w.waitedSeconds !== undefined))).toBe(true);
  const md = await (await request.get(`/api/report?namespace=${NS}&deployment=inference&format=md`)).text();
  expect(md).toContain(`# Rollout report: deployment/inference (namespace ${NS})`);
  writeFileSync(join(ARTIFACTS, "report.md"), md);

  const svgRes = await request.get(`/api/export/stage?namespace=${NS}&deployment=inference`);
  expect(svgRes.headers()["content-type"]).toContain("image/svg+xml");
  const svg = await svgRes.text();
  writeFileSync(join(ARTIFACTS, "stage.svg"), svg);
  await page.goto("/replay");
  const parsed = await page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, "image/svg+xml");
    return {
      errors: doc.getElementsByTagName("parsererror").length,
      root: doc.documentElement.tagName,
      pods: doc.querySelectorAll("[data-state]").length,
    };
  }, svg);
  expect(parsed.errors).toBe(0);
  // The same report as a page, and the stage as PNG from the dashboard's export button.
  await page.goto(`/report?namespace=${NS}&deployment=inference`);
  await expect(page.getByTestId("report").locator('tr[data-outcome="complete"]').first()).toBeVisible();
  // The report's handover chart, downloaded as PNG (drawn from its SVG export).
  await expect(page.getByTestId("report-handover").getByTestId("handover-chart")).toHaveAttribute("data-revisions", "2");
  const [chartPng] = await Promise.all([page.waitForEvent("download"), page.getByTestId("handover-png").click()]);
  expect([...readFileSync(await chartPng.path()).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.goto(`/?namespace=${NS}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`png-${NS}-inference`).click()]);
  const png = readFileSync(await download.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(join(ARTIFACTS, "stage.png"), png);
  expect(parsed.root).toBe("svg");
  expect(parsed.pods).toBeGreaterThanOrEqual(3);
});
