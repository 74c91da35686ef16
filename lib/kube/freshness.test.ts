import { describe, expect, it } from "vitest";
import { createFreshness } from "./freshness";

describe("createFreshness", () => {
  it("is synced once every kind answered, and stale from the first failure of an outage", () => {
    let t = Date.UTC(2026, 0, 1);
    const f = createFreshness(() => new Date(t));
    expect(f.synced(["Pod", "Service"])).toBe(false);
    f.connected("Pod");
    f.connected("Service");
    expect(f.synced(["Pod", "Service"])).toBe(true);
    expect(f.stale()).toBeUndefined();
    f.failed("Pod", "ECONNRESET", false);
    t += 5000;
    f.failed("Pod", "ECONNREFUSED", false);
    expect(f.stale()).toEqual({ since: "2026-01-01T00:00:00.000Z", reason: "ECONNRESET" });
    f.connected("Pod");
    expect(f.stale()).toBeUndefined();
  });

  it("rewrites the reason on every 401, keeps the outage's start, and a 401 is not unreachable", () => {
    let t = Date.UTC(2026, 0, 1);
    const f = createFreshness(() => new Date(t));
    f.failed("Pod", "network down", false);
    expect(f.unreachable(["Pod"])).toBe("network down");
    t += 1000;
    f.failed("Pod", "Unauthorized (1)", true);
    f.failed("Pod", "Unauthorized (2)", true);
    expect(f.stale()).toEqual({ since: "2026-01-01T00:00:00.000Z", reason: "Unauthorized (2)" });
    expect(f.unreachable(["Pod"])).toBeUndefined();
  });

  it("a lasting refusal or a kind no longer read is not stale", () => {
    const f = createFreshness(() => new Date(0));
    f.failed("Event", "boom", false);
    f.settled("Event", true);
    expect(f.stale()).toBeUndefined();
    expect(f.synced(["Event"])).toBe(true);
    f.failed("EndpointSlice", "boom", false);
    f.settled("EndpointSlice", false);
    expect(f.stale()).toBeUndefined();
  });
});
