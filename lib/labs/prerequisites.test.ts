import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { labNamespace, namespaceForLab } from "./labNamespace";
import { loadLab } from "./load";
import { commandObjects, existsInView, missingPrerequisites, stepNeeds, type ObjectName } from "./prerequisites";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const rollout = loadLab("rollout", { repoRoot });
const canary = loadLab("canary", { repoRoot });
const index = (id: string) => rollout.steps.findIndex((s) => s.id === id);
const present =
  (...names: ObjectName[]) =>
  (o: ObjectName) =>
    names.includes(o);

describe("commandObjects", () => {
  it("reads kind/name and kind name, in every spelling kubectl accepts", () => {
    expect(commandObjects("kubectl set env deployment/inference -n {ns} VERSION=v2")).toEqual(["deployment/inference"]);
    expect(commandObjects("kubectl patch service inference -n {ns} -p '{}'")).toEqual(["service/inference"]);
    expect(commandObjects("kubectl scale deploy/reranker-canary -n {ns} --replicas=0")).toEqual(["deployment/reranker-canary"]);
  });
  it("needs nothing for a delete or a label query", () => {
    expect(commandObjects("kubectl delete deployment inference -n {ns}")).toEqual([]);
    expect(commandObjects("kubectl get pods -n {ns} -l app=inference")).toEqual([]);
  });
});

describe("missingPrerequisites", () => {
  it("sends a learner who jumped to the rolling update back to step 1, which creates the Deployment", () => {
    const missing = missingPrerequisites(rollout, index("rolling-update"), present());
    expect(missing.map((m) => m.message)).toContain("Run step 1 first: it creates deployment/inference.");
    expect(missing.find((m) => m.object === "deployment/inference")?.step?.id).toBe("concepts");
  });
  it("is empty once the objects exist, and for a step that creates what it checks", () => {
    expect(missingPrerequisites(rollout, index("rolling-update"), present("deployment/inference", "service/inference"))).toEqual([]);
    expect(missingPrerequisites(rollout, 0, present())).toEqual([]);
    expect(stepNeeds(rollout, rollout.steps[index("triage-rolling")]!)).not.toContain("deployment/summarizer");
  });
  it("names the canary step's Service from the stable step", () => {
    const missing = missingPrerequisites(canary, 1, present());
    expect(missing.map((m) => m.message)).toContain("Run step 1 first: it creates service/inference.");
  });
});

describe("lab namespaces", () => {
  it("proposes the lab's own namespace for all namespaces, default, or another lab's", () => {
    expect(labNamespace("rollout")).toBe("rollout-lab");
    expect(namespaceForLab("rollout", undefined)).toBe("rollout-lab");
    expect(namespaceForLab("rollout", "default")).toBe("rollout-lab");
    expect(namespaceForLab("rollout", "canary-lab")).toBe("rollout-lab");
    expect(namespaceForLab("rollout", "team-a")).toBe("team-a");
  });
});

describe("existsInView", () => {
  it("finds Deployments and Services of the namespace only", async () => {
    const { deployment, response, service } = await import("@/test/support/labs/fixtures");
    const view = response({ deployments: [deployment({ name: "inference" })], services: [service({ name: "inference" })] });
    const ns = view.deployments[0]!.namespace;
    expect(existsInView(view, ns)("deployment/inference")).toBe(true);
    expect(existsInView(view, ns)("service/inference")).toBe(true);
    expect(existsInView(view, "elsewhere")("deployment/inference")).toBe(false);
  });
});
