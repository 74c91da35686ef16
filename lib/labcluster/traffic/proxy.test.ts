import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import type { Connection } from "../kubelet";
import { Store } from "../store";
import type { KObj } from "../types";
import type { Service } from "../kinds";
import { usableEndpoints } from "./endpoints";
import { ServiceProxy } from "./proxy";

type Cond = { ready: boolean; serving: boolean; terminating: boolean };
const READY: Cond = { ready: true, serving: true, terminating: false };
const TERMINATING_SERVING: Cond = { ready: false, serving: true, terminating: true };
const NOT_READY: Cond = { ready: false, serving: false, terminating: false };

function slice(name: string, eps: [ip: string, pod: string, c: Cond][], portName = "http"): KObj {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name, namespace: "lab", labels: { "kubernetes.io/service-name": "inference" } },
    addressType: "IPv4",
    ports: [{ name: portName, port: 8080, protocol: "TCP" }],
    endpoints: eps.map(([ip, pod, conditions]) => ({
      addresses: [ip],
      conditions,
      targetRef: { kind: "Pod", namespace: "lab", name: pod },
    })),
  };
}

const service: Service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "inference", namespace: "lab" },
  spec: { ports: [{ name: "http", port: 80, targetPort: 8080 }] },
};

/** Pods by IP: what each one's app says (the kubelet's network; app-serving.test.ts covers it). */
function lab(answers: Record<string, Connection>) {
  const clock = new ManualClock();
  const store = new Store(clock);
  const proxy = new ServiceProxy({ store, clock, network: { connect: (ip) => answers[ip] ?? { kind: "refused" } } });
  const send = (n: number) => Array.from({ length: n }, () => proxy.request("lab", service));
  return { clock, store, proxy, send };
}

const v = (version: string, pod: string): Connection => ({ kind: "answered", version, pod });

describe("usableEndpoints (kube-proxy's rules)", () => {
  it("takes ready endpoints only while any exists; otherwise serving-and-terminating ones; never plain not-ready ones", () => {
    const mixed = [
      slice("a", [
        ["10.0.0.1", "p1", READY],
        ["10.0.0.2", "p2", TERMINATING_SERVING],
        ["10.0.0.3", "p3", NOT_READY],
      ]),
    ];
    expect(usableEndpoints(mixed, "http").map((e) => e.pod)).toEqual(["p1"]);
    const draining = [
      slice("a", [
        ["10.0.0.2", "p2", TERMINATING_SERVING],
        ["10.0.0.3", "p3", NOT_READY],
      ]),
    ];
    expect(usableEndpoints(draining, "http").map((e) => e.pod)).toEqual(["p2"]);
    expect(usableEndpoints([slice("a", [["10.0.0.3", "p3", NOT_READY]])], "http")).toEqual([]);
    expect(usableEndpoints(mixed, "grpc")).toEqual([]);
  });
});

describe("ServiceProxy", () => {
  it("spreads requests over the ready endpoints: 9 v1 and 1 v2 answer 10 % v2", () => {
    const ips = Array.from({ length: 10 }, (_, i) => `10.0.0.${i + 1}`);
    const answers = Object.fromEntries(ips.map((ip, i) => [ip, v(i === 9 ? "v2" : "v1", `p${i}`)]));
    const { store, send, clock } = lab(answers);
    store.create(
      "endpointslices",
      "discovery.k8s.io",
      slice(
        "a",
        ips.map((ip, i) => [ip, `p${i}`, READY]),
      ),
    );
    clock.advance(1000);
    const versions = send(100).map((r) => (r.kind === "answered" ? r.version : r.cause));
    expect(versions.filter((x) => x === "v2")).toHaveLength(10);
    expect(versions.filter((x) => x === "v1")).toHaveLength(90);
  });

  it("fails with 'no endpoints' when no endpoint is usable, and names the loading pod on a 503", () => {
    const { store, send, clock } = lab({ "10.0.0.1": { kind: "loading", pod: "p1" } });
    expect(send(1)[0]).toEqual({ kind: "failed", cause: "no endpoints", message: 'no endpoints available for service "inference"' });
    store.create("endpointslices", "discovery.k8s.io", slice("a", [["10.0.0.1", "p1", READY]]));
    clock.advance(1000);
    expect(send(1)[0]).toMatchObject({ kind: "failed", cause: "503 loading", pod: "p1" });
  });

  it("routes by the slices it has programmed: an endpoint leaves 1 s after the slice says so, and a dead process is refused until then", () => {
    const answers: Record<string, Connection> = { "10.0.0.1": v("v1", "p1"), "10.0.0.2": v("v1", "p2") };
    const { store, send, clock } = lab(answers);
    const s = store.create(
      "endpointslices",
      "discovery.k8s.io",
      slice("a", [
        ["10.0.0.1", "p1", READY],
        ["10.0.0.2", "p2", READY],
      ]),
    );
    clock.advance(1000);
    // p2 is deleted: its process exits on SIGTERM at once, the slice marks it terminating.
    answers["10.0.0.2"] = { kind: "refused" };
    store.update("endpointslices", "discovery.k8s.io", {
      ...slice("a", [
        ["10.0.0.1", "p1", READY],
        ["10.0.0.2", "p2", TERMINATING_SERVING],
      ]),
      metadata: s.metadata,
    });
    clock.advance(999);
    const during = send(4);
    expect(during.filter((r) => r.kind === "failed" && r.cause === "connection refused")).toHaveLength(2);
    clock.advance(1);
    expect(send(4).every((r) => r.kind === "answered" && r.pod === "p1")).toBe(true);
  });

  it("keeps sending to serving-and-terminating endpoints while none is ready", () => {
    const { store, send, clock } = lab({ "10.0.0.2": v("v1", "p2") });
    store.create("endpointslices", "discovery.k8s.io", slice("a", [["10.0.0.2", "p2", TERMINATING_SERVING]]));
    clock.advance(1000);
    expect(send(3).map((r) => r.kind)).toEqual(["answered", "answered", "answered"]);
  });
});

describe("request counters (GET /rollscope/lab/metrics)", () => {
  it("count every routed request by pod, version and outcome in the Prometheus text format", () => {
    const { store, send, clock, proxy } = lab({ "10.0.0.1": v("v1", "p1"), "10.0.0.2": { kind: "loading", pod: "p2" } });
    send(2);
    store.create(
      "endpointslices",
      "discovery.k8s.io",
      slice("a", [
        ["10.0.0.1", "p1", READY],
        ["10.0.0.2", "p2", READY],
      ]),
    );
    clock.advance(1000);
    send(6);
    const lines = proxy.counters.text().trim().split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "# HELP rollscope_lab_requests_total Requests the lab's Service proxy routed, by Service, pod, answering version and outcome.",
      "# TYPE rollscope_lab_requests_total counter",
    ]);
    expect(lines.slice(2).sort()).toEqual([
      'rollscope_lab_requests_total{namespace="lab",service="inference",pod="",version="",code="503",cause="no endpoints"} 2',
      'rollscope_lab_requests_total{namespace="lab",service="inference",pod="p1",version="v1",code="200",cause=""} 3',
      'rollscope_lab_requests_total{namespace="lab",service="inference",pod="p2",version="",code="503",cause="503 loading"} 3',
    ]);
  });
});
