import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPatch, diffValue, SAME_VALUE } from "./wire-patch";

const json = fc.jsonValue({ maxDepth: 4 });

describe("diffValue / applyPatch", () => {
  it("applying the patch of (a, b) to a gives b, whenever a patch can be made", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const p = diffValue(a, b);
        if (p === undefined) return;
        const got = p === SAME_VALUE ? a : applyPatch(a, p);
        expect(got).toEqual(b);
      }),
      { numRuns: 5000 },
    );
  });

  it("patches small edits of one object (the stream's case), and they round-trip", () => {
    const obj = fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.record({ type: fc.string(), status: fc.string() }), { maxLength: 4 })),
    );
    fc.assert(
      fc.property(obj, obj, (a, b) => {
        const p = diffValue(a, b);
        expect(p).not.toBeUndefined();
        expect(p === SAME_VALUE ? a : applyPatch(a, p)).toEqual(b);
      }),
    );
  });

  it("sends only the changed condition of a pod, by index", () => {
    const before = {
      metadata: { resourceVersion: "1", labels: { app: "a" } },
      status: {
        conditions: [
          { type: "Ready", status: "False" },
          { type: "PodScheduled", status: "True" },
        ],
      },
    };
    const after = {
      metadata: { resourceVersion: "2", labels: { app: "a" } },
      status: {
        conditions: [
          { type: "Ready", status: "True" },
          { type: "PodScheduled", status: "True" },
        ],
      },
    };
    const p = diffValue(before, after);
    expect(p).toEqual({ metadata: { resourceVersion: "2" }, status: { conditions: { $array: 2, "0": { status: "True" } } } });
    const got = applyPatch(before, p) as typeof after;
    expect(got).toEqual(after);
    // Unchanged parts are the base's own objects.
    expect(got.metadata.labels).toBe(before.metadata.labels);
    expect(got.status.conditions[1]).toBe(before.status.conditions[1]);
  });

  it("removes keys with null, and gives up on values a patch cannot carry", () => {
    expect(diffValue({ a: 1, b: 2 }, { a: 1 })).toEqual({ b: null });
    expect(diffValue({ a: 1 }, { a: null })).toBeUndefined();
    expect(diffValue({}, { a: { $array: 1 } })).toBeUndefined();
    expect(diffValue({ a: [1] }, { a: [1, null] })).toEqual({ a: [1, null] });
    expect(diffValue({ a: 1 }, { a: 1 })).toBe(SAME_VALUE);
    expect(diffValue([], JSON.parse('{"__proto__":[]}'))).toBeUndefined();
    expect(Object.keys(applyPatch({}, JSON.parse('{"__proto__":{"x":1}}')) as object)).toEqual(["__proto__"]);
  });
});
