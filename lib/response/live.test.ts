/**
 * LiveRollouts against its definition: after any sequence of watch events and clock ticks, the
 * incremental response equals rolloutsResponse computed from scratch on the same store (as JSON,
 * so order and every field count), for one namespace and for all. fast-check draws the sequences
 * from a pool of objects in several versions each (pods in every state, Deployments complete,
 * progressing, stuck and paused, blue-green and canary siblings, Services that select nothing,
 * EndpointSlices, Endpoints and Events, Nodes whose room fills and empties, PodDisruptionBudgets)
 * and shrinks a failure to a minimal sequence.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEvents, emptyStore, filedAs, objectKey, type RawObject, type RawPod, type Store, type StoreEvent } from "../model";
import {
  deployment,
  endpointSlice,
  endpoints,
  event,
  pod,
  podTemplate,
  replicaSet,
  service,
  T0,
  type PodPhaseShape,
} from "@/test/support/model/objects";
import { createLiveRollouts } from "./live";
import { rolloutsResponse } from "./rolloutsResponse";

type Kind = StoreEvent["kind"];
interface Slot {
  kind: Kind;
  versions: RawObject[];
}

const SHAPES: PodPhaseShape[] = [
  { kind: "ready", startedAgo: 600, readyAgo: 590 },
  { kind: "ready", startedAgo: 20, readyAgo: 3 },
  { kind: "notReady", startedAgo: 4 },
  { kind: "notReady", startedAgo: 400 },
  { kind: "creating" },
  { kind: "imagePull", reason: "ImagePullBackOff", image: "registry.invalid/model:v3" },
  { kind: "crashLoop", restarts: 4, exitCode: 1 },
  { kind: "unschedulable", message: "0/1 nodes are available: 1 Insufficient nvidia.com/gpu." },
];

const STATUSES = [
  { replicas: 2, updated: 2, ready: 2, available: 2 },
  { replicas: 3, updated: 1, ready: 2, available: 2 },
];
const PROGRESSING = [
  { status: "True" as const, reason: "NewReplicaSetAvailable", message: "ReplicaSet has successfully progressed.", updatedAgo: 300 },
  { status: "True" as const, reason: "ReplicaSetUpdated", message: "ReplicaSet is progressing.", updatedAgo: 20 },
  { status: "False" as const, reason: "ProgressDeadlineExceeded", message: "ReplicaSet has timed out progressing.", updatedAgo: 700 },
];

/** A Deployment with two revisions, each with two pods; every object in several versions. */
function workload(ns: string, name: string, labels: Record<string, string>, siblingLabels: Record<string, string>): Slot[] {
  const tpl = (extra: Record<string, string>, version: string) => podTemplate({ ...labels, ...extra }, { version, probe: "file" });
  const versions = (opts: Partial<Parameters<typeof deployment>[0]>[]) =>
    opts.map((o, i) =>
      deployment({
        name,
        namespace: ns,
        template: tpl({}, "v2"),
        revision: 2,
        replicas: 2,
        status: STATUSES[i % 2]!,
        progressing: PROGRESSING[i % 3],
        progressDeadlineSeconds: 60,
        ...o,
      }),
    );
  // Risk findings (issue 16): no rollback history, a budget that empties the Service, a blind probe, a roomy deadline.
  const tcpTemplate = structuredClone(tpl({}, "v2")) as { spec: { containers: Record<string, unknown>[] } };
  tcpTemplate.spec.containers[0]!.readinessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 5 };
  const risks: Partial<Parameters<typeof deployment>[0]>[] = [
    { revisionHistoryLimit: 0 },
    { maxUnavailable: "100%" },
    { strategy: "Recreate" },
    { template: tcpTemplate, progressDeadlineSeconds: 600 },
  ];
  const deployments = versions([
    {},
    { replicas: 3 },
    { paused: true },
    { template: tpl(siblingLabels, "v2") },
    { maxSurge: 0, maxUnavailable: 1 },
    ...risks,
  ]);
  const d = deployments[0]!;
  const slots: Slot[] = [{ kind: "Deployment", versions: deployments }];
  for (const [rev, hash, version] of [
    [1, "aaa11", "v1"],
    [2, "bbb22", "v2"],
  ] as const) {
    const rsVersions = (rev === 1 ? [0, 1, 2] : [2, 1, 0]).map((replicas) =>
      replicaSet({
        deployment: d,
        hash,
        template: tpl({}, version),
        revision: rev,
        replicas,
        status: { replicas, ready: replicas, available: replicas },
        createdAgo: 1000 - rev * 100,
      }),
    );
    slots.push({ kind: "ReplicaSet", versions: rsVersions });
    for (const suffix of ["x1", "y2"]) {
      const podVersions = SHAPES.map((shape) =>
        pod({ rs: rsVersions[0]!, suffix, createdAgo: 700, shape, ip: `10.0.${rev}.${suffix === "x1" ? 1 : 2}` }),
      );
      podVersions.push(pod({ rs: rsVersions[0]!, suffix, createdAgo: 700, shape: SHAPES[0]!, deletingAgo: 5 }));
      const relabelled = pod({ rs: rsVersions[0]!, suffix, createdAgo: 700, shape: SHAPES[0]! });
      relabelled.metadata.labels = { ...relabelled.metadata.labels, app: "elsewhere" };
      podVersions.push(relabelled, ...roomVersions(podVersions[0]!));
      slots.push({ kind: "Pod", versions: podVersions });
      slots.push({
        kind: "Event",
        versions: [
          event(podVersions[3]!, "Unhealthy", "Readiness probe failed: cat: /tmp/ready: No such file", {
            type: "Warning",
            count: 7,
            firstAgo: 300,
            lastAgo: 2,
          }),
        ],
      });
    }
  }
  slots.push({
    kind: "Event",
    versions: [event(d, "ScalingReplicaSet", `Scaled up replica set ${name}-bbb22 from 0 to 2`, { firstAgo: 500, lastAgo: 500 })],
  });
  return slots;
}

