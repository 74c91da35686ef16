/**
 * Requests through a Service on the dashboard (issue 14): real Chromium, `rollscope serve --lab`
 * (time ×5), real kubectl. The load generator runs in the dashboard's server and goes through
 * the lab apiserver's service proxy; the page draws what came back. Counts, not timings.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { fixture, kubectl, shoot } from "./dashboard-helpers";

test.describe.configure({ mode: "serial" });

function inference(version: string, probe: boolean): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: inference, labels: {app: inference}}
spec:
  replicas: 3
  progressDeadlineSeconds: 120
  selector: {matchLabels: {app: inference}}
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: inference}}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: server
        image: busybox:1.36
        env: [{name: VERSION, value: ${version}}]
        command: ["sh", "-c", "echo loading model; sleep 8; touch /tmp/ready; sleep infinity"]
        ports: [{containerPort: 8080}]
${probe ? "        readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 2}\n" : ""}---
apiVersion: v1
kind: Service
metadata: {name: inference}
spec:
  selector: {app: inference}
  ports: [{port: 80, targetPort: 8080}]
`;
}

async function open(page: Page, ns: string): Promise<Locator> {
  await page.goto(`/?namespace=${ns}`);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
  return page.getByTestId("service-inference");
}

async function rolledOut(page: Page, ns: string): Promise<void> {
  kubectl(["-n", ns, "rollout", "status", "deployment/inference", "--timeout=120s"]);
}

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

test("a rollout with no readiness probe fails requests while v2 loads; with the probe none fail", async ({ page }) => {
  const ns = "e2e-traffic";
  kubectl(["create", "namespace", ns]);
  // v1 with the probe: every pod has loaded when it is Ready, so traffic starts clean.
  kubectl(["-n", ns, "apply", "-f", "-"], inference("v1", true));
  await rolledOut(page, ns);
  const svc = await open(page, ns);
  const requests = svc.getByTestId("requests-inference");
  await requests.getByRole("button", { name: "Send requests (20/s)" }).click();
  const counter = requests.getByTestId("failed-inference");
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(40);
  await expect(counter).toHaveAttribute("data-failed", "0");
  await expect(requests.locator("rect.req[data-version=v1]").first()).toBeVisible();

  // v2 with no probe: each new pod is Ready at once and answers 503 while it loads its model.
  kubectl(["-n", ns, "apply", "-f", "-"], inference("v2", false));
  await rolledOut(page, ns);
  await expect.poll(() => num(counter, "data-failed")).toBeGreaterThan(0);
  await expect(requests.locator(".requests-failures li[data-cause='503 loading']")).toBeVisible();
  await expect(requests.locator("rect.req[data-version=v2]").first()).toBeVisible();
  await expect(counter).toHaveText(/^failed: [1-9][\d,]* of [\d,]+$/);
  await shoot(page, "traffic-no-probe", svc);

  // Pause holds the counts; Resume goes on.
  await requests.getByRole("button", { name: "Pause" }).click();
  await expect(requests.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(requests).toHaveAttribute("data-running", "false");
  const paused = await num(counter, "data-sent");
  await page.waitForTimeout(1000); // nothing is sent while paused: the count must stay
  expect(await num(counter, "data-sent")).toBe(paused);
  await requests.getByRole("button", { name: "Resume" }).click();
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(paused + 20);

  // v3 with the probe: the Service sends nothing to a pod before it has loaded. Zero new failures.
  const failedBefore = await num(counter, "data-failed");
  kubectl(["-n", ns, "apply", "-f", "-"], inference("v3", true));
  await rolledOut(page, ns);
  const sentAfter = await num(counter, "data-sent");
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(sentAfter + 20);
  expect(await num(counter, "data-failed")).toBe(failedBefore);
  await expect(requests.locator(".requests-split li[data-version=v3]")).toHaveAttribute("data-observed", "100");
  await shoot(page, "traffic-with-probe", svc);
  await requests.getByRole("button", { name: "Stop" }).click();
  await expect(requests.getByRole("button", { name: "Send requests (20/s)" })).toBeVisible();
});

test("canary 9 + 1: about 10 % of requests are answered by the canary, as the endpoint share says", async ({ page }) => {
  const ns = "e2e-traffic-canary";
  kubectl(["create", "namespace", ns]);
  kubectl(["-n", ns, "apply", "-f", fixture("canary.yaml")]);
  const svc = await open(page, ns);
  await expect(svc.locator(".split-seg")).toHaveCount(2);
  const requests = svc.getByTestId("requests-inference");
  await requests.getByRole("button", { name: "Send requests (20/s)" }).click();
  await requests.getByLabel("requests per second").selectOption("50");
  const counter = requests.getByTestId("failed-inference");
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(300);
  await expect(counter).toHaveAttribute("data-failed", "0");
  const canary = requests.locator(".requests-split li[data-version=v2]");
  await expect(canary).toHaveAttribute("data-endpoint-share", "10");
  const observed = await num(canary, "data-observed");
  expect(observed).toBeGreaterThanOrEqual(7);
  expect(observed).toBeLessThanOrEqual(13);
  await shoot(page, "traffic-canary", svc);
  await requests.getByRole("button", { name: "Stop" }).click();
});

test("blue-green: the cut flips 100 % of requests at once, none fails", async ({ page }) => {
  const ns = "e2e-traffic-bluegreen";
  kubectl(["create", "namespace", ns]);
  kubectl(["-n", ns, "apply", "-f", fixture("blue-green.yaml")]);
  kubectl(["-n", ns, "rollout", "status", "deployment/inference-green", "--timeout=120s"]);
  kubectl(["-n", ns, "rollout", "status", "deployment/inference-blue", "--timeout=120s"]);
  const svc = await open(page, ns);
  const requests = svc.getByTestId("requests-inference");
  await requests.getByRole("button", { name: "Send requests (20/s)" }).click();
  const counter = requests.getByTestId("failed-inference");
  await expect.poll(() => num(counter, "data-sent")).toBeGreaterThan(20);

  // Every request the lane shows, by sequence number, collected while the selector is cut over.
  const seen = new Map<number, string>();
  const sample = async () => {
    const lane = await requests.locator("rect.req").evaluateAll((rs) => rs.map((r) => [Number(r.getAttribute("data-seq")), r.getAttribute("data-version") ?? `failed: ${r.getAttribute("data-cause")}`] as const));
    for (const [seq, v] of lane) seen.set(seq, v);
  };
  await sample();
  kubectl(["-n", ns, "patch", "service/inference", "-p", JSON.stringify({ spec: { selector: { app: "inference", color: "green" } } })]);
  await expect
    .poll(async () => {
      await sample();
      return [...seen.values()].filter((v) => v === "v2-green").length;
    })
    .toBeGreaterThan(40);
  const order = [...seen].sort(([a], [b]) => a - b).map(([, v]) => v);
  const firstGreen = order.indexOf("v2-green");
  expect(order.slice(0, firstGreen).every((v) => v === "v1-blue")).toBe(true);
  expect(order.slice(firstGreen).every((v) => v === "v2-green")).toBe(true);
  expect(firstGreen).toBeGreaterThan(0);
  await expect(counter).toHaveAttribute("data-failed", "0");
  await expect(requests.locator(".requests-split li[data-version=v2-green]")).toHaveAttribute("data-observed", "100");
  await shoot(page, "traffic-bluegreen", svc);
  await requests.getByRole("button", { name: "Stop" }).click();
});
