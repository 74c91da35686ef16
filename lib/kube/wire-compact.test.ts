import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compact, expand } from "./wire-compact";
import { encodeChange, encodeDelta } from "./stream-codec";
import { decodeDelta, type DeltaMessage } from "./stream-protocol";
import type { RawObject } from "@/lib/model/raw";

const roundTrip = (v: unknown) => {
  const { value, meta } = compact(v);
  // Through JSON, like the wire.
  const wire = JSON.parse(JSON.stringify({ ...meta, value })) as typeof meta & { value: unknown };
  return expand(wire.value, wire);
};

/** Strings a compactor treats specially, mixed with arbitrary ones. */
const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "~",
    "~~",
    "~.0",
    "containers with unready status: [web]",
    "containers with unready status: [",
    "~0",
    "~t1",
    "~s0",
    "~u",
    "True",
    "metadata",
    "$array",
    "__proto__",
    "2026-12-03T16:25:42Z",
    "1999-01-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-12-03T16:25:42.5Z",
  ),
  fc.uuid(),
  fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, "Z")),
);

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    tricky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(tricky, tie("value"), { maxKeys: 4 }),
  ),
})).value;

function readinessFlip(uid: string, ready: boolean): RawObject {
  const t = ready ? "2026-12-03T16:25:42Z" : "2026-12-03T16:25:43Z";
  return {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name: `web-7d9f8b6c5-${uid.slice(-5)}`,
      namespace: "shop",
      uid,
      resourceVersion: ready ? "100" : "101",
      labels: { app: "web" },
    },
    status: {
      phase: "Running",
      conditions: [
        {
          type: "Ready",
          status: ready ? "True" : "False",
          lastTransitionTime: t,
          ...(ready ? {} : { reason: "ContainersNotReady", message: "containers with unready status: [web]" }),
        },
        { type: "PodScheduled", status: "True", lastTransitionTime: "2026-12-03T15:25:42Z" },
      ],
      containerStatuses: [{ name: "web", ready, restartCount: 0, state: { running: { startedAt: "2026-12-03T15:25:42Z" } } }],
    },
  };
}

describe("wire compaction (version 3)", () => {
  it("gives back exactly the value it was given, for any JSON", () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(roundTrip(v)).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps an own __proto__ key a key", () => {
    const v = JSON.parse('{"__proto__":{"a":"~x"},"b":["2026-12-03T16:25:42Z"]}');
    const back = roundTrip(v) as Record<string, unknown>;
    expect(Object.hasOwn(back, "__proto__")).toBe(true);
    expect(back).toEqual(v);
  });

  it("writes field names, timestamps, UIDs and repeated strings short", () => {
    const uid = "4942b463-81f0-4df6-9c90-4abf8d001fa7";
    const { value, meta } = compact([
      { u: uid, metadata: { creationTimestamp: "2026-12-03T16:25:42Z" }, m: "a long message here", n: "a long message here" },
    ]);
    // One timestamp: its own seconds in base 36 are shorter than a base plus an offset.
    expect(meta.z).toBeUndefined();
    expect(meta.s).toEqual(["a long message here"]);
    const t = (Date.parse("2026-12-03T16:25:42Z") / 1000).toString(36);
    expect(value).toEqual([{ u: "~uSUK0Y4HwTfackEq_jQAfpw", "~0": { "~C": `~t${t}` }, m: "~s0", n: "~s0" }]);
  });

  it("puts a base z under the timestamps when a message holds many", () => {
    const times = Array.from({ length: 6 }, (_, i) => `2026-12-03T16:25:4${i}Z`);
    const { value, meta } = compact(times);
    expect(meta.z).toBe(Date.parse("2026-12-03T16:25:40Z") / 1000);
    expect(value).toEqual(["~t0", "~t1", "~t2", "~t3", "~t4", "~t5"]);
  });

  it("compacts a relist-sized message (hundreds of thousands of timestamps) without running out of stack", () => {
    const big = Array.from({ length: 200_000 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 1) + (i % 5000) * 1000).toISOString().replace(".000Z", "Z"),
    );
    const { value, meta } = compact(big);
    expect(meta.z).toBe(Date.UTC(2026, 0, 1) / 1000);
    expect(expand(value, meta)).toEqual(big);
  });

  it("refuses a message of another version or a string no encoder writes", () => {
    expect(() => expand("x", { v: 4 as 2 })).toThrow(/version 4/);
    expect(() => expand("~!", { v: 2 })).toThrow(/bad compact string/);
    // Prefix codes are version 3's: a version 2 message never had them.
    expect(expand("~.0web]", { v: 3 })).toBe("containers with unready status: [web]");
    expect(() => expand("~.0web]", { v: 2 })).toThrow(/bad compact string/);
    expect(() => expand("~.9", { v: 3 })).toThrow(/bad compact string/);
    expect(() => expand("~s4", { v: 2, s: ["a"] })).toThrow(/bad compact string/);
    expect(() => expand("~ZZZ", { v: 2 })).toThrow(/bad compact string/);
  });

  it("still decodes a version 2 delta (changes under `changes`, no prefix codes, lists with $array)", () => {
    const uid = "4942b463-81f0-4df6-9c90-4abf8d001fa7";
    const before = readinessFlip(uid, true);
    // As a version 2 server wrote this flip (before version 3).
    const v2 = {
      v: 2,
      z: 1796315142,
      changes: [
        {
          u: "~uSUK0Y4HwTfackEq_jQAfpw",
          b: "100",
          p: {
            "~0": { "~1": "101" },
            "~3": {
              "~4": { "0": { "~3": "~p", "~9": "~t1", "~7": "~r", "~8": "containers with unready status: [web]" }, "~n": 2 },
              "~5": { "0": { "~a": false }, "~n": 1 },
            },
          },
        },
      ],
    } as DeltaMessage;
    expect(decodeDelta(() => before, v2)).toEqual([{ type: "MODIFIED", kind: "Pod", object: readinessFlip(uid, false) }]);
  });

  it("a pod's readiness flip costs under 300 bytes on the wire, and decodes to the new version", () => {
    const uid = "4942b463-81f0-4df6-9c90-4abf8d001fa7";
    const before = readinessFlip(uid, true);
    const after = readinessFlip(uid, false);
    const msg = encodeDelta([encodeChange("MODIFIED", "Pod", after, before)]);
    const bytes = JSON.stringify(msg).length;
    expect(bytes).toBeLessThan(300);
    expect(bytes).toBeLessThan(JSON.stringify({ changes: [encodeChange("MODIFIED", "Pod", after, before)] }).length * 0.75);
    const wire = JSON.parse(JSON.stringify(msg)) as DeltaMessage;
    expect(decodeDelta((kind, key) => (kind === "Pod" && key === uid ? before : undefined), wire)).toEqual([
      { type: "MODIFIED", kind: "Pod", object: after },
    ]);
  });

  it("still decodes a version 1 delta (the changes as they are)", () => {
    const uid = "4942b463-81f0-4df6-9c90-4abf8d001fa7";
    const before = readinessFlip(uid, true);
    const after = readinessFlip(uid, false);
    const v1: DeltaMessage = { changes: [encodeChange("MODIFIED", "Pod", after, before)] };
    expect(decodeDelta(() => before, v1)).toEqual([{ type: "MODIFIED", kind: "Pod", object: after }]);
  });
});
