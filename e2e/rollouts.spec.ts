/**
 * The dashboard against the embedded lab cluster (time ×5), driven by real kubectl: what a
 * learner does in the lab, and what the page must show at each moment (ROLLOUT-SPEC §6).
 */
import { expect, test, type Page } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, desiredOf, fixture, kubectl, laneSamples, shoot, startLaneRecorder } from "./dashboard-helpers";

test.describe.configure({ mode: "serial" });

async function openNamespace(page: Page, ns: string) {
  await page.goto(`/?namespace=${ns}`);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
}

async function deployInference(page: Page, ns: string) {
  kubectl(["create", "namespace", ns]);
  kubectl(["-n", ns, "apply", "-f", fixture("inference.yaml")]);
  await openNamespace(page, ns);
  const stage = page.getByTestId("deployment-inference");
  await expect(stage.locator(".phase")).toHaveAttribute("data-phase", "Complete");
  await expect(stage.getByTestId("lane-1")).toHaveAttribute("data-ready", "3");
  return stage;
}

test("rolling update v1 → v2: lanes pass through the maxSurge 1 / maxUnavailable 0 handover", async ({ page }) => {
  const stage = await deployInference(page, "e2e-rolling");
  await expect(stage.getByTestId("rollout-status")).toContainText('deployment "inference" successfully rolled out');
  await expect(stage.getByTestId("surge-gauge")).toContainText("surge 0/1 in use");
  await expect(stage.getByTestId("availability-gauge")).toContainText("available 3 ≥ 3 min");
  await startLaneRecorder(page, "inference");

  kubectl(["-n", "e2e-rolling", "annotate", "deployment/inference", "kubernetes.io/change-cause=VERSION v2"]);
  kubectl(["-n", "e2e-rolling", "set", "env", "deployment/inference", "VERSION=v2"]);

  // Mid-rollout picture: one surge pod in use while v2 loads.
  await expect(stage.getByTestId("surge-gauge")).toContainText("surge 1/1 in use");
  await expect(stage.getByTestId("rollout-status")).toContainText("new replicas have been updated");
  await shoot(page, "rolling-mid", stage);

  await expect(stage.getByTestId("lane-2")).toHaveAttribute("data-ready", "3");
  await expect(stage.getByTestId("lane-1")).toHaveAttribute("data-desired", "0");
  await expect(stage.locator(".phase")).toHaveAttribute("data-phase", "Complete");
  await expect(stage.getByTestId("rollout-status")).toContainText("successfully rolled out");
  // The live handover chart followed the stream: both revisions, the handover complete.
  const chart = stage.getByTestId("handover-chart");
  await expect(chart).toHaveAttribute("data-revisions", "2");
  await expect(chart.getByRole("img")).toHaveAttribute("aria-label", /revision 1: 0 ready, 0 not ready; revision 2: 3 ready, 0 not ready/);
  await expect(chart.getByTestId("handover-ceiling")).toContainText("max 4 pods");

  // The (v1, v2) desired counts seen, deduplicated, must walk table A: v1 3→2→1→0 while v2 1→2→3.
  const pairs: [number, number][] = [];
  for (const s of await laneSamples(page)) {
    const p: [number, number] = [desiredOf(s, "v1"), desiredOf(s, "v2")];
    if (pairs.length === 0 || pairs.at(-1)![0] !== p[0] || pairs.at(-1)![1] !== p[1]) pairs.push(p);
  }
  test.info().annotations.push({ type: "lane pairs (v1,v2)", description: JSON.stringify(pairs) });
  // Table A's rows. The instant rows (2,1) and (1,2) — a scale-down answered at once by a
  // scale-up in the next sync — may be merged by the stream's 50 ms coalescing; the rows where the
  // controller waits for a v2 pod to become Ready last seconds and must all be seen, in order.
  const tableA = ["3,0", "3,1", "2,1", "2,2", "1,2", "1,3", "0,3"];
  for (const p of pairs) expect(tableA, `unexpected (v1,v2)=${p} in ${JSON.stringify(pairs)}`).toContain(p.join(","));
  const waits = ["3,1", "2,2", "1,3", "0,3"];
  let i = 0;
  for (const p of pairs) if (i < waits.length && p.join(",") === waits[i]) i++;
  expect(i, `saw ${JSON.stringify(pairs)}`).toBe(waits.length);
  expect(pairs[0]).toEqual([3, 0]);
  // v1 only shrinks, v2 only grows.
  for (let k = 1; k < pairs.length; k++) {
    expect(pairs[k][0]).toBeLessThanOrEqual(pairs[k - 1][0]);
    expect(pairs[k][1]).toBeGreaterThanOrEqual(pairs[k - 1][1]);
  }
  writeFileSync(join(ARTIFACTS, "rolling-lane-pairs.json"), JSON.stringify(pairs));

  // History: both revisions, change-cause, the exact undo command.
  const history = stage.locator(".history");
  await expect(history.locator("tr[data-revision='2']")).toContainText("VERSION v2");
  await expect(history.locator("tr[data-revision='1'] code")).toHaveText(
    "kubectl rollout undo deployment/inference --to-revision=1 -n e2e-rolling",
  );
  await expect(history.locator(".diff-lines")).toContainText("VERSION");
  await shoot(page, "rolling-done", stage);
});

