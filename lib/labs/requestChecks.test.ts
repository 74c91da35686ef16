import { describe, expect, it } from "vitest";
import type { TrafficPicture } from "@/lib/traffic/picture";
import { evaluateCheck } from "./checks";
import { parseLabSource } from "./parse";
import { evaluateRequests } from "./requestChecks";
import { completeV2 } from "@/test/support/labs/fixtures";

function picture(p: Partial<TrafficPicture>): TrafficPicture {
  return {
    namespace: "lab",
    service: "inference",
    running: true,
    paused: false,
    rate: 20,
    sent: 0,
    failed: 0,
    failures: {},
    byVersion: {},
    lane: [],
    windowMs: 5000,
    observed: [],
    windowFailed: 0,
    ...p,
  };
}

const rolling = picture({ sent: 240, failed: 0, byVersion: { v1: 120, v2: 120 }, observed: [{ version: "v2", count: 100, share: 1 }] });
const noProbe = picture({
  service: "inference-noprobe",
  sent: 200,
  failed: 26,
  failures: { "503 loading": 26 },
  windowFailed: 3,
  observed: [{ version: "v2", count: 97, share: 1 }],
});
const canary = picture({
  sent: 500,
  observed: [
    { version: "v1", count: 91, share: 0.91 },
    { version: "v2", count: 9, share: 0.09 },
  ],
});

describe("requests checks", () => {
  it("reads sent, failed and the answering versions of the Service's traffic", () => {
    expect(
      evaluateRequests({ requests: "inference", sent: ">=100", failed: 0, answered: { v2: 1 } }, [noProbe, rolling], "lab"),
    ).toMatchObject({
      pass: true,
      observed: "sent 240, failed 0 of 240, answered by v2 100%",
    });
    expect(evaluateRequests({ requests: "inference-noprobe", failed: 0 }, [noProbe, rolling], "lab")).toMatchObject({
      pass: false,
      observed: "failed 26 of 200 (want 0)",
    });
    expect(evaluateRequests({ requests: "inference-noprobe", failed: ">0", recentFailed: 0 }, [noProbe], "lab")).toMatchObject({
      pass: false,
      observed: "failed 26 of 200, failed in the last seconds 3 (want 0)",
    });
  });

  it("a canary share within bounds", () => {
    expect(evaluateRequests({ requests: "inference", answered: { v2: ">=0.05", v1: ">=0.85" } }, [canary]).pass).toBe(true);
    expect(evaluateRequests({ requests: "inference", answered: { v2: ">=0.2" } }, [canary])).toMatchObject({
      pass: false,
      observed: "answered by v2 9% (want ≥ 0.2)",
    });
  });

  it("no traffic yet is a failing check that says what to do; another namespace's traffic does not count", () => {
    expect(evaluateRequests({ requests: "inference", sent: ">=1" }, [], "lab")).toEqual({
      label: "Requests through inference: sent ≥ 1",
      pass: false,
      observed: "no requests sent to inference yet — press Send requests",
    });
    expect(evaluateRequests({ requests: "inference", sent: ">=1" }, [rolling], "other").pass).toBe(false);
    expect(evaluateRequests({ requests: "inference", answered: { v2: 1 } }, [picture({ sent: 5 })]).pass).toBe(false);
    expect(evaluateRequests({ requests: "inference" }, [picture({ error: "not the Rollscope lab cluster" })])).toMatchObject({
      pass: false,
      observed: "not the Rollscope lab cluster",
    });
  });

  it("without a traffic source (kubectl walks, real clusters) the check passes as unmeasured, and says so", () => {
    const r = evaluateCheck({ requests: "inference", failed: 0 }, completeV2());
    expect(r).toMatchObject({ pass: true, unmeasured: true });
    expect(r.observed).toMatch(/not measured/);
    expect(evaluateCheck({ requests: "inference", failed: 0 }, completeV2(), "lab", [rolling]).pass).toBe(true);
  });

  it("the lab format accepts requests checks and rejects unknown fields", () => {
    const head = "id: x\ntitle: X\nsummary: s\nsteps:\n  - id: a\n    title: A\n    explanation: e\n    checks:\n";
    expect(
      parseLabSource("lab.yaml", `${head}      - requests: inference\n        failed: 0\n        answered: {v2: ">0"}\n`).issues,
    ).toEqual([]);
    expect(parseLabSource("lab.yaml", `${head}      - requests: inference\n        errors: 0\n`).issues[0].message).toMatch(/errors/);
  });
});
