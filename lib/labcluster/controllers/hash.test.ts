import { describe, expect, it } from "vitest";
import { ALPHANUMS, computeHash, randomSuffix, safeEncode } from "./hash";

describe("computeHash", () => {
  const t = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "a:1" }] } };
  it("is stable, key-order independent, and changes with the template or collisionCount", () => {
    const reordered = { spec: { containers: [{ image: "a:1", name: "app" }] }, metadata: { labels: { app: "web" } } };
    expect(computeHash(t)).toBe(computeHash(reordered));
    expect(computeHash(t)).not.toBe(computeHash({ ...t, spec: { containers: [{ name: "app", image: "a:2" }] } }));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
    expect(computeHash(t, 1)).not.toBe(computeHash(t, 2));
  });
  it("encodes the decimal FNV value like rand.SafeEncodeString (≤10 chars of the alphabet)", () => {
    expect(safeEncode("0123456789")).toBe("456789bcdf");
    expect(computeHash(t)).toMatch(/^[456789bcdf]{1,10}$/);
  });
});

describe("randomSuffix", () => {
  it("draws 5 characters from the alphabet", () => {
    for (let i = 0; i < 50; i++) expect([...randomSuffix()].every((c) => ALPHANUMS.includes(c)) && randomSuffix().length === 5).toBe(true);
  });
});
