import { describe, expect, it } from "vitest";
import { parseRecording, trafficLine } from "../timeline/recording";
import { trafficAt, trafficBetween, type RecordedTraffic } from "./recorded";

const T0 = Date.UTC(2026, 0, 1);
// Two samples a second apart: v1 answers, then v2 loads (503) and answers.
const samples: RecordedTraffic[] = [
  {
    t: T0 + 1000,
    namespace: "lab",
    service: "inference",
    rate: 20,
    requests: [
      { seq: 1, at: T0 + 100, version: "v1", pod: "a" },
      { seq: 2, at: T0 + 600, version: "v1" },
    ],
  },
  { t: T0 + 1000, namespace: "lab", service: "other", rate: 5, requests: [{ seq: 1, at: T0 + 200, version: "x" }] },
  {
    t: T0 + 2000,
    namespace: "lab",
    service: "inference",
    rate: 20,
    requests: [
      { seq: 3, at: T0 + 1100, cause: "503 loading" },
      { seq: 4, at: T0 + 1600, version: "v2" },
    ],
  },
];

describe("recorded traffic", () => {
  it("trafficAt gives each Service's picture as it stood at the playback time, with no generator running", () => {
    const [inference] = trafficAt(samples, T0 + 1000);
    expect(inference).toMatchObject({ service: "inference", running: false, sent: 2, failed: 0, byVersion: { v1: 2 } });
    const later = trafficAt(samples, T0 + 2000).find((p) => p.service === "inference")!;
    expect(later).toMatchObject({ sent: 4, failed: 1, failures: { "503 loading": 1 }, byVersion: { v1: 2, v2: 1 }, windowFailed: 1 });
    expect(later.lane.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(later.observed).toEqual([
      { version: "v1", count: 2, share: 2 / 3 },
      { version: "v2", count: 1, share: 1 / 3 },
    ]);
    expect(trafficAt(samples, T0 + 500)).toEqual([]);
  });

  it("trafficBetween counts the requests sent in a window, per Service", () => {
    expect(trafficBetween(samples, "lab", "inference", T0 + 1000, T0 + 2000)).toEqual({
      sent: 2,
      failed: 1,
      byVersion: { v2: 1 },
      failures: { "503 loading": 1 },
    });
    expect(trafficBetween(samples, "lab", "inference", T0)).toMatchObject({ sent: 4, failed: 1 });
    expect(trafficBetween(samples, "other-ns", "inference", T0)).toMatchObject({ sent: 0 });
  });

  it("round-trips through the recording format; a broken sample is skipped with a reason", () => {
    const text = `{"rollscope":"recording","version":1,"startedAt":"2026-01-01T00:00:00.000Z","source":"test"}\n${samples.map(trafficLine).join("")}{"t":1,"traffic":{"namespace":"lab"}}\n`;
    const parsed = parseRecording(text);
    expect(parsed.traffic).toEqual(samples);
    expect(parsed.events).toEqual([]);
    expect(parsed.skipped).toEqual([
      { line: 5, reason: "bad traffic sample: traffic.service: Invalid input: expected string, received undefined" },
    ]);
  });
});

describe("recorded Prometheus counts", () => {
  // What serve --prometheus records: counts observed since the previous sample, no single requests.
  const counted = (t: number, sent: number, v1: number, failed: number): RecordedTraffic => ({
    t,
    namespace: "shop",
    service: "cart",
    rate: sent,
    requests: [],
    source: "prometheus",
    counts: { sent, failed, byVersion: { v1 }, failures: failed ? { "503 Service Unavailable": failed } : {} },
    pods: [{ pod: "cart-1", rate: sent, errorRate: failed }],
  });
  const prom = [counted(T0 + 1500, 20, 20, 0), counted(T0 + 3000, 30, 27, 3), counted(T0 + 9000, 10, 10, 0)];

  it("trafficAt sums the counts sampled by then, splits the window's counts, and says the source", () => {
    const [cart] = trafficAt(prom, T0 + 3000);
    expect(cart).toMatchObject({
      source: "prometheus",
      running: false,
      sent: 50,
      failed: 3,
      byVersion: { v1: 47 },
      failures: { "503 Service Unavailable": 3 },
      windowFailed: 3,
      lane: [],
      pods: [{ pod: "cart-1", rate: 30, errorRate: 3 }],
    });
    expect(cart!.observed).toEqual([{ version: "v1", count: 47, share: 1 }]);
    // 6 s later the window holds only the last sample.
    expect(trafficAt(prom, T0 + 9000)[0]).toMatchObject({ sent: 60, windowFailed: 0, observed: [{ version: "v1", count: 10, share: 1 }] });
  });

  it("trafficBetween places each sample's counts at its time; lab and Prometheus samples add up alike", () => {
    expect(trafficBetween(prom, "shop", "cart", T0 + 2000, T0 + 9000)).toEqual({
      sent: 40,
      failed: 3,
      byVersion: { v1: 37 },
      failures: { "503 Service Unavailable": 3 },
    });
    expect(trafficBetween([...samples, ...prom], "lab", "inference", T0)).toMatchObject({ sent: 4, failed: 1 });
  });

  it("round-trips through the recording format", () => {
    const text = `{"rollscope":"recording","version":1,"startedAt":"2026-01-01T00:00:00.000Z","source":"test"}\n${prom.map(trafficLine).join("")}`;
    expect(parseRecording(text).traffic).toEqual(prom);
  });
});
