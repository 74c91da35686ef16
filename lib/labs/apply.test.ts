import { describe, expect, it } from "vitest";
import { applyPlan } from "./applyPlan";
import { applyPermission, sameOrigin } from "./applyPolicy";
import { runPlan, type Exec } from "./applyRun";
import { outcomeLine } from "./outcomeLine";
import type { LabStep } from "./schema";

const step: LabStep = {
  id: "bad-rollout",
  title: "t",
  explanation: "e",
  manifests: ["manifests/inference-v3.yaml"],
  commands: [
    { run: "kubectl set env deployment/inference -n {ns} VERSION=v2" },
    { run: "kubectl rollout status deployment/inference -n {ns}", observe: true, expect: "failure" },
    { run: `kubectl patch service inference -n {ns} -p '{"spec":{"selector":{"color":"green"}}}'` },
  ],
  hints: [],
  checks: [],
  solution: [{ run: "kubectl rollout undo deployment/inference -n {ns}" }],
  diagram: false,
};

describe("applyPlan", () => {
  it("creates the namespace, applies manifests, runs change commands; skips observe-only ones", () => {
    const plan = applyPlan("labs/rollout", step, "team-a");
    expect(plan.map((p) => p.display)).toEqual([
      "kubectl create namespace team-a",
      "kubectl apply -n team-a -f labs/rollout/manifests/inference-v3.yaml",
      "kubectl set env deployment/inference -n team-a VERSION=v2",
      `kubectl patch service inference -n team-a -p '{"spec":{"selector":{"color":"green"}}}'`,
    ]);
    expect(plan[3].args).toEqual(["patch", "service", "inference", "-n", "team-a", "-p", '{"spec":{"selector":{"color":"green"}}}']);
    expect(plan[0]).toMatchObject({ expect: "success", source: "namespace" });
  });

  it("adds the solution only when asked", () => {
    expect(applyPlan("labs/rollout", step, "ns").some((p) => p.source === "solution")).toBe(false);
    expect(applyPlan("labs/rollout", step, "ns", { solution: true }).at(-1)).toMatchObject({
      source: "solution",
      display: "kubectl rollout undo deployment/inference -n ns",
    });
  });
});

describe("runPlan", () => {
  it("passes cluster flags, runs in order and stops at the first unexpected exit status", async () => {
    const calls: string[][] = [];
    const exec: Exec = async (_file, args) => {
      calls.push(args);
      const failing = args.includes("env");
      return { exitCode: failing ? 1 : 0, stdout: "", stderr: failing ? "boom" : "" };
    };
    const r = await runPlan(applyPlan("labs/rollout", step, "ns"), {
      cwd: "/repo",
      kubeconfig: "/k",
      context: "lab",
      server: "https://k:6443",
      exec,
    });
    expect(r.ok).toBe(false);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual(["--kubeconfig=/k", "--context=lab", "--server=https://k:6443", "create", "namespace", "ns"]);
    expect(r.outcomes.at(-1)).toMatchObject({
      display: "kubectl set env deployment/inference -n ns VERSION=v2",
      exitCode: 1,
      stderr: "boom",
      ok: false,
    });
  });

  it("counts an existing namespace as success and says so; a forbidden one stops the plan", async () => {
    const exists: Exec = async (_f, args) =>
      args.includes("namespace")
        ? { exitCode: 1, stdout: "", stderr: 'Error from server (AlreadyExists): namespaces "ns" already exists\n' }
        : { exitCode: 0, stdout: "ok", stderr: "" };
    const r = await runPlan(applyPlan("labs/rollout", step, "ns"), { cwd: "/", exec: exists });
    expect(r.ok).toBe(true);
    expect(r.outcomes[0]).toMatchObject({ ok: true, exitCode: 1, note: "namespace already exists" });
    expect(outcomeLine(r.outcomes[0]!)).toBe("✓ namespace already exists");
    const forbidden: Exec = async () => ({
      exitCode: 1,
      stdout: "",
      stderr: 'Error from server (Forbidden): namespaces is forbidden: User "x" cannot create\nmore',
    });
    const f = await runPlan(applyPlan("labs/rollout", step, "ns"), { cwd: "/", exec: forbidden });
    expect(f).toMatchObject({ ok: false, outcomes: [{ ok: false }] });
    expect(outcomeLine(f.outcomes[0]!)).toBe('✖ Error from server (Forbidden): namespaces is forbidden: User "x" cannot create');
  });

  it("shows ✓ only on exit 0; an expected failure is ✖ with its reason", () => {
    const base = { stdout: "", stderr: "", expect: "success" as const, ok: true };
    expect(outcomeLine({ ...base, exitCode: 0 })).toBe("✓ done");
    expect(outcomeLine({ ...base, exitCode: 1, expect: "failure", stderr: "error: timed out waiting\n" })).toBe(
      "✖ failed, as the step expects: error: timed out waiting",
    );
    expect(outcomeLine({ ...base, exitCode: 1, ok: false })).toBe("✖ exit 1");
  });

  it("treats an expected failure as success", async () => {
    const exec: Exec = async () => ({ exitCode: 1, stdout: "", stderr: "" });
    const r = await runPlan([{ display: "x", args: ["rollout", "status"], expect: "failure", source: "command" }], { cwd: "/", exec });
    expect(r).toMatchObject({ ok: true, outcomes: [{ ok: true, exitCode: 1 }] });
  });
});

describe("applyPermission", () => {
  it("allows the lab cluster or an explicit flag, nothing else", () => {
    expect(applyPermission({ ROLLSCOPE_LAB: "1" }).allowed).toBe(true);
    expect(applyPermission({ ROLLSCOPE_ALLOW_APPLY: "1" }).allowed).toBe(true);
    expect(applyPermission({ ROLLSCOPE_LAB: "", ROLLSCOPE_ALLOW_APPLY: "true" }).allowed).toBe(false);
    expect(applyPermission({}).reason).toMatch(/ROLLSCOPE_ALLOW_APPLY=1/);
  });
});

describe("sameOrigin", () => {
  const h = (m: Record<string, string>) => new Headers(m);
  it("requires Origin equal to Host and no cross-site fetch metadata", () => {
    expect(sameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(sameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(sameOrigin(h({ host: "127.0.0.1:3000" }))).toBe(false);
    expect(sameOrigin(h({ host: "127.0.0.1:3000", origin: "http://evil.example" }))).toBe(false);
    expect(sameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(sameOrigin(h({ host: "a", origin: "not a url" }))).toBe(false);
  });
});
