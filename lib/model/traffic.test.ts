import { describe, expect, it } from "vitest";
import { colourSiblings, colourSwitch, serviceEndpoints, trafficView } from "./traffic";
import { loadFixture } from "@/test/support/model/fixtures";
import { listKind, type Store } from "./store";
import type { RawEndpointSlice, RawService, RawSliceEndpoint } from "./rawKinds";

function svcView(store: Store, name = "inference") {
  const svc = listKind(store, "Service").find((s) => s.metadata.name === name) as RawService;
  return trafficView(
    svc,
    listKind(store, "EndpointSlice"),
    listKind(store, "Endpoints"),
    listKind(store, "Pod"),
    listKind(store, "Deployment"),
    listKind(store, "ReplicaSet"),
  );
}

describe("trafficView", () => {
  it("rolling: one Deployment, two revisions serving, terminating and not-ready endpoints counted apart", () => {
    const v = svcView(loadFixture("rolling").store);
    expect(v).toMatchObject({
      pattern: "rolling",
      matchedPods: 5,
      readyEndpoints: 3,
      notReadyEndpoints: 1,
      terminatingEndpoints: 1,
      endpointSource: "EndpointSlice",
    });
    expect(v.backends.map((b) => [b.deployment, b.revision, b.version, b.readyEndpoints])).toEqual([
      ["inference", 1, "v1", 2],
      ["inference", 2, "v2", 1],
    ]);
    expect(v.backends[0].share).toBeCloseTo(2 / 3);
    expect(v.warnings).toEqual(["ready endpoints serve 2 versions: v1, v2"]);
  });

  it("canary: 9 + 1 gives shares 0.9 / 0.1 grouped by track label", () => {
    const v = svcView(loadFixture("canary").store);
    expect(v.pattern).toBe("canary");
    expect(v.backends.map((b) => [b.deployment, b.labelKey, b.label, b.readyEndpoints, b.share])).toEqual([
      ["inference", "track", "stable", 9, 0.9],
      ["inference-canary", "track", "canary", 1, 0.1],
    ]);
  });

  it("blue-green after the cut: the selector's colour picks one Deployment; pattern blue-green", () => {
    const v = svcView(loadFixture("blue-green").store);
    expect(v.pattern).toBe("blue-green");
    expect(v.matchedPods).toBe(2);
    expect(v.backends).toEqual([
      {
        deployment: "inference-green",
        replicaSet: "inference-green-6b8f9d7c45",
        revision: 1,
        version: "v2-green",
        label: "green",
        labelKey: "color",
        readyEndpoints: 2,
        share: 1,
      },
    ]);
    expect(v.warnings).toEqual([]);
  });

  it("blue-green with the colour dropped from the selector serves both colours and warns", () => {
    const v = svcView(loadFixture("blue-green-mixed").store);
    expect(v.pattern).toBe("blue-green");
    expect(v.backends.map((b) => [b.label, b.share])).toEqual([
      ["blue", 0.5],
      ["green", 0.5],
    ]);
    expect(v.warnings).toContain("ready endpoints serve 2 versions: v1-blue, v2-green");
  });

  it("falls back to legacy Endpoints when no EndpointSlice exists", () => {
    const v = svcView(loadFixture("endpoints-fallback").store);
    expect(v).toMatchObject({ endpointSource: "Endpoints", readyEndpoints: 3, pattern: "single" });
  });

  it("selector matching nothing: pattern none and a warning", () => {
    const v = svcView(loadFixture("selector-typo").store);
    expect(v).toMatchObject({ pattern: "none", matchedPods: 0, readyEndpoints: 0, backends: [] });
    expect(v.warnings).toEqual(["selector app=inferance matches no pod"]);
  });

  it("keeps not-ready backends with zero share (stuck v3 is visible but gets no traffic)", () => {
    const v = svcView(loadFixture("stuck").store);
    expect(v.backends.map((b) => [b.revision, b.readyEndpoints, b.share])).toEqual([
      [2, 3, 1],
      [3, 0, 0],
    ]);
    expect(v.pattern).toBe("single");
  });
});

describe("colourSiblings", () => {
  const deps = (name: string) => listKind(loadFixture(name).store, "Deployment");
  it("finds the blue/green pair behind a colour selector, and behind a selector that lost its colour", () => {
    expect(colourSiblings({ app: "inference", color: "green" }, deps("blue-green"))?.deployments.map((d) => d.metadata.name)).toEqual([
      "inference-blue",
      "inference-green",
    ]);
    expect(colourSiblings({ app: "inference" }, deps("blue-green-mixed"))?.key).toBe("color");
  });
  it("finds nothing for a canary pair or an empty selector", () => {
    expect(colourSiblings({ app: "inference" }, deps("canary"))).toBeUndefined();
    expect(colourSiblings({}, deps("blue-green"))).toBeUndefined();
  });
});

describe("serviceEndpoints", () => {
  const svc: RawService = { kind: "Service", metadata: { name: "s", namespace: "ns" }, spec: { selector: { app: "a" } } };
  const slice = (name: string, eps: RawSliceEndpoint[]): RawEndpointSlice => ({
    kind: "EndpointSlice",
    metadata: { name, namespace: "ns", labels: { "kubernetes.io/service-name": "s" } },
    endpoints: eps,
  });
  it("treats an unset ready condition as ready and dedupes dual-stack slices by pod", () => {
    const ep = (uid: string, ready?: boolean) => ({
      addresses: ["x"],
      conditions: ready === undefined ? {} : { ready },
      targetRef: { kind: "Pod", uid },
    });
    const r = serviceEndpoints(svc, [slice("s-v4", [ep("p1"), ep("p2", false)]), slice("s-v6", [ep("p1"), ep("p2", false)])], []);
    expect(r.source).toBe("EndpointSlice");
    expect(r.items.map((i) => [i.podUid, i.ready])).toEqual([
      ["p1", true],
      ["p2", false],
    ]);
  });
  it("ignores slices of other Services and reports none without any source", () => {
    const other: RawEndpointSlice = {
      kind: "EndpointSlice",
      metadata: { name: "o", namespace: "ns", labels: { "kubernetes.io/service-name": "other" } },
      endpoints: [{ addresses: ["1"] }],
    };
    expect(serviceEndpoints(svc, [other], [])).toEqual({ source: "none", items: [] });
  });
});

describe("colourSwitch (the view a blue-green switch renders)", () => {
  it("blue-green: one option per colour with its Deployments, VERSION and ready pods, sorted by colour", () => {
    const v = svcView(loadFixture("blue-green").store);
    expect(v.colourSwitch).toEqual({
      key: "color",
      options: [
        { colour: "blue", deployments: ["inference-blue"], version: "v1-blue", readyPods: 2 },
        { colour: "green", deployments: ["inference-green"], version: "v2-green", readyPods: 2 },
      ],
    });
  });

  it("counts ready pods of the idle colour too, and none without readyReplicas", () => {
    const store = loadFixture("blue-green").store;
    const deployments = listKind(store, "Deployment").map((d) =>
      d.metadata.name === "inference-blue" ? { ...d, status: { ...d.status, readyReplicas: 5 } } : { ...d, status: {} },
    );
    expect(colourSwitch({ app: "inference", color: "green" }, deployments)?.options.map((o) => [o.colour, o.readyPods])).toEqual([
      ["blue", 5],
      ["green", 0],
    ]);
  });

  it("none for a canary or a rolling Service", () => {
    expect(svcView(loadFixture("canary").store).colourSwitch).toBeUndefined();
    expect(svcView(loadFixture("rolling").store).colourSwitch).toBeUndefined();
  });
});
