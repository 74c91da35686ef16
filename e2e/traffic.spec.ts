/**
 * Requests through a Service, told by the labs (issue 14): real Chromium, `rollscope serve --lab`
 * (time ×5), real kubectl running the labs' own manifests and commands. The load generator runs in
 * the dashboard's server and goes through the lab apiserver's service proxy; the lab step's
 * requests checks and the Service card's lane draw what came back. Counts, not timings.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { commandArgv, manifestApplyCommand } from "../lib/labs/commands";
import { loadLab } from "../lib/labs/load";
import type { Lab } from "../lib/labs/schema";
import { parseRecording } from "../lib/timeline/recording";
import { requestsLine, rolloutReport } from "../lib/timeline/report";
import { trafficAt } from "../lib/traffic/recorded";
import { kubectl, shoot } from "./dashboard-helpers";

test.describe.configure({ mode: "serial" });

const rollout = loadLab("rollout", { repoRoot: process.cwd() });
const canary = loadLab("canary", { repoRoot: process.cwd() });
const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));
const checks = (page: Page) => page.locator('[data-testid="lab-check"]');

async function openLab(page: Page, lab: Lab, ns: string): Promise<void> {
  kubectl(["create", "namespace", ns]);
  await page.goto(`/?namespace=${ns}`);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
  await page.getByRole("region", { name: "lab" }).getByLabel("pick a lab").selectOption(lab.id);
}

/** Opens the step in the lab panel and runs its manifests and commands with kubectl, as the learner would. */
async function runStep(page: Page, lab: Lab, id: string, ns: string): Promise<void> {
  const index = lab.steps.findIndex((s) => s.id === id);
  await page.getByRole("navigation", { name: "steps" }).getByRole("button").nth(index).click();
  await expect(page.locator(`[data-step="${id}"]`)).toBeVisible();
  const step = lab.steps[index];
  for (const line of [...step.manifests.map((m) => manifestApplyCommand(lab.dir, m)), ...step.commands.map((c) => c.run)])
    kubectl(commandArgv(line, ns).slice(1));
}

/** Presses the step's "Send requests to SVC" once the step's first check (the Deployment) holds. */
async function sendRequests(page: Page, service: string): Promise<Locator> {
  await expect(checks(page).first()).toHaveAttribute("data-pass", "true", { timeout: 60_000 });
  await page.getByRole("button", { name: `Send requests to ${service} (20/s)` }).click();
  const counter = page.getByTestId(`lab-requests-${service}`);
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(0);
  return counter;
}

const allTicked = (page: Page) => expect(page.locator('[data-testid="lab-check"][data-pass="false"]')).toHaveCount(0, { timeout: 120_000 });

test("rollout lab: no probe drops requests while v2 loads, the probe drops none, the blue-green cut flips 100 % at once", async ({
  page,
}) => {
  test.setTimeout(360_000);
  const ns = "e2e-traffic-walk";
  await openLab(page, rollout, ns);

  await runStep(page, rollout, "concepts", ns);
  await sendRequests(page, "inference");
  await allTicked(page);

  // The probe-less copy: Ready at once, then v2 shipped while requests flow.
  await runStep(page, rollout, "no-probe", ns);
  const noProbe = await sendRequests(page, "inference-noprobe");
  await allTicked(page); // every pod has loaded: nothing failing in the last seconds
  const failedBefore = await num(noProbe, "data-failed");
  await runStep(page, rollout, "no-probe-rollout", ns);
  const noProbeNow = page.getByTestId("lab-requests-inference-noprobe");
  await expect.poll(() => num(noProbeNow, "data-failed"), { message: "v2 pods answer 503 while they load" }).toBeGreaterThan(failedBefore);
  await allTicked(page);
  const svcNoProbe = page.getByTestId("service-inference-noprobe");
  await expect(svcNoProbe.locator(".requests-failures li[data-cause='503 loading']")).toBeVisible();
  await shoot(page, "traffic-no-probe", svcNoProbe);
  await svcNoProbe.getByRole("button", { name: "Stop" }).click();

  // The same change with the probe: zero failures through the whole rollout.
  await runStep(page, rollout, "rolling-update", ns);
  await allTicked(page);
  const withProbe = page.getByTestId("lab-requests-inference");
  expect(await num(withProbe, "data-failed")).toBe(0);
  expect(await num(withProbe, "data-sent")).toBeGreaterThanOrEqual(100);
  await expect(withProbe).toHaveText(/failed: 0 of [\d,]+/);
  const svc = page.getByTestId("service-inference");
  await expect(svc.locator(".requests-split li[data-version=v2]")).toHaveAttribute("data-observed", "100", { timeout: 20_000 });
  await shoot(page, "traffic-with-probe", svc);

  // Blue-green: blue answers everything, then one selector patch moves every request to green.
  await runStep(page, rollout, "blue-green", ns);
  await allTicked(page);
  const lane = svc.getByTestId("requests-inference");
  const seen = new Map<number, string>();
  const sample = async () => {
    const shown = await lane
      .locator("rect.req")
      .evaluateAll((rs) =>
        rs.map(
          (r) => [Number(r.getAttribute("data-seq")), r.getAttribute("data-version") ?? `failed: ${r.getAttribute("data-cause")}`] as const,
        ),
      );
    for (const [seq, v] of shown) seen.set(seq, v);
  };
  await sample();
  const cutFrom = Math.max(...seen.keys());
  await runStep(page, rollout, "blue-green-cut", ns);
  await expect
    .poll(async () => {
      await sample();
      return [...seen.values()].filter((v) => v === "v2-green").length;
    })
    .toBeGreaterThan(40);
  const order = [...seen]
    .filter(([seq]) => seq >= cutFrom)
    .sort(([a], [b]) => a - b)
    .map(([, v]) => v);
  const firstGreen = order.indexOf("v2-green");
  expect(firstGreen).toBeGreaterThan(0);
  expect(order.slice(0, firstGreen).every((v) => v === "v1-blue")).toBe(true);
  expect(order.slice(firstGreen).every((v) => v === "v2-green")).toBe(true);
  await allTicked(page); // includes: failed 0 since the first request, v2-green answers 100 %
  await expect(lane.locator(".requests-split li[data-version=v2-green]")).toHaveAttribute("data-observed", "100");
  await shoot(page, "traffic-bluegreen", svc);
  await lane.getByRole("button", { name: "Stop" }).click();
  kubectl(["delete", "namespace", ns, "--wait=false"]);
});

