import { describe, expect, it } from "vitest";
import { completeV2, finding, midRollout, response } from "@/test/support/labs/fixtures";
import type { Lab } from "./schema";
import { walkLab, type WalkIO } from "./walk";

const lab: Lab = {
  id: "demo",
  title: "Demo",
  summary: "s",
  dir: "labs/demo",
  manifests: {},
  steps: [
    {
      id: "roll",
      title: "Roll",
      explanation: "e",
      manifests: ["manifests/app.yaml"],
      commands: [
        { run: "kubectl set env deployment/inference -n {ns} VERSION=v2" },
        { run: "kubectl rollout status deployment/inference -n {ns}", observe: true },
      ],
      hints: [],
      checks: [{ deployment: "inference", phase: "Complete", version: "v2" }],
      solution: [],
    },
    {
      id: "triage",
      title: "Triage",
      explanation: "e",
      manifests: [],
      commands: [],
      hints: [],
      checks: [{ finding: "CrashLoop", absent: true }],
      solution: [{ run: "kubectl scale deployment/inference -n {ns} --replicas=0" }],
      diagnosis: { finding: "CrashLoop", object: "inference" },
    },
  ],
};

function fakeIO(views: (ran: string[][]) => ReturnType<typeof response>, exit: (args: string[]) => number = () => 0) {
  const ran: string[][] = [];
  const log: string[] = [];
  const io: WalkIO = {
    kubectl: async (args) => {
      ran.push(args);
      return { code: exit(args), output: "" };
    },
    view: async () => views(ran),
    sleep: async () => {},
    log: (l) => log.push(l),
  };
  return { io, ran, log };
}

describe("walkLab", () => {
  it("applies, runs every command with the namespace, waits for checks, then diagnoses and fixes", async () => {
    const crashing = completeV2();
    crashing.findings.push(finding({ code: "CrashLoop" }));
    const { io, ran } = fakeIO((r) => (r.length < 3 ? midRollout() : r.some((a) => a[0] === "scale") ? completeV2() : crashing));
    const out = await walkLab(io, lab, { namespace: "lab", polls: 5, pollMs: 0 });
    expect(out.map((o) => [o.step, o.ok])).toEqual([
      ["roll", true],
      ["triage", true],
    ]);
    expect(ran).toEqual([
      ["apply", "-n", "lab", "-f", "labs/demo/manifests/app.yaml"],
      ["set", "env", "deployment/inference", "-n", "lab", "VERSION=v2"],
      ["rollout", "status", "deployment/inference", "-n", "lab"],
      ["scale", "deployment/inference", "-n", "lab", "--replicas=0"],
    ]);
  });

  it("stops at a command with an unexpected exit status", async () => {
    const { io, ran } = fakeIO(
      () => completeV2(),
      (args) => (args[0] === "set" ? 1 : 0),
    );
    const out = await walkLab(io, lab, { namespace: "lab", polls: 2, pollMs: 0 });
    expect(out).toHaveLength(1);
    expect(out[0].problem).toMatch(/^"kubectl set env deployment\/inference -n lab VERSION=v2" exited 1, expected success/);
    expect(ran).toHaveLength(2);
  });

  it("reports checks that never pass and a diagnosis that never appears", async () => {
    const stuck = await walkLab(fakeIO(() => midRollout()).io, lab, { namespace: "lab", polls: 2, pollMs: 0 });
    expect(stuck[0]).toMatchObject({ ok: false, problem: "checks did not pass" });
    expect(stuck[0].checks[0].observed).toContain("want Complete");
    const healthy = await walkLab(fakeIO(() => completeV2()).io, lab, { namespace: "lab", polls: 2, pollMs: 0, steps: ["triage"] });
    expect(healthy).toEqual([{ step: "triage", ok: false, problem: "never diagnosed CrashLoop on inference", checks: [] }]);
  });
});
