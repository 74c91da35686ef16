import { describe, expect, it } from "vitest";
import type { Lab } from "../labs/schema";
import { storeFromObjects } from "../model/store";
import { deployment, pod, podTemplate, replicaSet } from "@/test/support/model/objects";
import { classNamespaces, classroomRows } from "./classroom";

const step = (id: string, checks: Lab["steps"][number]["checks"]) =>
  ({ id, title: `Step ${id}`, explanation: "x", manifests: [], commands: [], hints: [], checks, solution: [] }) as Lab["steps"][number];

const lab = {
  id: "mini",
  title: "Mini",
  summary: "s",
  dir: "labs/mini",
  manifests: {},
  steps: [
    step("concepts", []),
    step("deploy", [{ deployment: "inference", phase: "Complete" }]),
    step("v2", [{ deployment: "inference", version: "v2", phase: "Complete" }]),
  ],
} as Lab;

/** A learner namespace where `inference` runs `version`, all 3 pods Ready. */
function learner(ns: string, version: string) {
  const tpl = podTemplate({ app: "inference" }, { version });
  const progressing = { status: "True" as const, reason: "NewReplicaSetAvailable", message: "", updatedAgo: 5 };
  const d = deployment({
    name: "inference",
    namespace: ns,
    template: tpl,
    revision: 1,
    status: { replicas: 3, updated: 3, ready: 3, available: 3 },
    progressing,
  });
  const rs = replicaSet({
    deployment: d,
    hash: `h${version}`,
    template: tpl,
    revision: 1,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 60,
  });
  const pods = ["a", "b", "c"].map((s) => pod({ rs, suffix: s, createdAgo: 60, shape: { kind: "ready", startedAgo: 55, readyAgo: 50 } }));
  return [d, rs, ...pods];
}

describe("classroom", () => {
  it("picks learner namespaces by prefix", () => {
    expect(classNamespaces(["student-b", "kube-system", "student-a", "student-a"], "student-")).toEqual(["student-a", "student-b"]);
    expect(classNamespaces(["b", "a"], undefined)).toEqual(["a", "b"]);
  });

  it("reads each learner's lab progress from the cluster state", () => {
    const store = storeFromObjects([...learner("student-a", "v1"), ...learner("student-b", "v2")]);
    const rows = classroomRows(store, {
      namespaces: ["student-a", "student-b", "student-c"],
      lab,
      now: Date.parse("2026-11-24T03:00:00Z"),
    });
    expect(rows.map((r) => [r.namespace, r.lab?.stepsDone, r.lab?.current])).toEqual([
      ["student-a", 1, "Step v2"],
      ["student-b", 2, undefined],
      ["student-c", 0, "Step deploy"],
    ]);
    expect(rows[0]!.deployments).toEqual([{ name: "inference", phase: "Complete", ready: 3, replicas: 3 }]);
    expect(rows[2]!.deployments).toEqual([]);
  });
});