test("canary lab: about 10 % of requests answered by the canary, as the endpoint share says; Pause holds the counts", async ({ page }) => {
  test.setTimeout(240_000);
  const ns = "e2e-traffic-canary";
  await openLab(page, canary, ns);
  await runStep(page, canary, "stable", ns);
  await sendRequests(page, "inference");
  await allTicked(page);
  const lane = page.getByTestId("service-inference").getByTestId("requests-inference");
  await lane.getByLabel("requests per second").selectOption("50");

  await runStep(page, canary, "canary", ns);
  const counter = page.getByTestId("lab-requests-inference");
  const share = lane.locator(".requests-split li[data-version=v2]");
  await expect(share).toHaveAttribute("data-endpoint-share", "10", { timeout: 60_000 });
  const sentAtCanary = await num(counter, "data-sent");
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(sentAtCanary + 300);
  await allTicked(page);
  expect(await num(counter, "data-failed")).toBe(0);
  const observed = await num(share, "data-observed");
  expect(observed).toBeGreaterThanOrEqual(5);
  expect(observed).toBeLessThanOrEqual(15);
  await shoot(page, "traffic-canary", page.getByTestId("service-inference"));

  // Pause holds the counts; Resume goes on.
  await lane.getByRole("button", { name: "Pause" }).click();
  await expect(lane).toHaveAttribute("data-running", "false");
  const paused = await num(counter, "data-sent");
  await page.waitForTimeout(1000); // nothing is sent while paused: the count must stay
  expect(await num(counter, "data-sent")).toBe(paused);
  await lane.getByRole("button", { name: "Resume" }).click();
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(paused + 20);

  // Scrubbed back on the live timeline, the card draws the traffic this server recorded by then,
  // as a replay does: the counts of trafficAt over the recorded samples at the cursor, nothing to press.
  await page.getByRole("button", { name: "Previous handover step" }).click();
  await expect(page.getByTestId("past-banner")).toBeVisible();
  await expect(lane.getByText("recorded", { exact: true })).toBeVisible();
  await expect(lane.getByRole("button", { name: "Pause" })).toHaveCount(0);
  const at = Number(await page.getByTestId("timeline-scrubber").inputValue());
  const samples = (await (await page.request.get("/api/traffic?recorded")).json()) as Parameters<typeof trafficAt>[0];
  const then = trafficAt(samples, at).find((p) => p.namespace === ns && p.service === "inference");
  expect(then?.sent).toBeGreaterThan(0);
  await expect(lane.getByTestId("failed-inference")).toHaveAttribute("data-sent", String(then?.sent));
  await page.getByTestId("back-to-live").click();
  await lane.getByRole("button", { name: "Stop" }).click();
  kubectl(["delete", "namespace", ns, "--wait=false"]);
});

test("replay plays the shipped recording's requests with nothing to send; the report states them per revision", async ({ page }) => {
  const rec = parseRecording(readFileSync("recordings/rollout-traffic.ndjson", "utf8"));
  expect(rec.skipped).toEqual([]);
  // Just after the probe-less v2 rollout: its failures are in the lane's counter.
  const t = rec.traffic.filter((s) => s.service === "inference-noprobe").at(-1)!.t;
  const want = trafficAt(rec.traffic, t).find((p) => p.service === "inference-noprobe")!;
  expect(want.failed).toBeGreaterThan(0);
  await page.goto("/replay?name=rollout-traffic");
  await expect(page.getByTestId("replay-main")).toBeVisible();
  await page.getByTestId("timeline-scrubber").evaluate((el, at) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, String(at));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, t);
  const lane = page.getByTestId("service-inference-noprobe").getByTestId("requests-inference-noprobe");
  const counter = lane.getByTestId("failed-inference-noprobe");
  await expect(counter).toHaveAttribute("data-sent", String(want.sent));
  await expect(counter).toHaveAttribute("data-failed", String(want.failed));
  await expect(lane.locator("rect.req")).toHaveCount(want.lane.length);
  await expect(page.getByRole("button", { name: /Send requests/ })).toHaveCount(0);
  await shoot(page, "traffic-replay", page.getByTestId("service-inference-noprobe"));

  const report = rolloutReport(rec.events, "lab-rollout", "inference-noprobe", rec.traffic);
  const shipped = report.rollouts.find((r) => r.revision === 2)!.requests![0]!;
  expect(shipped.failed).toBeGreaterThan(0);
  await page.goto("/report?namespace=lab-rollout&deployment=inference-noprobe&name=rollout-traffic");
  await expect(page.getByTestId("report-requests").last()).toHaveText(`inference-noprobe: ${requestsLine(shipped)}`);
});
