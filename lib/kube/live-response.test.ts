import { describe, expect, it } from "vitest";
import { applyEvents, emptyStore, type Store, type StoreEvent } from "@/lib/model";
import { deployment, pod, podTemplate, replicaSet, T0 } from "@/test/support/model/objects";
import { rolloutsResponse } from "@/lib/response";
import { createLiveResponses } from "./live-response";

/** A hub's read side: a store, a numbered change log that may have been trimmed. */
function fakeHub() {
  let store: Store = emptyStore();
  const log: { seq: number; event: StoreEvent }[] = [];
  let first = 1;
  return {
    epoch: "e1",
    get store() {
      return store;
    },
    get seq() {
      return log.at(-1)?.seq ?? 0;
    },
    eventsSince(seq: number) {
      return seq + 1 < first ? undefined : log.filter((l) => l.seq > seq).map((l) => ({ ...l.event, seq: l.seq }));
    },
    write(events: StoreEvent[]) {
      store = applyEvents(store, events);
      for (const event of events) log.push({ seq: (log.at(-1)?.seq ?? 0) + 1, event });
    },
    trim() {
      first = (log.at(-1)?.seq ?? 0) + 1;
    },
  };
}

const d = deployment({
  name: "web",
  namespace: "ns",
  template: podTemplate({ app: "web" }),
  revision: 1,
  replicas: 2,
  status: { replicas: 2, updated: 2, ready: 2, available: 2 },
});
const rs = replicaSet({
  deployment: d,
  hash: "abc12",
  template: podTemplate({ app: "web" }),
  revision: 1,
  replicas: 2,
  status: { replicas: 2, ready: 2, available: 2 },
  createdAgo: 600,
});
const ready = (suffix: string) => pod({ rs, suffix, createdAgo: 500, shape: { kind: "ready", startedAgo: 400, readyAgo: 390 } });
const notReady = (suffix: string) => ({
  ...pod({ rs, suffix, createdAgo: 500, shape: { kind: "notReady", startedAgo: 400 } }),
  metadata: { ...ready(suffix).metadata, resourceVersion: `nr-${suffix}` },
});

describe("createLiveResponses", () => {
  it("answers what rolloutsResponse computes, following the hub's log between requests and resetting when it was trimmed", () => {
    const hub = fakeHub();
    const live = createLiveResponses();
    const same = (ns?: string) =>
      expect(JSON.stringify(live.responseOf(hub, ns, T0))).toBe(JSON.stringify(rolloutsResponse(hub.store, { namespace: ns, now: T0 })));
    hub.write([
      { type: "ADDED", kind: "Deployment", object: d },
      { type: "ADDED", kind: "ReplicaSet", object: rs },
      { type: "ADDED", kind: "Pod", object: ready("a") },
    ]);
    same("ns");
    same(undefined);
    const first = live.responseOf(hub, "ns", T0);
    hub.write([{ type: "ADDED", kind: "Pod", object: ready("b") }]);
    same("ns");
    expect(live.responseOf(hub, "ns", T0).deployments[0]).not.toBe(first.deployments[0]);
    hub.write([{ type: "MODIFIED", kind: "Pod", object: notReady("b") }]);
    hub.trim();
    same("ns");
    hub.write([{ type: "DELETED", kind: "Pod", object: notReady("b") }]);
    same("ns");
    same(undefined);
  });
});
