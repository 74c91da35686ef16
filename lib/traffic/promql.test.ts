import { describe, expect, it } from "vitest";
import { DEFAULT_PROMQL, fillPromql, metricsPicture, type PromSample } from "./promql";

const s = (metric: Record<string, string>, v: number): PromSample => ({ metric, value: [0, String(v)] });

describe("PromQL templates", () => {
  it("fills namespace and Service as escaped PromQL strings", () => {
    expect(fillPromql(DEFAULT_PROMQL.total, "lab", "inference")).toBe(
      'sum by (pod, version, code, cause) (rollscope_lab_requests_total{namespace="lab",service="inference"})',
    );
    expect(fillPromql('x{a="{service}"}', "n", 'we"ird\\')).toBe('x{a="we\\"ird\\\\"}');
  });

  it("folds counters and rates into the Service's picture: answered is 2xx/3xx, the rest failed by cause", () => {
    const total = [
      s({ pod: "a", version: "v1", code: "200", cause: "" }, 90),
      s({ pod: "b", version: "v2", code: "200", cause: "" }, 8),
      s({ pod: "b", version: "", code: "503", cause: "503 loading" }, 2),
      s({ pod: "c", code: "500" }, 1),
    ];
    const rate = [
      s({ pod: "a", version: "v1", code: "200" }, 18),
      s({ pod: "b", version: "v2", code: "200" }, 1.5),
      s({ pod: "b", version: "", code: "503" }, 0.5),
    ];
    const p = metricsPicture("lab", "inference", total, rate);
    expect(p).toMatchObject({
      source: "prometheus",
      sent: 101,
      failed: 3,
      byVersion: { v1: 90, v2: 8 },
      failures: { "503 loading": 2, "500 Internal Server Error": 1 },
      rate: 20,
      windowFailed: 0.5,
      lane: [],
    });
    expect(p.pods).toEqual([
      { pod: "a", rate: 18, errorRate: 0 },
      { pod: "b", rate: 2, errorRate: 0.5 },
    ]);
    expect(p.observed.map((o) => [o.version, Math.round(o.share * 1000) / 1000])).toEqual([
      ["v1", 0.923],
      ["v2", 0.077],
    ]);
  });
});
