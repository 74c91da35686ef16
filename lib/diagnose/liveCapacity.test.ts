/**
 * The live capacity and PDB findings on lab-cluster objects (3 nodes of 4 cpu, real kubectl):
 * three pods of 3 cpu fill the nodes, so the NEXT surge rollout would stall (warning), the
 * in-place budget fits (none), and once a surge rollout is applied its new pod is Unschedulable
 * while the old pods hold the room (error). A PDB promising 3 of 3 is broken by the in-place
 * budget (warning); one allowing 1 unavailable is not.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FindingsList } from "@/components/findings/FindingsList";
import { startLabCluster, type LabCluster } from "../labcluster/index";
import { readClusterState } from "../cli/readCluster";
import { loadClusterTarget } from "../kube/config";
import { emptyStore, replaceKind, type Kind, type RawObject } from "../model/store";
import type { Finding } from "../model/types";
import { createLiveRollouts } from "../response";
import { diagnose } from "./diagnose";
import { IN_PLACE, llmManifest, SURGE } from "@/test/support/plan/llm";

let lab: LabCluster;
const NS = "gpu";

function kubectl(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "kubectl",
      [`--kubeconfig=${lab.kubeconfigPath}`, "-n", NS, ...args],
      { timeout: 90_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${stderr}${err.message}`)) : resolve(stdout)),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

const llm = (version: string, budget: string) => llmManifest(version, budget, { gracePeriodSeconds: 5 });

/**
 * The findings of `code` on the cluster as the dashboard's store would hold it: the namespace's
 * workloads, every Node and pod (room is per node), the PDBs; from scratch (diagnose) and live
 * (LiveRollouts over the same store), which must agree.
 */
async function findings(code: string): Promise<Finding[]> {
  const state = await readClusterState(loadClusterTarget({ kubeconfig: lab.kubeconfigPath }).kc, [NS]);
  const kinds: [Kind, readonly RawObject[]][] = [
    ["Deployment", state.deployments],
    ["ReplicaSet", state.replicaSets],
    ["Pod", state.podsOnNodes ?? state.pods],
    ["Node", state.nodes ?? []],
    ["PodDisruptionBudget", state.pdbs ?? []],
  ];
  let store = emptyStore();
  for (const [kind, items] of kinds) store = replaceKind(store, kind, items);
  const now = Date.now();
  const scratch = diagnose(store, { namespace: NS, now }).filter((f) => f.code === code);
  const live = createLiveRollouts(NS);
  live.reset(store);
  expect(live.response(store, now).findings.filter((f) => f.code === code)).toEqual(scratch);
  return scratch;
}

/** How the stage draws one finding: errors loudly (red head), warnings quietly (an amber edge). */
function drawn(f: Finding): string {
  const html = renderToStaticMarkup(createElement(FindingsList, { findings: [f] }));
  return /<li class="([^"]+)" data-code="SurgeDoesNotFit"/.exec(html)?.[1] ?? html;
}

beforeAll(async () => {
  lab = await startLabCluster({ timeScale: 20, kubeconfigOut: join(mkdtempSync(join(tmpdir(), "live-risks-")), "kubeconfig") });
  await kubectl(["create", "namespace", NS]).catch(() => "");
  await kubectl(["apply", "-f", "-"], llm("v1", SURGE));
  await kubectl(["rollout", "status", "deployment/llm", "--timeout=60s"]);
});
afterAll(async () => {
  await lab?.stop();
});

describe("live SurgeDoesNotFit", () => {
  it("warns that the next surge rollout would stall on the full nodes; no error while nothing rolls", async () => {
    const [f, ...more] = await findings("SurgeDoesNotFit");
    expect(more).toEqual([]);
    expect(f).toMatchObject({
      code: "SurgeDoesNotFit",
      severity: "warning",
      object: { kind: "Deployment", namespace: NS, name: "llm" },
      fix: `kubectl patch deployment/llm -n ${NS} -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":1}}}}'`,
    });
    expect(f?.message).toMatch(/^The next rollout of deployment llm will stall: its first surge pod fits no node \(short of cpu\)/);
    expect(f?.evidence[0]).toBe("one new pod requests 3 cpu; none of the 3 node(s) it may run on has that much cpu free");
    expect(drawn(f!)).toBe("finding finding-warning");
  });
  it("is quiet with the in-place budget (maxSurge 0 / maxUnavailable 1)", async () => {
    await kubectl(["apply", "-f", "-"], llm("v1", IN_PLACE));
    expect(await findings("SurgeDoesNotFit")).toEqual([]);
  });
  it("is an error once a surge rollout is stalled on it: the new pod Unschedulable, the old pods holding the room", async () => {
    await kubectl(["apply", "-f", "-"], llm("v2", SURGE));
    let f: Finding | undefined;
    for (let i = 0; i < 100 && f?.severity !== "error"; i++) {
      f = (await findings("SurgeDoesNotFit"))[0];
      if (f?.severity !== "error") await new Promise((r) => setTimeout(r, 100));
    }
    expect(f).toMatchObject({ code: "SurgeDoesNotFit", severity: "error" });
    expect(f?.message).toMatch(
      /^The rollout of deployment llm is stalled on room: 1 new pod\(s\) fit no node \(short of cpu\) while 3 old pod\(s\) hold it/,
    );
    expect(f?.evidence[0]).toMatch(/^pod\/llm-\S+ is Pending: 0\/3 nodes are available: 3 Insufficient cpu/);
    expect(drawn(f!)).toBe("finding finding-error");
  });
});

describe("live RolloutBelowDisruptionBudget", () => {
  it("warns when the budget goes below a PDB's minAvailable, not when the PDB allows one unavailable", async () => {
    await kubectl(["apply", "-f", "-"], llm("v1", IN_PLACE));
    await kubectl(
      ["apply", "-f", "-"],
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: llm}\nspec: {minAvailable: 3, selector: {matchLabels: {app: llm}}}\n",
    );
    expect((await findings("RolloutBelowDisruptionBudget")).map((f) => `${f.severity}:${f.object.name}`)).toEqual(["warning:llm"]);
    await kubectl(
      ["apply", "-f", "-"],
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: llm}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: llm}}}\n",
    );
    expect(await findings("RolloutBelowDisruptionBudget")).toEqual([]);
  });
});
