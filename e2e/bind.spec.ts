/**
 * A dashboard bound to an address other machines can reach (issue 8): `serve --host 0.0.0.0`
 * prints a generated token and a link, refuses everything without it (also from loopback), lets
 * the bearer header and the link's cookie in, and never hands the token to the page; `--auth none`
 * serves without one and warns; bad flag combinations and unusable addresses are refused in one
 * line with the fix, before anything starts. The client connects to the machine's own non-loopback
 * address, so the server sees a non-loopback peer.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest, createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Response as PageResponse } from "@playwright/test";
import { ARTIFACTS } from "./dashboard-helpers";

const root = join(import.meta.dirname, "..");
const CLI = join(root, "bin", "rollscope.mjs");
const IP = Object.values(networkInterfaces())
  .flatMap((l) => l ?? [])
  .find((a) => a.family === "IPv4" && !a.internal)?.address;
const NO_IP = "this machine has no non-loopback IPv4 address (os.networkInterfaces()): a non-loopback bind cannot be tested here";
if (!IP) console.error(`\n!!! e2e/bind.spec.ts SKIPPED: ${NO_IP} !!!\n`);
// Under CI a missing address is a failure, never a silent skip (CI machines have one).
const CI = process.env.CI === "true" || process.env.CI === "1";
if (!IP && CI) throw new Error(`CI=true: ${NO_IP}`);

/** The environment of a server under test: no token inherited from the shell running the tests. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e = { ...process.env, ...extra };
  if (!("ROLLSCOPE_TOKEN" in extra)) delete e.ROLLSCOPE_TOKEN;
  return e;
}

interface Served {
  proc: ChildProcess;
  port: number;
  out: string;
  err: string;
}

/** `rollscope serve --lab --port 0 …args`; resolves once it serves, with everything it printed so far. */
function serve(args: string[], name: string): Promise<Served> {
  const proc = spawn(process.execPath, [CLI, "serve", "--lab", "--port", "0", ...args], {
    cwd: root,
    env: env({ ROLLSCOPE_LAB_KUBECONFIG: join(ARTIFACTS, `bind-${name}-kubeconfig-${process.pid}`) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const s: Served = { proc, port: 0, out: "", err: "" };
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`serve ${args.join(" ")} did not start:\n${s.out}${s.err}`)), 150_000);
    proc.stderr!.on("data", (d: Buffer) => (s.err += d));
    proc.stdout!.on("data", (d: Buffer) => {
      s.out += d;
      const m = /rollscope serving http:\/\/\S+:(\d+) /.exec(s.out);
      if (m && !s.port) {
        clearTimeout(t);
        s.port = Number(m[1]);
        // The access lines (stdout) and the warning (stderr) are printed right after.
        setTimeout(() => ok(s), 1000);
      }
    });
    proc.once("exit", (code) => fail(new Error(`serve exited ${code}:\n${s.out}${s.err}`)));
  });
}

/** What `rollscope serve …args` prints and returns when it refuses to start. */
function refusal(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const t0 = Date.now();
  // From another directory: an installed `rollscope` runs wherever its user is.
  const proc = spawn(process.execPath, [CLI, "serve", "--lab", ...args], {
    cwd: tmpdir(),
    env: env(extraEnv),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d));
  proc.stderr!.on("data", (d: Buffer) => (err += d));
  return new Promise((ok) => {
    // A refusal must exit on its own; a process still running after 60 s has hung.
    const t = setTimeout(() => proc.kill("SIGKILL"), 60_000);
    proc.once("exit", (code) => {
      clearTimeout(t);
      ok({ code, out, err, ms: Date.now() - t0 });
    });
  });
}

