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
    // Same length: no "$array" (the base is a list, so the patch is by index).
    expect(p).toEqual({ metadata: { resourceVersion: "2" }, status: { conditions: { "0": { status: "True" } } } });
    const got = applyPatch(before, p) as typeof after;
    expect(got).toEqual(after);
    // Unchanged parts are the base's own objects.
    expect(got.metadata.labels).toBe(before.metadata.labels);
    expect(got.status.conditions[1]).toBe(before.status.conditions[1]);
  });

  it("says a list's new length only when it changed, and still applies patches that say it", () => {
    const a = { c: [{ x: 1 }, { x: 2 }] };
    const long = {
      c: [
        { x: 1, y: "long enough" },
        { x: 2, y: "long enough" },
        { x: 3, y: "long enough" },
      ],
    };
    expect(diffValue(long, { c: [...long.c, { x: 4 }] })).toEqual({ c: { $array: 4, "3": { x: 4 } } });
    expect(applyPatch(a, { c: { $array: 2, "1": { x: 5 } } })).toEqual({ c: [{ x: 1 }, { x: 5 }] });
    expect(applyPatch(a, { c: { "1": { x: 5 } } })).toEqual({ c: [{ x: 1 }, { x: 5 }] });
    // A list that became an object cannot be a patch (applied to the list it would patch by index).
    expect(diffValue({ c: [1] }, { c: { "0": 2 } })).toBeUndefined();
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
