/**
 * default/kubernetes (a Service without a selector, its endpoints written by the API server) routes
 * to no pod: it is part of no rollout, so neither response path may draw it ("unowned pods: 100 %"
 * on an empty lab cluster was the first thing a newcomer saw).
 */
import { describe, expect, it } from "vitest";
import { applyEvents, emptyStore, type RawObject, type StoreEvent } from "../model";
import { service } from "@/test/support/model/serviceObjects";
import { T0 } from "@/test/support/model/objects";
import { createLiveRollouts } from "./live";
import { rolloutsResponse } from "./rolloutsResponse";

function apiServerService(): RawObject[] {
  const svc = service({ name: "kubernetes", namespace: "default", selector: {} });
  delete (svc.spec as Record<string, unknown>).selector;
  const slice: RawObject = {
    kind: "EndpointSlice",
    apiVersion: "discovery.k8s.io/v1",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      uid: "slice-kubernetes",
      resourceVersion: "7",
      labels: { "kubernetes.io/service-name": "kubernetes" },
    },
    addressType: "IPv4",
    endpoints: [{ addresses: ["127.0.0.1"], conditions: { ready: true } }],
    ports: [{ name: "https", port: 6443, protocol: "TCP" }],
  };
  return [svc, slice];
}

const added = (objects: RawObject[]): StoreEvent[] =>
  objects.map((o) => ({ type: "ADDED" as const, kind: o.kind as StoreEvent["kind"], object: o }));

describe("a Service without a selector", () => {
  it("is left out of services[] and yields no finding, from scratch", () => {
    const store = applyEvents(emptyStore(), added(apiServerService()));
    const r = rolloutsResponse(store, { now: T0 });
    expect(r.services).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it("is left out by the incremental path too, and a selector added later brings it in", () => {
    const live = createLiveRollouts();
    const applied: StoreEvent[] = [];
    let store = applyEvents(emptyStore(), added(apiServerService()), applied);
    live.apply(applied);
    expect(live.response(store, T0).services).toEqual([]);

    const withSelector = service({ name: "kubernetes", namespace: "default", selector: { app: "api" } });
    const more: StoreEvent[] = [];
    store = applyEvents(store, [{ type: "MODIFIED", kind: "Service", object: withSelector }], more);
    live.apply(more);
    expect(live.response(store, T0).services.map((s) => s.name)).toEqual(["kubernetes"]);
    expect(JSON.stringify(live.response(store, T0))).toBe(JSON.stringify(rolloutsResponse(store, { now: T0 })));
  });
});