test("stuck v3: stalled lane, deadline, ProgressDeadlineExceeded; undo returns to v2", async ({ page }) => {
  const ns = "e2e-stuck";
  const stage = await deployInference(page, ns);
  kubectl(["-n", ns, "set", "env", "deployment/inference", "VERSION=v2"]);
  await expect(stage.getByTestId("lane-2")).toHaveAttribute("data-ready", "3");
  await expect(stage.locator(".phase")).toHaveAttribute("data-phase", "Complete");

  // v3: the start script never creates /tmp/ready, so readiness never passes.
  kubectl(["-n", ns, "annotate", "deployment/inference", "kubernetes.io/change-cause=VERSION v3 (model load hangs)"]);
  kubectl([
    "-n",
    ns,
    "patch",
    "deployment/inference",
    "--type=json",
    "-p",
    JSON.stringify([
      { op: "replace", path: "/spec/template/spec/containers/0/env/0/value", value: "v3" },
      { op: "replace", path: "/spec/template/spec/containers/0/command", value: ["sh", "-c", "echo loading model; sleep infinity"] },
    ]),
  ]);
  const v3 = stage.getByTestId("lane-3");
  await expect(v3).toHaveAttribute("data-desired", "1");
  await expect(stage.getByTestId("deadline")).toContainText("progress deadline in");
  await expect(v3.locator("g.pod-glyph")).toHaveAttribute("data-state", /Starting|RunningNotReady/);
  await shoot(page, "stuck-countdown", stage);

  await expect(stage.locator(".phase")).toHaveAttribute("data-phase", "Stuck", { timeout: 90_000 });
  await expect(stage.getByTestId("deadline")).toContainText("ProgressDeadlineExceeded");
  await expect(stage.getByTestId("rollout-status")).toContainText('deployment "inference" exceeded its progress deadline');
  await expect(v3).toHaveClass(/lane-stalled/);
  await expect(v3.locator(".tag-stalled")).toContainText("none Ready");
  await expect(v3.locator("g.pod-glyph")).toHaveAttribute("data-state", "RunningNotReady");
  await expect(v3.locator("g.pod-glyph .glyph-label")).toHaveText("Not ready");
  // v2 keeps serving: 3 Ready, maxScaledDown was 0.
  await expect(stage.getByTestId("lane-2")).toHaveAttribute("data-ready", "3");
  // Probe details on focus.
  await v3.locator("g.pod-glyph").focus();
  await expect(v3.locator(".pod-details")).toContainText("exec");
  await shoot(page, "stuck-exceeded", stage);

  kubectl(["-n", ns, "rollout", "undo", "deployment/inference"]);
  // The rollback reuses v2's ReplicaSet as revision 4 (revisions 1,3,4).
  const back = stage.getByTestId("lane-4");
  await expect(back).toHaveAttribute("data-version", "v2");
  await expect(back).toHaveAttribute("data-ready", "3");
  await expect(stage.locator(".phase")).toHaveAttribute("data-phase", "Complete");
  await expect(stage.getByTestId("lane-3")).toHaveAttribute("data-desired", "0");
  await expect(stage.locator(".history tr[data-revision='4']")).toBeVisible();
  await shoot(page, "stuck-undone", stage);
});

test("blue-green: the switch flips when the Service selector is patched", async ({ page }) => {
  const ns = "e2e-bluegreen";
  kubectl(["create", "namespace", ns]);
  kubectl(["-n", ns, "apply", "-f", fixture("blue-green.yaml")]);
  await openNamespace(page, ns);
  const svc = page.getByTestId("service-inference");
  await expect(svc).toHaveAttribute("data-pattern", "blue-green");
  const sw = page.getByTestId("switch-inference");
  await expect(sw).toHaveAttribute("data-active-colour", "blue");
  await expect(sw.locator("g.switch-target.on")).toHaveAttribute("data-colour", "blue");
  await expect(svc.getByTestId("split-inference").locator(".split-seg")).toHaveAttribute("data-share", "100");
  await expect(svc.locator(".split-seg")).toHaveAttribute("data-backend", "inference-blue");
  await expect(page.getByTestId("deployment-inference-green").locator(".phase")).toHaveAttribute("data-phase", "Complete");
  await shoot(page, "bluegreen-blue", svc);

  kubectl(["-n", ns, "patch", "service/inference", "-p", JSON.stringify({ spec: { selector: { app: "inference", color: "green" } } })]);
  await expect(sw).toHaveAttribute("data-active-colour", "green");
  await expect(sw.locator("g.switch-target.on")).toHaveAttribute("data-colour", "green");
  await expect(svc.locator(".split-seg")).toHaveAttribute("data-backend", "inference-green");
  await expect(svc.locator(".warnings")).toHaveCount(0);
  await shoot(page, "bluegreen-green", svc);
});

