/**
 * Hostile and broken objects in the watch stream (issue 8): missing fields, wrong types, huge
 * annotations, unicode and markup in every string. The pure model and diagnosis must never
 * throw and must produce JSON; rendering is covered in components/hostile.test.tsx.
 */
import { describe, expect, it } from "vitest";
import { deployment, endpointSlice, pod, podTemplate, replicaSet, service } from "@/test/support/model/objects";
import { applyEvent, emptyStore, type Kind, type RawObject } from "../model/index";
import { rolloutsResponse } from "./rolloutsResponse";

/** Small deterministic PRNG so a failure reproduces from its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  NaN,
  true,
  "",
  "<script>alert(1)</script>",
  "\u202e\u0000\ud83d\ude80 ünïcödé",
  "x".repeat(300_000),
  [],
  [null],
  {},
  { nested: { deeper: [1, "2", { three: null }] } },
  "2026-13-45T99:99:99Z",
  "-5%",
  "101%",
];

/** Replaces random fields (at any depth) of a valid object with nasty values, or deletes them. */
function mutate(obj: unknown, rand: () => number, depth = 0): unknown {
  if (obj === null || typeof obj !== "object") return rand() < 0.15 ? NASTY[Math.floor(rand() * NASTY.length)] : obj;
  if (Array.isArray(obj)) return obj.map((v) => mutate(v, rand, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const r = rand();
    if (r < 0.05 && k !== "metadata") continue;
    out[k] = r < 0.12 ? NASTY[Math.floor(rand() * NASTY.length)] : mutate(v, rand, depth + 1);
  }
  return out;
}

function validObjects(): { kind: Kind; object: RawObject }[] {
  const tpl = podTemplate({ app: "inference" }, { version: "v1" });
  const d = deployment({ name: "inference", template: tpl, revision: 1, status: { replicas: 3, updated: 3, ready: 3, available: 3 } });
  const rs = replicaSet({
    deployment: d,
    hash: "abc",
    template: tpl,
    revision: 1,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 60,
  });
  const pods = ["a", "b"].map((s) => pod({ rs, suffix: s, createdAgo: 50, shape: { kind: "ready", startedAgo: 40, readyAgo: 30 } }));
  const svc = service({ name: "inference", selector: { app: "inference" } });
  return [
    { kind: "Deployment", object: d },
    { kind: "ReplicaSet", object: rs },
    ...pods.map((object) => ({ kind: "Pod" as const, object })),
    { kind: "Service", object: svc },
    { kind: "EndpointSlice", object: endpointSlice(svc, pods) },
  ];
}

describe("hostile objects in the watch stream", () => {
  it("never crash the model or the diagnosis, over 300 random mutations", () => {
    let malformedSeen = 0;
    let viewsOfMutated = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      let store = emptyStore();
      for (const { kind, object } of validObjects()) {
        const bad = mutate(object, rand) as RawObject;
        if (typeof bad !== "object" || bad === null || typeof bad.metadata !== "object" || bad.metadata === null) continue;
        const type = rand() < 0.1 ? "DELETED" : rand() < 0.5 ? "ADDED" : "MODIFIED";
        try {
          store = applyEvent(store, { type, kind, object: bad });
          const view = rolloutsResponse(store, { now: Date.parse("2026-11-24T03:00:00Z") });
          expect(() => JSON.stringify(view)).not.toThrow();
          // Nothing vanishes silently: every Deployment is either a view or reported malformed.
          const deployments = Object.keys(store.objects.Deployment).length;
          expect(
            view.deployments.length + (view.malformed ?? []).filter((m) => m.kind !== "Service" && m.kind !== "diagnosis").length,
          ).toBe(deployments);
          malformedSeen += view.malformed?.length ?? 0;
          viewsOfMutated += view.deployments.length;
        } catch (err) {
          throw new Error(`seed ${seed}, ${kind}: ${(err as Error).stack}`);
        }
      }
    }
    // Broken shapes do reach the views (the fuzzer is not a no-op), and since the views read
    // spec/status through lib/model/wire.ts none of them throws: `malformed` is the safety net,
    // and anything landing there is a reader to harden.
    expect(viewsOfMutated).toBeGreaterThan(0);
    expect(malformedSeen).toBe(0);
  });
});
