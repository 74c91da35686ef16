/**
 * lib/model and lib/diagnose cost at 100 … 30,000 pods, in this process: how long one
 * rolloutsResponse / diagnose takes for the namespace, what one watch event costs in applyEvent,
 * and how much heap the store holds.
 */
import {
  applyEvent,
  applyEventsInPlace,
  emptyStore,
  replaceKind,
  trimObject,
  type AppliedEvent,
  type Kind,
  type RawObject,
  type Store,
  type StoreEvent,
} from "@/lib/model";
import { createLiveRollouts, rolloutsResponse } from "@/lib/response";
import { diagnose } from "@/lib/diagnose";
import { wallMs } from "./lib/clock";
import { settledHeap } from "./lib/heap";
import { median } from "./lib/stats";
import { podStatus, syntheticNamespace, type SyntheticNamespace } from "./lib/synthetic";
import type { Figure } from "./lib/table";

export interface ModelBenchOptions {
  sizes: number[];
  quick: boolean;
}

const NS = "bench";

function buildStore(n: SyntheticNamespace): Store {
  // As the hub does on its initial list: one replaceKind per kind, trimmed objects.
  const kinds: [Kind, RawObject[]][] = [
    ["Deployment", n.deployments],
    ["ReplicaSet", n.replicaSets],
    ["Pod", n.pods],
    ["Service", n.services],
    ["EndpointSlice", n.endpointSlices],
    ["Node", benchNodes()],
  ];
  let store = emptyStore();
  for (const [kind, objs] of kinds) store = replaceKind(store, kind, objs.map(trimObject));
  return store;
}

/** The 50 nodes the synthetic pods are bound to (bench-node-0 … 49): the live response keeps their room. */
function benchNodes(): RawObject[] {
  return Array.from({ length: 50 }, (_, i) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `bench-node-${i}`, uid: `bench-node-uid-${i}`, resourceVersion: "1" },
    status: { allocatable: { cpu: "64", memory: "256Gi", pods: "1000" } },
  }));
}

function timeIt(runs: number, fn: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = wallMs();
    fn();
    samples.push(wallMs() - t0);
  }
  return median(samples);
}

/** A MODIFIED event flipping one pod's readiness, as the hub would apply it. */
function flipEvents(n: SyntheticNamespace, count: number, now: number): { type: "MODIFIED"; kind: Kind; object: RawObject }[] {
  const out: { type: "MODIFIED"; kind: Kind; object: RawObject }[] = [];
  for (let i = 0; i < count; i++) {
    const pod = n.pods[i % n.pods.length]!;
    const object = trimObject({
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: String(1_000_000 + i) },
      status: podStatus(i % 2 === 1, pod.status!.podIP!, pod.spec!.nodeName!, now),
    });
    out.push({ type: "MODIFIED", kind: "Pod", object });
  }
  return out;
}

export async function runModelBench(o: ModelBenchOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const now = Date.now();
  for (const pods of o.sizes) {
    const section = `model ${pods.toLocaleString("en-US")} pods`;
    const heapBefore = settledHeap();
    const n = syntheticNamespace({ namespace: NS, pods, now });
    const heapObjects = settledHeap();
    let store = buildStore(n);
    const heapStore = settledHeap();
    // rolloutsResponse grows faster than linearly: one run at 30,000 pods keeps the suite short.
    const runs = pods >= 30_000 ? 1 : pods >= 5_000 ? 3 : o.quick ? 3 : 7;
    const tResponse = timeIt(runs, () => rolloutsResponse(store, { namespace: NS, now }));
    const tDiagnose = timeIt(runs, () => diagnose(store, { namespace: NS, now }));
    figures.push(...liveFigures(section, store, n, now, o.quick));
    const events = flipEvents(n, pods >= 30_000 ? 100 : o.quick ? 200 : 1000, now);
    const t0 = wallMs();
    for (const ev of events) store = applyEvent(store, ev);
    const perEvent = (wallMs() - t0) / events.length;
    figures.push(
      {
        section,
        name: "rolloutsResponse (whole namespace)",
        value: tResponse,
        unit: "ms",
        note: pods === o.sizes[0] ? "median of several runs; includes diagnose" : undefined,
      },
      { section, name: "diagnose", value: tDiagnose, unit: "ms" },
      { section, name: "applyEvent per pod event", value: perEvent * 1000, unit: "µs" },
      { section, name: "applyEvent events/s one core", value: 1000 / perEvent, unit: "ev/s" },
      { section, name: "store heap (trimmed, shared with objects)", value: (heapStore - heapObjects) / 2 ** 20, unit: "MiB" },
      { section, name: "raw objects heap", value: (heapObjects - heapBefore) / 2 ** 20, unit: "MiB" },
    );
    store = emptyStore();
    void store;
  }
  return figures;
}

/**
 * LiveRollouts (what the page and the hub run): the first response, then what one stream message
 * costs — applying its events to the store and recomputing the response — for one pod event and
 * for a batch of 10 (a 50 ms message at 200 events/s), and what a clock tick costs once those
 * flips left pods NotReady (their Deployments then depend on the time).
 */
function liveFigures(section: string, initial: Store, n: SyntheticNamespace, now: number, quick: boolean): Figure[] {
  const live = createLiveRollouts(NS);
  // The page owns its store and updates it in place (applyEventsInPlace): a private copy here.
  let store: Store = {
    ...initial,
    objects: Object.fromEntries(Object.entries(initial.objects).map(([k, r]) => [k, { ...r }])) as Store["objects"],
  };
  const tFirst = timeIt(1, () => {
    live.reset(store);
    live.response(store, now);
  });
  const message = (events: StoreEvent[]) => () => {
    const applied: AppliedEvent[] = [];
    store = applyEventsInPlace(store, events, applied);
    live.apply(applied);
    live.response(store, now);
  };
  const flips = flipEvents(n, quick ? 400 : 2000, now + 1);
  const singles = flips.slice(0, flips.length / 2);
  const tOne = timeIt(
    singles.length,
    (
      (i) => () =>
        message([singles[i++ % singles.length]!])()
    )(0),
  );
  const batches: StoreEvent[][] = [];
  for (let i = flips.length / 2; i + 10 <= flips.length; i += 10) batches.push(flips.slice(i, i + 10));
  const tBatch = timeIt(
    batches.length,
    (
      (i) => () =>
        message(batches[i++ % batches.length]!)()
    )(0),
  );
  let t = now;
  const tTick = timeIt(quick ? 5 : 20, () => live.response(store, (t += 1000)));
  return [
    { section, name: "live response: first (index + every view)", value: tFirst, unit: "ms" },
    {
      section,
      name: "live response: one pod event → response",
      value: tOne * 1000,
      unit: "µs",
      note: "applyEventsInPlace + LiveRollouts.apply + response, as the page does; median",
    },
    { section, name: "live response: 10-event message → response", value: tBatch, unit: "ms" },
    {
      section,
      name: "live response: clock tick (1 s) → response",
      value: tTick,
      unit: "ms",
      note: "recomputes only Deployments whose pods are not settled",
    },
  ];
}
