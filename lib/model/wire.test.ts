import { describe, expect, it } from "vitest";
import { records, serviceSelector, stringMap, strings, templateLabels } from "./wire";
import { summarizeProbe, podCondition, readinessProbeSummary } from "./pod";
import { templateChanges, templateVersion } from "./templates";
import { servicePorts } from "./traffic";
import type { RawObject } from "./raw";
import type { RawDeployment, RawPod, RawService } from "./rawKinds";

describe("wire readers", () => {
  it("keep only the shapes they promise", () => {
    expect(records([{ a: 1 }, null, "x", [1], { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(records("nope")).toEqual([]);
    expect(stringMap({ a: "1", b: 2, c: null })).toEqual({ a: "1" });
    expect(stringMap(["a"])).toEqual({});
    expect(strings(["a", 1, null, "b"])).toEqual(["a", "b"]);
    const d: RawObject = { metadata: {}, spec: { template: { metadata: { labels: { app: "x", n: 5 } } }, selector: "all" } };
    // Hostile wire JSON, read as the kinds it would be filed under.
    expect(templateLabels(d as RawDeployment)).toEqual({ app: "x" });
    expect(serviceSelector(d as RawService)).toEqual({});
  });
});

describe("views over odd wire shapes do not throw", () => {
  it("probe with a string command, non-numeric timing", () => {
    expect(
      summarizeProbe({ exec: { command: "cat /tmp/ready" as unknown as string[] }, periodSeconds: "5" as unknown as number }),
    ).toMatchObject({ kind: "exec", detail: "exec ", periodSeconds: 10 });
    expect(readinessProbeSummary({ containers: [null as unknown as { readinessProbe?: Record<string, unknown> }] })).toBeUndefined();
  });
  it("null conditions, string env, ports without numbers", () => {
    const pod: RawObject = { metadata: {}, status: { conditions: [null, { type: "Ready", status: "True" }] } };
    expect(podCondition(pod as RawPod, "Ready")?.status).toBe("True");
    const tpl = { spec: { containers: [{ name: "c", env: "VERSION=v1" }] } };
    expect(templateVersion(tpl)).toBeUndefined();
    expect(templateChanges(tpl, { spec: { containers: [{ name: "c", env: [{ name: "VERSION", value: "v2" }] }] } })).toEqual([
      "env VERSION: <unset> → v2",
    ]);
    const svc: RawObject = { metadata: {}, spec: { ports: [null, { port: "80" }, { port: 80, targetPort: { x: 1 } }] } };
    expect(servicePorts(svc as RawService)).toEqual([{ port: 80, targetPort: 80, protocol: "TCP" }]);
  });
});
