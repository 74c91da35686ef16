/**
 * The plan page (issue 16 item 4): real Chromium, `rollscope serve --lab`, real kubectl. The GPU
 * pool stall is played with cpu, as in lib/cli/plan-wait.test.ts: three pods of 3 cpu fill the lab's
 * three 4-cpu nodes, so the surge pod of v2 fits nowhere, while maxSurge 0 / maxUnavailable 1
 * replaces them in place. One page, one namespace; the plan never applies anything.
 */
import { expect, test } from "@playwright/test";
import { kubectl } from "./dashboard-helpers";
import { IN_PLACE, llmManifest, SURGE } from "../test/support/plan/llm";

const NS = "e2e-plan";

const llm = (version: string, budget: string) =>
  llmManifest(version, budget, { gracePeriodSeconds: 5, readyAfterSeconds: 2, memory: "4Gi" });

test("the plan page shows the full pool's stall with its fix, then the fixed manifest fitting; nothing is applied", async ({ page }) => {
  kubectl(["create", "namespace", NS]);
  kubectl(["-n", NS, "apply", "-f", "-"], llm("v1", SURGE));
  kubectl(["-n", NS, "rollout", "status", "deployment/llm", "--timeout=120s"]);

  await page.goto(`/?namespace=${NS}`);
  await page.getByTestId("plan-link").click();
  await expect(page).toHaveURL(/\/plan$/);
  const manifest = page.getByTestId("plan-manifest");
  await page.getByTestId("plan-namespace").fill(NS);

  await manifest.fill("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: llm\n   labels: x\n");
  await page.getByTestId("plan-submit").click();
  await expect(page.getByTestId("plan-error")).toHaveText(/^YAML error at line 4: /);

  await manifest.fill(llm("v2", SURGE));
  await page.getByTestId("plan-submit").click();
  const result = page.getByTestId("plan-result");
  await expect(result).toHaveAttribute("data-cluster", "live");
  await expect(result).toHaveAttribute("data-errors", "1");
  await expect(page.getByTestId("plan-llm")).toHaveAttribute("data-fit", "does-not-fit");
  const stall = result.locator('.finding-error[data-code="SurgeDoesNotFit"]');
  await expect(stall).toContainText("maxSurge 0, maxUnavailable 1");
  await expect(stall.locator(".finding-fix code")).toHaveText(
    `kubectl patch deployment/llm -n ${NS} -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":1}}}}'`,
  );
  // The stalled step keeps a new pod Pending beside the three old ones.
  const steps = page.getByTestId("plan-steps-llm");
  await expect(steps).toHaveAttribute("data-step", String(Number(await steps.getAttribute("data-steps")) - 1));
  await expect(steps.locator('[data-pod="new-pending"]')).toHaveCount(1);
  await expect(steps.locator('[data-pod="old"]')).toHaveCount(3);

  // The fixed file arrives as an upload.
  await page
    .getByTestId("plan-upload")
    .setInputFiles({ name: "llm-inplace.yaml", mimeType: "text/yaml", buffer: Buffer.from(llm("v2", IN_PLACE)) });
  await expect(manifest).toHaveValue(llm("v2", IN_PLACE));
  await page.getByTestId("plan-submit").click();
  await expect(page.getByTestId("plan-llm")).toHaveAttribute("data-fit", "fits");
  await expect(result).toHaveAttribute("data-errors", "0");
  await expect(result.locator('[data-code="SurgeDoesNotFit"]')).toHaveCount(0);
  await expect(page.getByTestId("plan-fit-llm")).toHaveText("every step fits the nodes' free room now");
  // The animation plays through to the end: every pod new and Ready.
  await expect(steps).toHaveAttribute("data-step", String(Number(await steps.getAttribute("data-steps")) - 1));
  await expect(steps.locator('[data-pod="new-ready"]')).toHaveCount(3);

  expect(kubectl(["-n", NS, "get", "deployment/llm", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])).toBe(
    "vllm/vllm-openai:v1",
  );
});