function namespaceSlots(ns: string): Slot[] {
  const slots = [
    ...workload(ns, "web-blue", { app: "web", color: "blue" }, { color: "green" }),
    ...workload(ns, "web-green", { app: "web", color: "green" }, { color: "blue" }),
    ...workload(ns, "api", { app: "api", track: "stable" }, { track: "canary" }),
  ];
  const pods = slots.filter((s) => s.kind === "Pod").map((s) => filedAs("Pod", s.versions[0]!));
  for (const [name, selectors] of [
    ["web", [{ app: "web", color: "blue" }, { app: "web" }, { app: "web", color: "green" }]],
    ["api", [{ app: "api" }, { app: "API" }]],
    ["ghost", [{ app: "ghost" }, { app: "elsewhere" }]],
  ] as const) {
    const versions = selectors.map((selector) => service({ name, namespace: ns, selector: { ...selector } }));
    slots.push({ kind: "Service", versions });
    const selected = (sel: Record<string, string>) =>
      pods.filter((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
    slots.push({ kind: "EndpointSlice", versions: selectors.map((sel) => endpointSlice(versions[0]!, selected(sel))) });
    slots.push({ kind: "Endpoints", versions: selectors.map((sel) => endpoints(versions[0]!, selected(sel))) });
  }
  return slots;
}

/** A pod holding more room: 1.5 cpu on its node, or bound to the other node. */
function roomVersions(p: RawPod): RawPod[] {
  const cpu = structuredClone(p);
  cpu.spec!.containers![0]!.resources = { requests: { cpu: "1500m" } };
  const elsewhere = structuredClone(cpu);
  elsewhere.spec!.nodeName = "lab-node-2";
  return [cpu, elsewhere];
}

/**
 * A Deployment at rest in ns-c whose pods request a GPU each (its next surge pod needs one more),
 * Nodes whose free room crosses the pool's requests as pods come and go (the pool binds its pods
 * to lab-node-1), one unschedulable and one tainted version; PDBs over the workloads. Room is per
 * node: ns-c's pods count for ns-a's Deployments too.
 */
function capacitySlots(): Slot[] {
  const tpl = podTemplate({ app: "gpu" }, { version: "v1", probe: "file", resources: { requests: { cpu: "1", "nvidia.com/gpu": "1" } } });
  const gpu = (o: Partial<Parameters<typeof deployment>[0]>) =>
    deployment({
      name: "gpu",
      namespace: "ns-c",
      template: tpl,
      revision: 1,
      replicas: 2,
      status: STATUSES[0]!,
      progressing: PROGRESSING[0],
      ...o,
    });
  const d = gpu({});
  const rs = replicaSet({
    deployment: d,
    hash: "ccc33",
    template: tpl,
    revision: 1,
    replicas: 2,
    status: { replicas: 2, ready: 2, available: 2 },
    createdAgo: 900,
  });
  const slots: Slot[] = [
    { kind: "Deployment", versions: [d, gpu({ maxSurge: 0, maxUnavailable: 1 }), gpu({ replicas: 3 })] },
    { kind: "ReplicaSet", versions: [rs] },
  ];
  for (const suffix of ["g1", "g2"])
    slots.push({ kind: "Pod", versions: [SHAPES[0]!, SHAPES[7]!, SHAPES[2]!].map((shape) => pod({ rs, suffix, createdAgo: 800, shape })) });
  const node = (name: string, allocatable: Record<string, string>, spec: Record<string, unknown> = {}): RawObject => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `node-${name}`, resourceVersion: "1", labels: { "kubernetes.io/hostname": name } },
    spec,
    status: { allocatable },
  });
  slots.push(
    {
      kind: "Node",
      versions: [
        node("lab-node-1", { cpu: "8", "nvidia.com/gpu": "2", pods: "110" }),
        node("lab-node-1", { cpu: "8", "nvidia.com/gpu": "3", pods: "110" }),
        node("lab-node-1", { cpu: "4", pods: "20" }),
        // The whole pool binds 26 pods here: full until one of any namespace leaves.
        node("lab-node-1", { cpu: "64", "nvidia.com/gpu": "3", pods: "26" }),
        node("lab-node-1", { cpu: "16", "nvidia.com/gpu": "4", pods: "6" }),
        node("lab-node-1", { cpu: "16", "nvidia.com/gpu": "4", pods: "110" }, { unschedulable: true }),
        node("lab-node-1", { cpu: "16", "nvidia.com/gpu": "4" }, { taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] }),
      ],
    },
    {
      kind: "Node",
      versions: [node("lab-node-2", { cpu: "1", pods: "110" }), node("lab-node-2", { cpu: "2", "nvidia.com/gpu": "1", pods: "2" })],
    },
  );
  const pdb = (ns: string, app: string, budget: Record<string, unknown>): RawObject => ({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: app, namespace: ns, uid: `pdb-${ns}-${app}`, resourceVersion: "1" },
    spec: { selector: { matchLabels: { app } }, ...budget },
  });
  for (const [ns, app] of [
    ["ns-a", "web"],
    ["ns-a", "api"],
    ["ns-b", "web"],
    ["ns-c", "gpu"],
  ] as const)
    slots.push({
      kind: "PodDisruptionBudget",
      versions: [pdb(ns, app, { minAvailable: 3 }), pdb(ns, app, { maxUnavailable: 1 }), pdb(ns, app, { minAvailable: "100%" })],
    });
  return slots;
}

