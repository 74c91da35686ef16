import { describe, expect, it } from "vitest";
import { resolveFenceposts, parseIntOrPercent } from "./fenceposts";

const ru = (replicas: number, maxSurge: string | number, maxUnavailable: string | number) => ({
  replicas,
  strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } },
});

describe("resolveFenceposts (ROLLOUT-SPEC §1)", () => {
  it("rounds surge up and unavailable down", () => {
    expect(resolveFenceposts(ru(3, "25%", "25%"))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts(ru(4, "25%", "25%"))).toEqual({ maxSurge: 1, maxUnavailable: 1 });
    expect(resolveFenceposts(ru(10, "25%", "25%"))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveFenceposts(ru(10, "30%", 0))).toEqual({ maxSurge: 3, maxUnavailable: 0 });
  });
  it("defaults to 25%/25% and forces unavailable 1 when both resolve to 0", () => {
    expect(resolveFenceposts({ replicas: 3 })).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts(ru(1, "0%", "1%"))).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });
  it("clamps unavailable to replicas and zeroes it at 0 replicas", () => {
    expect(resolveFenceposts(ru(2, 0, 5))).toEqual({ maxSurge: 0, maxUnavailable: 2 });
    expect(resolveFenceposts(ru(0, 1, 1))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });
  it("Recreate has no surge and no unavailability budget", () => {
    expect(resolveFenceposts({ replicas: 5, strategy: { type: "Recreate" } })).toEqual({ maxSurge: 0, maxUnavailable: 0 });
  });
  it("rejects strings that are not percentages", () => {
    expect(parseIntOrPercent("3")).toBeUndefined();
    expect(parseIntOrPercent("10%")).toEqual({ value: 10, percent: true });
  });
});
