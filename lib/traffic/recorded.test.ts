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