/** A GET from this process, returning the status, body and the client's own address on the connection. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; type: string; localAddress: string }> {
  return new Promise((ok, fail) => {
    const req = httpRequest(url, { headers }, (res) => {
      const localAddress = res.socket.localAddress ?? "";
      const type = String(res.headers["content-type"] ?? "");
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
        // A stream never ends: its first frame is enough.
        if (type.startsWith("text/event-stream") && body.includes("\n\n")) {
          req.destroy();
          ok({ status: res.statusCode!, body, type, localAddress });
        }
      });
      res.on("end", () => ok({ status: res.statusCode!, body, type, localAddress }));
    });
    req.on("error", fail);
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url}: no answer in 30 s`)));
    req.end();
  });
}

test.describe("a dashboard bound off loopback", () => {
  test.describe.configure({ mode: "serial" });
  test.skip(!IP, NO_IP);

  let guarded: Served;
  let open: Served;
  let token = "";
  let link = "";
  let other: Server | undefined;

  test.beforeAll(async () => {
    [guarded, open] = await Promise.all([serve(["--host", "0.0.0.0"], "token"), serve(["--host", IP!, "--auth", "none"], "none")]);
    token = /^rollscope: access token \(generated\): (\S+)$/m.exec(guarded.out)?.[1] ?? "";
    link = `http://${IP}:${guarded.port}/?token=${token}`;
  });
  test.afterAll(() => {
    guarded?.proc.kill("SIGTERM");
    open?.proc.kill("SIGTERM");
    other?.close();
  });

  test("--host 0.0.0.0 prints a generated token and a link on the machine's own address", () => {
    expect(token, guarded.out).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const links = [...guarded.out.matchAll(/^rollscope: open (http:\/\/\S+)$/gm)].map((x) => x[1]!);
    // Every wildcard link names a real address (0.0.0.0 is not one a browser elsewhere can open).
    expect(links).toContain(link);
    expect(links.filter((l) => l.includes("0.0.0.0"))).toEqual([]);
  });

  test("without the token a non-loopback client gets 401 for the page, /api/rollouts and /api/stream", async () => {
    const base = `http://${IP}:${guarded.port}`;
    for (const path of ["/", "/api/rollouts", "/api/stream", "/replay"]) {
      const r = await get(`${base}${path}`);
      expect(r.localAddress, "the client is not on loopback").toBe(IP);
      expect(r.status, path).toBe(401);
      expect(JSON.parse(r.body).error).toMatch(/needs its access token: open the URL it printed/);
    }
    expect((await get(`${base}/api/rollouts`, { authorization: "Bearer not-the-token-0000000000" })).status).toBe(401);
    expect((await get(`${base}/api/rollouts`, { cookie: "rollscope_token=not-the-token-0000000000" })).status).toBe(401);
    // The token guards the bind, not the peer: loopback clients of a 0.0.0.0 bind need it too.
    expect((await get(`http://127.0.0.1:${guarded.port}/api/rollouts`)).status).toBe(401);
    expect((await get(`${base}/healthz`)).status).toBe(200);
  });

  test("the bearer header opens /api/rollouts and /api/stream", async () => {
    const base = `http://${IP}:${guarded.port}`;
    const auth = { authorization: `Bearer ${token}` };
    const rollouts = await get(`${base}/api/rollouts`, auth);
    expect(rollouts.status).toBe(200);
    expect(Array.isArray(JSON.parse(rollouts.body).deployments)).toBe(true);
    const stream = await get(`${base}/api/stream`, auth);
    expect(stream.status).toBe(200);
    expect(stream.type).toMatch(/^text\/event-stream/);
    expect(stream.body).toMatch(/^retry: \d+\n\n/);
  });

  test("the printed link lets Chromium in by cookie, and the token is in no page, script or address", async ({ page }) => {
    const seen: { url: string; body: string }[] = [];
    const bodies: Promise<void>[] = [];
    page.on("response", (r: PageResponse) => {
      const type = r.headers()["content-type"] ?? "";
      if (type.startsWith("text/event-stream") || r.status() >= 300) return;
      bodies.push(
        r.body().then(
          (b) => void seen.push({ url: r.url(), body: b.toString("utf8") }),
          () => undefined,
        ),
      );
    });
    await page.goto(link);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
    const landedAt = page.url();
    const cookie = (await page.context().cookies()).find((c) => c.name === "rollscope_token");
    expect(cookie).toMatchObject({ value: token, httpOnly: true, sameSite: "Strict" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("rollscope_token");
    // Move around the app so its routes and chunks load too.
    await page.goto(`http://${IP}:${guarded.port}/replay`);
    const dashboard = await page.goto(`http://${IP}:${guarded.port}/?namespace=default`);
    // The dashboard itself (not only the link's page) carries the nonce CSP.
    expect(dashboard?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
    await Promise.all(bodies);
    // A document's body may be gone once the page has navigated on (the link's page moves on at
    // once), so the pages themselves are fetched again with the browser's cookies.
    for (const url of [link, landedAt, `http://${IP}:${guarded.port}/replay`, `http://${IP}:${guarded.port}/?namespace=default`]) {
      const r = await page.request.get(url, { maxRedirects: 0 });
      expect(r.status(), url).toBe(200);
      seen.push({ url, body: await r.text() });
    }
    // The scripts the pages loaded were read too.
    expect(seen.filter((s) => new URL(s.url).pathname.endsWith(".js")).length).toBeGreaterThan(3);
    for (const s of seen) expect(s.body.includes(token), `token in ${s.url}`).toBe(false);
    expect((await page.content()).includes(token)).toBe(false);
    // Nor in the address bar (a projected screen, history): the link's page moved on without it.
    expect(landedAt).toBe(`http://${IP}:${guarded.port}/`);
  });

  test("the link clicked on another site still lets the browser in (SameSite=Strict cookie)", async ({ browser }) => {
    // 127.0.0.1 and the machine's address are different sites.
    other = createHttpServer((_, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<a id="go" href="${link}">dashboard</a>`);
    });
    await new Promise<void>((ok) => other!.listen(0, "127.0.0.1", ok));
    const addr = other.address();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/`);
    await page.click("#go");
    await expect(page).toHaveURL(`http://${IP}:${guarded.port}/`);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
    await ctx.close();
  });

  test("--auth none on the machine's address serves without a token and warns out loud", async ({ page }) => {
    expect(open.err).toMatch(
      new RegExp(
        `^rollscope: WARNING: --auth none on ${IP!.replace(/\./g, "\\.")}: anyone who can reach http://${IP!.replace(/\./g, "\\.")}:${open.port} sees this cluster, with no token\\. .*drop --auth none to require a token\\.$`,
        "m",
      ),
    );
    expect(open.out).not.toMatch(/access token/);
    const base = `http://${IP}:${open.port}`;
    const r = await get(`${base}/api/rollouts`);
    expect(r.localAddress).toBe(IP);
    expect(r.status).toBe(200);
    expect((await get(`${base}/api/stream`)).status).toBe(200);
    await page.goto(base);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-connection", "live");
  });
});

test.describe("refused before anything starts: one line with the cause and the fix", () => {
  test.skip(!IP, NO_IP);

  /** Exit 2, first line `rollscope serve: <cause>: <fix>`, no stack trace, no lab cluster started. */
  function expectRefusal(r: { code: number | null; out: string; err: string; ms: number }, line: RegExp): void {
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err.split("\n")[0]).toMatch(line);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(r.out).not.toMatch(/lab cluster at|rollscope serving/);
  }

  test("--auth none together with a token, given or inherited", async () => {
    expectRefusal(
      await refusal(["--host", IP!, "--auth", "none", "--token", "a-long-enough-token-123"]),
      /^rollscope serve: --auth none and --token exclude each other: drop one of them$/,
    );
    expectRefusal(
      await refusal(["--host", IP!, "--auth", "none"], { ROLLSCOPE_TOKEN: "a-long-enough-token-123" }),
      /^rollscope serve: --auth none and \$ROLLSCOPE_TOKEN \(set in this environment\) exclude each other: unset ROLLSCOPE_TOKEN, or drop --auth none to require it$/,
    );
  });

  test("a short token, an unknown --auth", async () => {
    expectRefusal(
      await refusal(["--host", IP!, "--token", "short"]),
      /^rollscope serve: the access token must be at least 16 characters: give a longer one, or none and one is generated$/,
    );
    expectRefusal(await refusal(["--host", IP!, "--auth", "basic"]), /^rollscope serve: --auth must be "token" or "none", got "basic"$/);
  });

  test("an address that is not this machine's, and a port already taken", async () => {
    // TEST-NET-3 (RFC 5737) is never configured on a real interface.
    const foreign = await refusal(["--host", "203.0.113.77", "--port", "0"]);
    expectRefusal(
      foreign,
      new RegExp(
        `^rollscope serve: --host 203\\.0\\.113\\.77 is not an address of this machine: use one of 127\\.0\\.0\\.1, .*${IP!.replace(/\./g, "\\.")}.*, or 0\\.0\\.0\\.0 for all of them$`,
      ),
    );
    const holder = createNetServer();
    await new Promise<void>((ok) => holder.listen(0, IP, ok));
    const port = (holder.address() as { port: number }).port;
    try {
      expectRefusal(
        await refusal(["--host", IP!, "--port", String(port)]),
        new RegExp(
          `^rollscope serve: http://${IP!.replace(/\./g, "\\.")}:${port} is already in use by another program: pick another --port \\(--port 0 takes any free one\\)$`,
        ),
      );
    } finally {
      holder.close();
    }
  });
});
