/**
 * Next.js in this process behind node:http, with the access policy in front of every request
 * (token off loopback, same-origin writes, a cap on open streams per client). Shared by
 * `rollscope serve` and `rollscope replay`.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { checkRequest, type AccessPolicy } from "../security/access";
import { contentSecurityPolicy } from "../security/csp";
import { ConnectionLimiter } from "../security/limits";

export interface NextServerOptions {
  projectRoot: string;
  host: string;
  port: number;
  dev: boolean;
  policy: AccessPolicy;
  /** Open SSE streams allowed per client address. */
  streamsPerClient?: number;
}

/** A port nothing listens on right now (for --port 0). */
export async function freePort(host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once("error", fail);
    s.listen(0, host, () => {
      const addr = s.address();
      s.close(() => ok(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function ensureProductionBuild(projectRoot: string): void {
  if (existsSync(join(projectRoot, ".next", "BUILD_ID"))) return;
  console.log("rollscope: no production build in .next — running `npx next build` once (a minute or two)…");
  const nextBin = join(projectRoot, "node_modules", "next", "dist", "bin", "next");
  const r = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0)
    throw new Error(`next build failed (exit ${r.status}); run \`npx next build\` in ${projectRoot} to see why, or use --dev`);
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: message }));
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * The answer to the printed link (…?token=T): set the cookie and move on to the same address
 * without the token, so the token never sits in the address bar (a projected screen, history) nor
 * in the dashboard's own HTML (Next.js echoes the query into the page). A meta refresh, not a
 * redirect: a link clicked on another site is a cross-site navigation, and Chromium withholds a
 * SameSite=Strict cookie from the redirect that follows it; a navigation this page starts is same-site.
 */
function continueWithoutToken(res: ServerResponse, to: string): void {
  const href = escapeAttr(to);
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "content-security-policy": contentSecurityPolicy(Buffer.from(randomUUID()).toString("base64"), false),
  });
  res.end(
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Rollscope</title><p><a href="${href}">Open the dashboard</a></p>\n`,
  );
}

export async function startNextServer(opts: NextServerOptions): Promise<{ server: Server; close(): Promise<void> }> {
  // Routes find labs/ and recordings/ here, whatever directory the command was started from.
  process.env.ROLLSCOPE_ROOT = opts.projectRoot;
  if (!opts.dev) ensureProductionBuild(opts.projectRoot);
  (process.env as Record<string, string>).NODE_ENV = opts.dev ? "development" : "production";
  const { default: next } = await import("next");
  const app = next({ dev: opts.dev, dir: opts.projectRoot, hostname: opts.host, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const streams = new ConnectionLimiter(opts.streamsPerClient ?? 20);
  const server: Server = createServer((req, res) => {
    const verdict = checkRequest(opts.policy, {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      host: header(req, "host"),
      origin: header(req, "origin"),
      authorization: header(req, "authorization"),
      cookie: header(req, "cookie"),
      secFetchSite: header(req, "sec-fetch-site"),
    });
    if (!verdict.ok) return refuse(res, verdict.status, verdict.message);
    if (verdict.setCookie) res.setHeader("set-cookie", verdict.setCookie);
    const url = new URL(req.url ?? "/", "http://placeholder");
    // Whether the link set the cookie now or an earlier visit did: the token goes no further.
    if (url.searchParams.has("token")) {
      url.searchParams.delete("token");
      // One leading slash: "//host" would leave this origin.
      const clean = `/${url.pathname.replace(/^\/+/, "")}${url.search}`;
      if (!url.pathname.startsWith("/api/")) return continueWithoutToken(res, clean);
      req.url = clean;
    }
    if ((req.url ?? "").startsWith("/api/stream")) {
      const client = req.socket.remoteAddress ?? "?";
      if (!streams.acquire(client))
        return refuse(res, 429, `too many open streams from ${client} (limit ${streams.perClient}); close other tabs`);
      res.once("close", () => streams.release(client));
    }
    void handle(req, res);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port, opts.host, () => ok());
  });
  return {
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await app.close?.();
    },
  };
}
