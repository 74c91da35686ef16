/**
 * Access control of a running server (issue 8): a dashboard started with a token refuses
 * requests without it, accepts the bearer header and the printed link (which sets an HttpOnly
 * cookie), and refuses writes that are not same-origin; pages carry the nonce CSP.
 */
import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const TOKEN = "e2e-secret-token-0123456789";
const PORT = 5900 + (process.pid % 90);
const BASE = `http://127.0.0.1:${PORT}`;
let server: ChildProcess | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const root = join(import.meta.dirname, "..");
  server = spawn(
    process.execPath,
    [join(root, "bin", "rollscope.mjs"), "serve", "--lab", "--auth", "token", "--token", TOKEN, "--port", String(PORT)],
    {
      cwd: root,
      env: { ...process.env, ROLLSCOPE_LAB_KUBECONFIG: join(root, "e2e", "artifacts", `security-kubeconfig-${PORT}`) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  await new Promise<void>((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 120_000);
    server!.stdout!.on("data", (d: Buffer) => {
      log += d;
      if (log.includes("rollscope serving")) {
        clearTimeout(t);
        ok();
      }
    });
    server!.stderr!.on("data", (d: Buffer) => (log += d));
  });
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

test("a token-protected server refuses requests without the token", async ({ request }) => {
  const res = await request.get(`${BASE}/api/rollouts`);
  expect(res.status()).toBe(401);
  expect((await res.json()).error).toMatch(/access token/);
  expect((await request.get(`${BASE}/api/rollouts`, { headers: { authorization: "Bearer wrong-token-00000000000" } })).status()).toBe(401);
  // Probes need no token.
  expect((await request.get(`${BASE}/healthz`)).status()).toBe(200);
});

test("the bearer header and the printed link let the owner in; the page carries a nonce CSP", async ({ page, request }) => {
  expect((await request.get(`${BASE}/api/rollouts`, { headers: { authorization: `Bearer ${TOKEN}` } })).status()).toBe(200);
  const res = await page.goto(`${BASE}/?token=${TOKEN}`);
  expect(res?.status()).toBe(200);
  const csp = res?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const cookies = await page.context().cookies(BASE);
  expect(cookies.find((c) => c.name === "rollscope_token")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  // The page's own requests (the stream) now carry the cookie: the dashboard goes live.
  await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
});

test("writes need the same origin even with the token", async ({ request }) => {
  const post = (headers: Record<string, string>) =>
    request.post(`${BASE}/api/labs/apply`, {
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
      data: { lab: "rollout", step: "concepts", namespace: "sec" },
    });
  expect((await post({ origin: "http://evil.example" })).status()).toBe(403);
  expect((await post({})).status()).toBe(403);
});