const POOL: Slot[] = [...namespaceSlots("ns-a"), ...namespaceSlots("ns-b"), ...capacitySlots()];

type Step = { tick: number } | { slot: number; version: number; remove: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ tick: fc.integer({ min: 0, max: 90_000 }) }) },
  { weight: 6, arbitrary: fc.record({ slot: fc.nat(POOL.length - 1), version: fc.nat(20), remove: fc.boolean() }) },
);

let rv = 1;
function eventOf(step: Exclude<Step, { tick: number }>, store: Store): StoreEvent {
  const slot = POOL[step.slot]!;
  const base = slot.versions[step.version % slot.versions.length]!;
  const present = objectKey(base) in store.objects[slot.kind];
  if (step.remove && present) return { type: "DELETED", kind: slot.kind, object: base };
  // A fresh resourceVersion, so the store takes every write as a change.
  const object = { ...base, metadata: { ...base.metadata, resourceVersion: String(++rv) } };
  return { type: present ? "MODIFIED" : "ADDED", kind: slot.kind, object };
}

/** Runs the steps; after each, the live response must equal the one computed from scratch. */
function check(steps: Step[], namespace: string | undefined, initial: number): void {
  const live = createLiveRollouts(namespace);
  let store = emptyStore();
  for (let i = 0; i < initial && i < POOL.length; i += 1) {
    const slot = POOL[i]!;
    store = applyEvents(store, [{ type: "ADDED", kind: slot.kind, object: slot.versions[0]! }]);
  }
  live.reset(store);
  let now = T0;
  const compare = () => expect(JSON.stringify(live.response(store, now))).toBe(JSON.stringify(rolloutsResponse(store, { namespace, now })));
  compare();
  for (const step of steps) {
    if ("tick" in step) now += step.tick;
    else {
      const applied: StoreEvent[] = [];
      store = applyEvents(store, [eventOf(step, store)], applied);
      live.apply(applied);
    }
    compare();
  }
}

