import { describe, expect, it } from "vitest";
import { ConnectionLimiter } from "./limits";

describe("ConnectionLimiter", () => {
  it("caps open streams per client and frees slots on release", () => {
    const l = new ConnectionLimiter(2);
    expect(l.acquire("10.0.0.1")).toBe(true);
    expect(l.acquire("10.0.0.1")).toBe(true);
    expect(l.acquire("10.0.0.1")).toBe(false);
    expect(l.acquire("10.0.0.2")).toBe(true);
    l.release("10.0.0.1");
    expect(l.count("10.0.0.1")).toBe(1);
    expect(l.acquire("10.0.0.1")).toBe(true);
    l.release("10.0.0.2");
    l.release("10.0.0.2");
    expect(l.count("10.0.0.2")).toBe(0);
  });
});
