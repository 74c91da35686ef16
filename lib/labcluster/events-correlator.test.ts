import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock";
import { recordEvent } from "./events";
import { Store } from "./store";
import type { KObj } from "./types";

/**
 * client-go's EventCorrelator (tools/record/events_cache.go), as seen on a real v1.35.8
 * controller-manager: after 9 distinct ScalingReplicaSet messages about one Deployment, the 10th
 * and later ones land on one "(combined from similar events): …" Event whose count grows; and at
 * most 25 events per source, object and type get through before the 5-minute refill.
 */
function setup(): { clock: ManualClock; store: Store; d: KObj } {
  const clock = new ManualClock();
  const store = new Store(clock);
  const d = store.create("deployments", "apps", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "lab" },
    spec: {},
  });
  return { clock, store, d };
}

const scaled = (store: Store, d: KObj, i: number) =>
  recordEvent(store, d, "Normal", "ScalingReplicaSet", `Scaled up replica set web-${i} from 0 to 1`, "deployment-controller");
const events = (store: Store) =>
  store.list("events", "lab").sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));

describe("EventAggregator", () => {
  it("combines the 10th and later distinct messages of one reason into one Event", () => {
    const { clock, store, d } = setup();
    for (let i = 1; i <= 12; i++) {
      scaled(store, d, i);
      clock.advance(1000);
    }
    const evs = events(store);
    expect(evs).toHaveLength(10);
    expect(evs.slice(0, 9).map((e) => e.message)).toEqual(
      Array.from({ length: 9 }, (_, i) => `Scaled up replica set web-${i + 1} from 0 to 1`),
    );
    expect(evs[9]).toMatchObject({
      message: "(combined from similar events): Scaled up replica set web-12 from 0 to 1",
      count: 3,
      reportingComponent: "",
    });
    // Another reason about the same object is not combined.
    recordEvent(
      store,
      d,
      "Normal",
      "SelectingAll",
      "This deployment is selecting all pods. A non-empty selector is required.",
      "deployment-controller",
    );
    expect(events(store).at(-1)!.message).toBe("This deployment is selecting all pods. A non-empty selector is required.");
  });

  it("starts afresh after 10 minutes without a similar event", () => {
    const { clock, store, d } = setup();
    for (let i = 1; i <= 9; i++) scaled(store, d, i);
    clock.advance(600_001);
    scaled(store, d, 10);
    expect(events(store).at(-1)!.message).toBe("Scaled up replica set web-10 from 0 to 1");
  });
});

describe("EventSourceObjectSpamFilter", () => {
  it("lets 25 events about an object through, then one per 5 minutes", () => {
    const { clock, store, d } = setup();
    // Identical messages: each one is a count update of the same Event.
    for (let i = 0; i < 30; i++) recordEvent(store, d, "Normal", "Pulled", "same", "deployment-controller");
    expect(events(store)).toHaveLength(1);
    expect(events(store)[0]!.count).toBe(25);
    clock.advance(300_000);
    recordEvent(store, d, "Normal", "Pulled", "same", "deployment-controller");
    // The dropped observations still counted (eventObserve runs before the filter).
    expect(events(store)[0]!.count).toBe(31);
    recordEvent(store, d, "Normal", "Pulled", "same", "deployment-controller");
    expect(events(store)[0]!.count).toBe(31);
    // Warnings have their own bucket.
    recordEvent(store, d, "Warning", "Failed", "boom", "deployment-controller");
    expect(events(store).at(-1)!.type).toBe("Warning");
  });
});