/** A `more` for response(): lets `n` views be computed (the first is always computed). */
function budget(n: number): () => boolean {
  let left = n;
  return () => --left > 0;
}

/**
 * Like check, but the response is computed in slices of `sizes` views with the events and ticks
 * arriving between slices; once every slice is done it must equal the one from scratch.
 */
function checkSliced(steps: Step[], sizes: number[], namespace: string | undefined, initial: number): void {
  const live = createLiveRollouts(namespace);
  let store = emptyStore();
  for (let i = 0; i < initial && i < POOL.length; i += 1) {
    const slot = POOL[i]!;
    store = applyEvents(store, [{ type: "ADDED", kind: slot.kind, object: slot.versions[0]! }]);
  }
  live.reset(store);
  let now = T0;
  steps.forEach((step, i) => {
    live.response(store, now, budget(sizes[i % sizes.length]!));
    if ("tick" in step) now += step.tick;
    else {
      const applied: StoreEvent[] = [];
      store = applyEvents(store, [eventOf(step, store)], applied);
      live.apply(applied);
    }
  });
  let slices = 0;
  let last = live.response(store, now, budget(sizes[0]!));
  while (!live.progress().complete) {
    const before = live.progress().done;
    last = live.response(store, now, budget(sizes[++slices % sizes.length]!));
    expect(live.progress().done).toBeGreaterThanOrEqual(before);
    expect(slices).toBeLessThan(POOL.length * 2);
  }
  expect(live.progress().done).toBe(live.progress().total);
  expect(JSON.stringify(last)).toBe(JSON.stringify(rolloutsResponse(store, { namespace, now })));
}

