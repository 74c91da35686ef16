import { describe, expect, it } from "vitest";
import { accessPolicy, checkRequest, AccessConfigError } from "./access";

describe("accessPolicy", () => {
  it("needs nothing on loopback", () => {
    expect(accessPolicy({ host: "127.0.0.1" })).toEqual({ mode: "none", generated: false });
    expect(accessPolicy({ host: "::1" }).mode).toBe("none");
  });
  it("generates a token for any other address unless told --auth none", () => {
    const p = accessPolicy({ host: "0.0.0.0" });
    expect(p.mode).toBe("token");
    expect(p.generated).toBe(true);
    expect(p.token!.length).toBeGreaterThanOrEqual(32);
    expect(accessPolicy({ host: "0.0.0.0", auth: "none" }).mode).toBe("none");
    expect(accessPolicy({ host: "0.0.0.0", token: "a-very-long-token-123" })).toEqual({
      mode: "token",
      token: "a-very-long-token-123",
      generated: false,
    });
  });
  it("rejects bad flags with the fix", () => {
    expect(() => accessPolicy({ host: "0.0.0.0", auth: "basic" })).toThrow(AccessConfigError);
    expect(() => accessPolicy({ host: "0.0.0.0", token: "short" })).toThrow(/at least 16/);
  });
});

describe("checkRequest", () => {
  const policy = { mode: "token" as const, token: "s3cret-token-abcdefgh", generated: false };
  const get = (extra: object = {}) => ({ method: "GET", url: "/api/rollouts", host: "10.0.0.5:3000", ...extra });

  it("refuses a request without the token and accepts bearer, cookie and the printed link", () => {
    expect(checkRequest(policy, get())).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(policy, get({ authorization: "Bearer wrong-token-000000000" }))).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(policy, get({ authorization: "Bearer s3cret-token-abcdefgh" }))).toEqual({ ok: true });
    expect(checkRequest(policy, get({ cookie: "a=b; rollscope_token=s3cret-token-abcdefgh" }))).toEqual({ ok: true });
    const link = checkRequest(policy, get({ url: "/?token=s3cret-token-abcdefgh" }));
    expect(link.ok && link.setCookie).toMatch(/^rollscope_token=.*HttpOnly; SameSite=Strict/);
  });
  it("leaves /healthz open for probes", () => {
    expect(checkRequest(policy, get({ url: "/healthz" }))).toEqual({ ok: true });
  });
  it("refuses writes that are not same-origin, even with the token", () => {
    const post = { method: "POST", url: "/api/labs/apply", host: "10.0.0.5:3000", authorization: "Bearer s3cret-token-abcdefgh" };
    expect(checkRequest(policy, post)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(policy, { ...post, origin: "http://evil.example" })).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(policy, { ...post, origin: "http://10.0.0.5:3000", secFetchSite: "cross-site" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest(policy, { ...post, origin: "http://10.0.0.5:3000", secFetchSite: "same-origin" })).toEqual({ ok: true });
  });
  it("does not accept the token from a query string on a write", () => {
    const post = { method: "POST", url: "/api/labs/apply?token=s3cret-token-abcdefgh", host: "h:1", origin: "http://h:1" };
    expect(checkRequest(policy, post)).toMatchObject({ ok: false, status: 401 });
  });
});
