// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { DeploymentView, PodView, ReplicaSetView } from "@/lib/model";
import { stageSvg } from "./stageSvg";

const pod = (name: string, state: PodView["state"]): PodView => ({
  uid: name,
  name,
  namespace: "lab",
  state,
  ready: state === "Ready",
  available: state === "Ready",
  restarts: 0,
});
const rs = (revision: number, isNew: boolean, pods: PodView[]): ReplicaSetView =>
  ({
    uid: `rs${revision}`,
    name: `inference-${revision}`,
    revision,
    revisionHistory: [],
    isNew,
    image: "busybox:1.36",
    version: `v${revision}`,
    desired: pods.length,
    current: pods.length,
    ready: pods.filter((p) => p.ready).length,
    available: 0,
    terminating: 0,
    pods,
  }) as ReplicaSetView;

const view = {
  name: "inference<script>",
  namespace: "lab",
  strategy: "RollingUpdate",
  replicas: 3,
  maxSurge: 1,
  maxUnavailable: 0,
  phase: "Progressing",
  phaseReason: "ReplicaSetUpdated",
  rolloutStatus: 'Waiting for deployment "inference" rollout to finish: 1 out of 3 new replicas have been updated...',
  budget: { totalPods: 4, maxTotal: 4, surgeUsed: 1, available: 3, minAvailable: 3, unavailableUsed: 0 },
  replicaSets: [rs(1, false, [pod("a", "Ready"), pod("b", "Ready"), pod("c", "Ready")]), rs(2, true, [pod("d", "RunningNotReady")])],
} as unknown as DeploymentView;

describe("stageSvg", () => {
  it("is a well-formed SVG with one lane per ReplicaSet and one glyph per pod", () => {
    const doc = new DOMParser().parseFromString(stageSvg(view), "image/svg+xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    expect(doc.documentElement.tagName.toLowerCase()).toBe("svg");
    expect([...doc.querySelectorAll("[data-revision]")].map((g) => g.getAttribute("data-revision"))).toEqual(["1", "2"]);
    expect([...doc.querySelectorAll("[data-state]")].map((g) => g.getAttribute("data-state"))).toEqual([
      "Ready",
      "Ready",
      "Ready",
      "RunningNotReady",
    ]);
  });
  it("escapes hostile names instead of emitting markup", () => {
    const svg = stageSvg(view);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("inference&lt;script&gt;");
  });
});