test("canary 9 + 1: the split bar shows 90/10 by ready endpoints", async ({ page }) => {
  const ns = "e2e-canary";
  kubectl(["create", "namespace", ns]);
  kubectl(["-n", ns, "apply", "-f", fixture("canary.yaml")]);
  await openNamespace(page, ns);
  const svc = page.getByTestId("service-inference");
  const segs = svc.locator(".split-seg");
  await expect(segs).toHaveCount(2);
  await expect(segs.nth(0)).toHaveAttribute("data-share", "90");
  await expect(segs.nth(1)).toHaveAttribute("data-share", "10");
  await expect(segs.nth(1)).toHaveAttribute("data-backend", "inference-canary");
  await expect(svc).toHaveAttribute("data-pattern", "canary");
  await expect(svc.locator(".split-legend")).toContainText("9 ready endpoints");
  await shoot(page, "canary", svc);
  // Overview lists every Deployment and Service of the namespace.
  await expect(page.getByTestId("overview-deployment-inference-stable")).toContainText("Complete");
  await expect(page.getByTestId("overview-deployment-inference-canary")).toContainText("Complete");
  await expect(page.getByTestId("overview-service-inference")).toContainText("canary");
});

test("stream broken: the banner says since when the data is, and the view recovers", async ({ page, context }) => {
  await openNamespace(page, "e2e-canary");
  await expect(page.getByTestId("service-inference")).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByTestId("banner-stale")).toContainText(/showing data from \d\d:\d\d:\d\d — watch reconnecting/);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "reconnecting");
  // The last picture stays on screen, faded.
  await expect(page.getByTestId("service-inference")).toBeVisible();
  await expect(page.locator("main#main")).toHaveAttribute("data-stale", "true");
  await shoot(page, "stream-broken");
  await context.setOffline(false);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
  await expect(page.getByTestId("banner-stale")).toHaveCount(0);
  await expect(page.locator("main#main")).not.toHaveAttribute("data-stale", /.*/);
});

test("HTTP contract: /api/rollouts, /healthz, /api/contexts, bad namespace", async ({ request }) => {
  const res = await request.get("/api/rollouts?namespace=e2e-canary");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as {
    deployments: { name: string; phase: string; maxSurge: number }[];
    services: { name: string; backends: { share: number }[] }[];
    findings: unknown[];
  };
  expect(body.deployments.map((d) => d.name).sort()).toEqual(["inference-canary", "inference-stable"]);
  expect(body.deployments.every((d) => d.phase === "Complete")).toBe(true);
  expect(body.services[0].backends.map((b) => Math.round(b.share * 100)).sort((a, b) => a - b)).toEqual([10, 90]);
  const health = await (await request.get("/healthz")).json();
  expect(health).toMatchObject({ ok: true, synced: true, degraded: [] });
  const ctx = await (await request.get("/api/contexts")).json();
  expect(ctx.current).toBe("rollscope-lab");
  expect((await request.get("/api/rollouts?namespace=Not_Valid")).status()).toBe(400);
});

test("the page says when the stream breaks and shows no blank page", async ({ page }) => {
  await openNamespace(page, "e2e-canary");
  await page.route("**/api/stream**", (route) => route.abort());
  await page.evaluate(() => window.dispatchEvent(new Event("offline")));
  // Reload with the stream blocked: the page must say it is connecting, not go blank.
  await page.reload();
  await expect(page.getByTestId("banner-connecting")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Rollscope" })).toBeVisible();
});

test("namespace picker deep-links; theme toggles; the keyboard reaches pod details", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("overview-deployment-inference-canary")).toBeVisible();
  // Every namespace in view, each under its own heading.
  await expect(page.getByRole("heading", { name: "namespace e2e-canary" })).toBeVisible();
  await shoot(page, "all-namespaces");
  await page.getByRole("combobox", { name: "namespace" }).selectOption("e2e-bluegreen");
  await expect(page).toHaveURL(/\/\?namespace=e2e-bluegreen$/);
  await expect(page.getByTestId("service-inference")).toHaveAttribute("data-pattern", "blue-green");
  await expect(page.getByTestId("overview-deployment-inference-canary")).toHaveCount(0);

  const toggle = page.getByRole("button", { name: /switch to (dark|light) theme/ });
  const next = (await toggle.getAttribute("aria-label"))!.includes("dark") ? "dark" : "light";
  await toggle.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", next);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", next);

  // Tab through the page until a pod glyph has focus: its probe details appear.
  let onPod = false;
  for (let i = 0; i < 80 && !onPod; i++) {
    await page.keyboard.press("Tab");
    onPod = await page.evaluate(() => document.activeElement?.classList.contains("pod-glyph") ?? false);
  }
  expect(onPod).toBe(true);
  await expect(page.locator(".pod-details")).toContainText("exec cat /tmp/ready");
  await shoot(page, `keyboard-${next}`);
});
