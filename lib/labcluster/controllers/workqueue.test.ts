import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { conflict } from "../errors";
import { Store } from "../store";
import type { StoreEvent } from "../types";
import type { Queue, Reconciler } from "./workqueue";
import { runReconcilers, WorkQueue } from "./workqueue";

describe("WorkQueue", () => {
  it("dedupes a key, and requeues a key added while it was being processed", () => {
    let wakes = 0;
    const q = new WorkQueue(new ManualClock(), () => wakes++);
    q.add("a");
    q.add("a");
    q.add("b");
    expect(q.length).toBe(2);
    expect(q.get()).toBe("a");
    q.add("a"); // dirty while processing: not queued twice, not handed out
    expect(q.length).toBe(1);
    expect(q.get()).toBe("b");
    expect(q.get()).toBeUndefined();
    q.done("a");
    expect(q.get()).toBe("a");
    expect(wakes).toBeGreaterThan(0);
  });

  it("keeps the earliest pending addAfter per key", () => {
    const clock = new ManualClock();
    const q = new WorkQueue(clock, () => {});
    q.addAfter("k", 5000);
    q.addAfter("k", 1000);
    q.addAfter("k", 9000);
    clock.advance(999);
    expect(q.length).toBe(0);
    clock.advance(1);
    expect(q.get()).toBe("k");
    q.done("k");
    clock.advance(10_000);
    expect(q.length).toBe(0);
  });

  it("retries at once a few times, then backs off on the clock", () => {
    const clock = new ManualClock();
    const q = new WorkQueue(clock, () => {});
    for (let i = 0; i < 5; i++) {
      q.retry("k");
      expect(q.get()).toBe("k");
      q.done("k");
    }
    q.retry("k");
    expect(q.length).toBe(0);
    clock.advance(5 * 2 ** 5);
    expect(q.get()).toBe("k");
  });
});

describe("runReconcilers", () => {
  it("syncs on store writes, retries conflicts, and settles", async () => {
    const clock = new ManualClock();
    const store = new Store(clock);
    const synced: string[] = [];
    let conflicts = 2;
    const r: Reconciler = {
      name: "test",
      initialKeys: () => [],
      onEvent: (ev: StoreEvent, q: Queue) => q.add(ev.object.metadata.name!),
      sync: (key) => {
        synced.push(key);
        if (key === "flaky" && conflicts-- > 0) throw conflict("configmaps", "", key);
      },
    };
    const errors: string[] = [];
    const run = runReconcilers(store, clock, [r], (m) => errors.push(m));
    store.create("configmaps", "", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "x" } });
    store.create("configmaps", "", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "flaky", namespace: "x" } });
    await run.runUntilIdle();
    expect(synced).toEqual(["a", "flaky", "flaky", "flaky"]);
    expect(errors).toEqual([]);
    run.stop();
  });

  it("runs earlier reconcilers first", async () => {
    const clock = new ManualClock();
    const store = new Store(clock);
    const order: string[] = [];
    const mk = (name: string): Reconciler => ({
      name,
      initialKeys: () => ["k1", "k2"],
      onEvent: () => {},
      sync: (k) => void order.push(`${name}:${k}`),
    });
    const run = runReconcilers(store, clock, [mk("high"), mk("low")]);
    await run.runUntilIdle();
    expect(order).toEqual(["high:k1", "high:k2", "low:k1", "low:k2"]);
    run.stop();
  });
});
