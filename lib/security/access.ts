/**
 * Who may use the dashboard. Loopback needs nothing; any other address needs a token (given
 * with --token / $ROLLSCOPE_TOKEN, or generated and printed) unless the operator says
 * `--auth none` out loud. Mutating routes also need a same-origin request. Pure: the HTTP shell
 * passes the request's parts in.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";

export type AuthMode = "token" | "none";

export interface AccessPolicy {
  mode: AuthMode;
  token?: string;
  /** The token was generated here and must be shown to the operator once. */
  generated: boolean;
}

export class AccessConfigError extends Error {}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Decides the policy from the flags, or explains what flag is missing. */
export function accessPolicy(opts: { host: string; auth?: string; token?: string }): AccessPolicy {
  if (opts.auth !== undefined && opts.auth !== "token" && opts.auth !== "none") {
    throw new AccessConfigError(`--auth must be "token" or "none", got "${opts.auth}"`);
  }
  if (opts.token !== undefined && opts.token.length < 16)
    throw new AccessConfigError("the access token must be at least 16 characters: give a longer one, or none and one is generated");
  if (opts.auth === "none") {
    if (opts.token) throw new AccessConfigError("--auth none and a token exclude each other");
    return { mode: "none", generated: false };
  }
  if (opts.auth === undefined && !opts.token && isLoopback(opts.host)) return { mode: "none", generated: false };
  if (opts.token) return { mode: "token", token: opts.token, generated: false };
  return { mode: "token", token: randomBytes(24).toString("base64url"), generated: true };
}

export interface RequestParts {
  method: string;
  url: string;
  host?: string;
  origin?: string;
  authorization?: string;
  cookie?: string;
  secFetchSite?: string;
}

export type Verdict = { ok: true; setCookie?: string } | { ok: false; status: 401 | 403; message: string };

export const TOKEN_COOKIE = "rollscope_token";

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(cookie: string | undefined, name: string): string | undefined {
  for (const part of (cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/** Whether a request may proceed. `/healthz` is always open (probes carry no token). */
export function checkRequest(policy: AccessPolicy, req: RequestParts): Verdict {
  const url = new URL(req.url, "http://placeholder");
  const mutating = !["GET", "HEAD", "OPTIONS"].includes(req.method.toUpperCase());
  if (mutating) {
    const crossSite = req.secFetchSite !== undefined && req.secFetchSite !== "same-origin";
    let originHost: string | undefined;
    try {
      originHost = req.origin ? new URL(req.origin).host : undefined;
    } catch {
      originHost = "invalid";
    }
    if (crossSite || !originHost || originHost !== req.host) {
      return { ok: false, status: 403, message: "cross-origin or origin-less write refused: use the dashboard's own page" };
    }
  }
  if (policy.mode === "none" || url.pathname === "/healthz") return { ok: true };
  const token = policy.token!;
  const bearer = /^Bearer (.+)$/i.exec(req.authorization ?? "")?.[1];
  if (bearer && sameToken(bearer, token)) return { ok: true };
  const fromCookie = cookieValue(req.cookie, TOKEN_COOKIE);
  if (fromCookie && sameToken(fromCookie, token)) return { ok: true };
  const fromQuery = url.searchParams.get("token");
  if (fromQuery && sameToken(fromQuery, token) && !mutating) {
    // The link the operator was given sets a cookie so the page's own requests carry it.
    return { ok: true, setCookie: `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` };
  }
  return {
    ok: false,
    status: 401,
    message: "this Rollscope needs its access token: open the URL it printed (…?token=…) or send Authorization: Bearer <token>",
  };
}
