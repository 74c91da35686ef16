import { describe, expect, it } from "vitest";
import { dropLeft, nextPresence } from "./presence";

const key = (s: { id: string }) => s.id;

describe("presence", () => {
  it("enter, update, leave in place, and drop once the exit ended", () => {
    const a = { id: "a" };
    const b = { id: "b" };
    const c = { id: "c" };
    const p1 = nextPresence([], [a, b], key);
    expect(p1.map((p) => `${p.key}:${p.phase}`)).toEqual(["a:enter", "b:enter"]);
    const p2 = nextPresence(p1, [b, c], key);
    expect(p2.map((p) => `${p.key}:${p.phase}`)).toEqual(["a:leave", "b:update", "c:enter"]);
    expect(dropLeft(p2, new Set(["a"])).map((p) => p.key)).toEqual(["b", "c"]);
  });

  it("keeps an unchanged entry the same object (memoised glyphs skip it); a changed item gets a new one", () => {
    const a = { id: "a" };
    const b = { id: "b" };
    const p1 = nextPresence(nextPresence([], [a, b], key), [a, b], key);
    const b2 = { id: "b" };
    const p2 = nextPresence(p1, [a, b2], key);
    expect(p2[0]).toBe(p1[0]);
    expect(p2[1]).not.toBe(p1[1]);
    expect(p2[1].item).toBe(b2);
    const p3 = nextPresence(p2, [b2], key);
    const p4 = nextPresence(p3, [b2], key);
    expect(p4[0]).toBe(p3[0]);
    expect(p4[0].phase).toBe("leave");
  });
});
