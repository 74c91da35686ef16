import { describe, expect, it } from "vitest";
import { API_ROUTES, dispatch, matchPath, type Route } from "./api-routes";
import type { RequestContext } from "./request-context";

describe("matchPath", () => {
  it("literal segments match exactly, no more and no fewer", () => {
    expect(matchPath("/version", ["version"])).toEqual({ params: {}, rest: [] });
    expect(matchPath("/version", ["version", "x"])).toBeUndefined();
    expect(matchPath("/api/v1", ["api"])).toBeUndefined();
    expect(matchPath("/api/v1", ["api", "v2"])).toBeUndefined();
  });

  it(":name captures one segment, * zero or more, + one or more", () => {
    expect(matchPath("/apis/:group/:version", ["apis", "apps", "v1"])).toEqual({ params: { group: "apps", version: "v1" }, rest: [] });
    expect(matchPath("/healthz/*", ["healthz"])).toEqual({ params: {}, rest: [] });
    expect(matchPath("/healthz/*", ["healthz", "etcd"])).toEqual({ params: {}, rest: ["etcd"] });
    expect(matchPath("/api/v1/+", ["api", "v1"])).toBeUndefined();
    expect(matchPath("/api/v1/+", ["api", "v1", "namespaces", "default", "pods"])).toEqual({
      params: {},
      rest: ["namespaces", "default", "pods"],
    });
  });
});

describe("dispatch", () => {
  const ctx = (method: string, parts: string[]) => ({ method, parts }) as unknown as RequestContext;

  it("the first route whose method and pattern match answers, with what the pattern captured", async () => {
    const seen: string[] = [];
    const routes: Route[] = [
      { method: "POST", path: "/a/:x", handle: (_c, m) => void seen.push(`post ${m.params.x}`) },
      { path: "/a/:x", handle: (_c, m) => void seen.push(`any ${m.params.x}`) },
      { path: "/a/*", handle: () => void seen.push("never: shadowed") },
    ];
    await dispatch(ctx("POST", ["a", "1"]), routes);
    await dispatch(ctx("GET", ["a", "2"]), routes);
    expect(seen).toEqual(["post 1", "any 2"]);
  });

  it("a path no route matches is the apiserver's 404 Status", async () => {
    await expect(dispatch(ctx("GET", ["nope"]))).rejects.toMatchObject({ code: 404, reason: "NotFound" });
    await expect(dispatch(ctx("POST", ["openapi", "v2"]))).rejects.toMatchObject({ code: 404 });
    await expect(dispatch(ctx("GET", ["api", "v2", "pods"]))).rejects.toMatchObject({ code: 404 });
  });

  it("every route's handler has a name (a table, not anonymous closures)", () => {
    for (const r of API_ROUTES) expect(r.handle.name, r.path).toMatch(/^serve[A-Z]/);
  });
});