describe("createLiveRollouts", () => {
  it("equals rolloutsResponse from scratch after any sequence of events and clock ticks (all namespaces)", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), fc.nat(POOL.length), (steps, initial) => check(steps, undefined, initial)),
      { numRuns: 120 },
    );
  });

  it("equals rolloutsResponse from scratch for one namespace", () => {
    fc.assert(
      // ns-c's Deployment asks for room that every namespace's pods take.
      fc.property(fc.array(stepArb, { maxLength: 40 }), fc.nat(POOL.length), fc.constantFrom("ns-a", "ns-c"), (steps, initial, ns) =>
        check(steps, ns, initial),
      ),
      { numRuns: 80 },
    );
  });

  it("computed in slices with events between them, equals rolloutsResponse once the last slice is done", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.nat(POOL.length),
        fc.constantFrom(undefined, "ns-a"),
        (steps, sizes, initial, namespace) => checkSliced(steps, sizes, namespace, initial),
      ),
      { numRuns: 100 },
    );
  });

  it("fills the page from the top: a first slice holds the first Deployments by namespace and name, and says how many are left", () => {
    const live = createLiveRollouts();
    const store = applyEvents(
      emptyStore(),
      POOL.map((s) => ({ type: "ADDED" as const, kind: s.kind, object: s.versions[0]! })),
    );
    live.reset(store);
    const full = rolloutsResponse(store, { now: T0 });
    const first = live.response(store, T0, budget(2));
    expect(first.deployments.map((d) => `${d.namespace}/${d.name}`)).toEqual(
      full.deployments.slice(0, 2).map((d) => `${d.namespace}/${d.name}`),
    );
    expect(first.services).toEqual([]);
    const inPool = (kind: string) => POOL.filter((s) => s.kind === kind).length;
    expect(live.progress()).toEqual({ done: 2, total: inPool("Deployment") + inPool("Service"), complete: false });
    while (!live.progress().complete) live.response(store, T0, budget(3));
    expect(JSON.stringify(live.response(store, T0))).toBe(JSON.stringify(full));
  });

  it("follows the store when an object of another namespace arrives under the key of one in scope", () => {
    // Found by the property above: the pool's Events are keyed by name, so ns-b's replaces ns-a's.
    check([{ tick: 56000 }, { slot: 50, version: 0, remove: false }, { slot: 4, version: 2, remove: false }], "ns-a", 6);
  });

  it("follows a node's room when a pod of another namespace leaves it (ns-c's surge pod then fits)", () => {
    const node = POOL.findIndex((s) => s.kind === "Node");
    const full = POOL[node]!.versions.findIndex((n) => filedAs("Node", n).status?.allocatable?.pods === "26");
    const other = POOL.findIndex((s) => s.kind === "Pod" && s.versions[0]!.metadata.namespace === "ns-a");
    const steps = [{ slot: node, version: full, remove: false }, { tick: 1000 }, { slot: other, version: 0, remove: true }];
    const live = createLiveRollouts("ns-c");
    let store = applyEvents(
      emptyStore(),
      POOL.map((s) => ({ type: "ADDED" as const, kind: s.kind, object: s.versions[0]! })),
    );
    live.reset(store);
    const surge = () => live.response(store, T0).findings.filter((f) => f.code === "SurgeDoesNotFit").length;
    for (const [i, step] of steps.entries()) {
      if ("tick" in step) continue;
      const applied: StoreEvent[] = [];
      store = applyEvents(store, [eventOf(step, store)], applied);
      live.apply(applied);
      expect(surge()).toBe(i === 0 ? 1 : 0);
    }
    check(steps, "ns-c", POOL.length);
  });

  it("forgets a deleted Deployment's facts for the pods it drew (they become orphans, Services lose it as a backend)", () => {
    // ownerFacts' per-pod hint must not outlive the facts it names.
    const slot = POOL.findIndex((s) => s.kind === "Deployment" && s.versions[0]!.metadata.namespace === "ns-b");
    const name = POOL[slot]!.versions[0]!.metadata.name!;
    // Its pods crash-looping first (SHAPES[6]), so a pod counted as owned or orphan shows in the findings.
    const crashing = POOL.flatMap((s, i) =>
      s.kind === "Pod" && s.versions[0]!.metadata.namespace === "ns-b" && s.versions[0]!.metadata.name!.startsWith(`${name}-`)
        ? [{ slot: i, version: 6, remove: false }]
        : [],
    );
    expect(crashing.length).toBeGreaterThan(0);
    check([...crashing, { slot, version: 0, remove: true }, { tick: 1000 }], undefined, POOL.length);
    check([...crashing, { slot, version: 0, remove: true }, { slot, version: 1, remove: false }], "ns-b", POOL.length);
  });

  it("keeps the view object of every Deployment and Service an event did not touch", () => {
    const live = createLiveRollouts();
    let store = emptyStore();
    store = applyEvents(
      store,
      POOL.map((s) => ({ type: "ADDED" as const, kind: s.kind, object: s.versions[0]! })),
    );
    live.reset(store);
    const before = live.response(store, T0);
    const podSlot = POOL.findIndex(
      (s) => s.kind === "Pod" && s.versions[0]!.metadata.name?.startsWith("api-bbb22") && s.versions[0]!.metadata.namespace === "ns-b",
    );
    const applied: StoreEvent[] = [];
    store = applyEvents(store, [eventOf({ slot: podSlot, version: 3, remove: false }, store)], applied);
    live.apply(applied);
    const after = live.response(store, T0);
    expect(JSON.stringify(after)).toBe(JSON.stringify(rolloutsResponse(store, { now: T0 })));
    const changed = after.deployments.filter((d, i) => d !== before.deployments[i]).map((d) => `${d.namespace}/${d.name}`);
    expect(changed).toEqual(["ns-b/api"]);
    const changedServices = after.services.filter((s, i) => s !== before.services[i]).map((s) => `${s.namespace}/${s.name}`);
    expect(changedServices).toEqual(["ns-b/api"]);
  });

  it("recomputes on a clock tick only what depends on the time", () => {
    const live = createLiveRollouts("ns-a");
    // The first versions, without revision 1's pods: every pod Ready for minutes, no countdown.
    const settled = POOL.filter(
      (s) => s.versions[0]!.metadata.namespace === "ns-a" && !(s.kind === "Pod" && s.versions[0]!.metadata.name?.includes("-aaa11-")),
    ).map((s) => ({ type: "ADDED" as const, kind: s.kind, object: s.versions[0]! }));
    const store = applyEvents(emptyStore(), settled);
    live.reset(store);
    const first = live.response(store, T0);
    const later = live.response(store, T0 + 5_000);
    expect(JSON.stringify(later)).toBe(JSON.stringify(rolloutsResponse(store, { namespace: "ns-a", now: T0 + 5_000 })));
    expect(later.deployments.length).toBe(3);
    expect(later.deployments.every((d, i) => d === first.deployments[i])).toBe(true);
  });
});
