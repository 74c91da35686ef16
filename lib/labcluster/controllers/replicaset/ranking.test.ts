import { describe, expect, it } from "vitest";
import type { KObj } from "../../types";
import type { Pod } from "../../kinds";
import { podsToDelete } from "./ranking";

const NOW = Date.UTC(2026, 0, 1, 12);
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString().replace(/\.\d{3}Z$/, "Z");

function pod(
  name: string,
  o: { node?: string; phase?: string; ready?: boolean; readyAgo?: number; cost?: number; restarts?: number; createdAgo?: number } = {},
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: iso(o.createdAgo ?? 3_600_000),
      ...(o.cost !== undefined ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": String(o.cost) } } : {}),
    },
    spec: o.node === "" ? {} : { nodeName: o.node ?? "n1" },
    status: {
      phase: o.phase ?? "Running",
      conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True", lastTransitionTime: iso(o.readyAgo ?? 1_800_000) }],
      containerStatuses: [{ name: "app", restartCount: o.restarts ?? 0 }],
    },
  };
}

const names = (pods: KObj[]) => pods.map((p) => p.metadata.name);

describe("podsToDelete (ActivePodsWithRanks)", () => {
  it("orders unscheduled, Pending, Unknown, NotReady before Running Ready pods", () => {
    const pods = [
      pod("ready"),
      pod("unknown", { phase: "Unknown" }),
      pod("notready", { ready: false }),
      pod("pending", { phase: "Pending", ready: false }),
      pod("unscheduled", { node: "", phase: "Pending", ready: false }),
    ];
    expect(names(podsToDelete(pods, pods, 4, NOW))).toEqual(["unscheduled", "pending", "unknown", "notready"]);
  });

  it("prefers a lower pod-deletion-cost, then pods doubled up on a node", () => {
    const pods = [
      pod("cheap-alone", { node: "a", cost: -5 }),
      pod("dear", { node: "b", cost: 10 }),
      pod("doubled", { node: "b" }),
      pod("alone", { node: "c" }),
    ];
    expect(names(podsToDelete(pods, pods, 3, NOW))).toEqual(["cheap-alone", "doubled", "alone"]);
  });

  it("then the more recently Ready (in power-of-two age buckets), more restarts, newer", () => {
    const recent = pod("ready-1m", { readyAgo: 60_000 });
    const old = pod("ready-1h", { readyAgo: 3_600_000 });
    expect(names(podsToDelete([old, recent], [], 1, NOW))).toEqual(["ready-1m"]);
    const restarts = [pod("calm"), pod("crashy", { restarts: 4 })];
    expect(names(podsToDelete(restarts, [], 1, NOW))).toEqual(["crashy"]);
    const ages = [pod("old", { createdAgo: 7_200_000 }), pod("new", { createdAgo: 60_000 })];
    expect(names(podsToDelete(ages, [], 1, NOW))).toEqual(["new"]);
  });

  it("returns every pod when asked for all of them", () => {
    const pods = [pod("a"), pod("b")];
    expect(podsToDelete(pods, pods, 5, NOW)).toHaveLength(2);
  });
});
