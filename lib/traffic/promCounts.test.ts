import { describe, expect, it } from "vitest";
import { carryForward, causeOf, counterReading, countsBetween, isAnswered } from "./promCounts";
import { metricsPicture, type PromSample } from "./promql";

const series = (metric: Record<string, string>, value: number): PromSample => ({ metric, value: [0, String(value)] });

describe("Prometheus codes as causes", () => {
  it("a 2xx or 3xx code is answered; anything else failed", () => {
    expect(["200", "204", "301", "399"].map(isAnswered)).toEqual([true, true, true, true]);
    expect(["0", "404", "503", "", undefined, "2000", "abc"].map(isAnswered)).toEqual([false, false, false, false, false, false, false]);
  });

  it("names the cause by the exporter's own label first, then the code's reason phrase, then the bare code", () => {
    expect(causeOf("503", "503 loading")).toBe("503 loading");
    expect(causeOf("503")).toBe("503 Service Unavailable");
    expect(causeOf("502")).toBe("502 Bad Gateway");
    expect(causeOf("504")).toBe("504 Gateway Timeout");
    expect(causeOf("404")).toBe("404 Not Found");
    expect(causeOf("0")).toBe("no response (connection refused or reset)");
    expect(causeOf("599")).toBe("HTTP 599");
    expect(causeOf("418")).toBe("HTTP 418");
    expect(causeOf("-1")).toBe("code -1");
    expect(causeOf(undefined)).toBe("failed (no code label)");
    expect(causeOf("")).toBe("failed (no code label)");
  });

  it("an Istio-style answer (code, no cause label) counts failures by reason phrase in the picture", () => {
    const p = metricsPicture(
      "shop",
      "cart",
      [
        series({ pod: "a", version: "v1", code: "200" }, 90),
        series({ pod: "a", version: "v1", code: "503" }, 7),
        series({ pod: "b", code: "0" }, 3),
      ],
      [],
    );
    expect(p).toMatchObject({
      sent: 100,
      failed: 10,
      byVersion: { v1: 90 },
      failures: { "503 Service Unavailable": 7, "no response (connection refused or reset)": 3 },
    });
  });
});

describe("counts between two readings", () => {
  const a200 = { pod: "a", version: "v1", code: "200" };
  const b200 = { pod: "b", version: "v2", code: "200" };
  const b503 = { pod: "b", version: "", code: "503", cause: "503 loading" };

  it("diffs series by series: growth counts, a new series counts whole, a counter that went down restarted from 0", () => {
    const before = counterReading([series(a200, 100), series(b503, 4)]);
    const after = counterReading([series(a200, 130), series(b503, 1), series(b200, 12)]);
    expect(countsBetween(before, after)).toEqual({
      sent: 43,
      failed: 1,
      byVersion: { v1: 30, v2: 12 },
      failures: { "503 loading": 1 },
    });
  });

  it("a series that vanished (its pod gone) counts nothing, and equal readings count nothing", () => {
    const before = counterReading([series(a200, 100), series(b200, 5)]);
    expect(countsBetween(before, counterReading([series(a200, 100)]))).toEqual({ sent: 0, failed: 0, byVersion: {}, failures: {} });
  });
});

describe("a failed scrape", () => {
  it("hides every series for a reading; carried forward, they do not come back as new and count whole", () => {
    const v1 = { pod: "a", version: "v1", code: "200" };
    const t0 = counterReading([{ metric: v1, value: [0, "100"] }], 0);
    const empty = counterReading([], 1000);
    expect(countsBetween(t0, empty).sent).toBe(0);
    const baseline = carryForward(t0, empty, 1000);
    const back = counterReading([{ metric: v1, value: [0, "130"] }], 2000);
    expect(countsBetween(baseline, back)).toMatchObject({ sent: 30, byVersion: { v1: 30 } });
    // Without the carry it would have been 130.
    expect(countsBetween(empty, back).sent).toBe(130);
    // A series gone for longer than keepMs (its pod long deleted) is forgotten.
    expect(carryForward(t0, empty, 11 * 60_000).size).toBe(0);
  });
});
