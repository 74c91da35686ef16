/**
 * Walks a lab against a cluster the way a learner would: apply each step's manifests, run its
 * commands (observe ones too, held to their expected exit status), wait for a Triage Day step's
 * diagnosis, run its fix, then wait for every check to pass. I/O is passed in, so the same walk
 * runs against kubectl + any cluster (labs/walk.ts) and against fakes in tests.
 */
import { evaluateCheck, evaluateChecks, type CheckResult } from "./checks";
import { commandArgv, manifestApplyCommand, renderCommand } from "./commands";
import type { Lab, LabCommand, LabStep } from "./schema";
import type { RolloutsResponse } from "@/lib/model/types";

export interface WalkIO {
  /** Runs kubectl with these arguments (no leading "kubectl"). */
  kubectl(args: string[]): Promise<{ code: number; output: string }>;
  /** The RolloutsResponse for the namespace now. */
  view(): Promise<RolloutsResponse>;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

export interface WalkOptions {
  namespace: string;
  /** How long to wait for a diagnosis or for the checks, in polls of `pollMs`. */
  polls?: number;
  pollMs?: number;
  /** Only these step ids (default all). */
  steps?: string[];
}

export interface StepOutcome {
  step: string;
  ok: boolean;
  /** Why it failed: a command's unexpected exit, a missing diagnosis, or checks that never passed. */
  problem?: string;
  checks: CheckResult[];
}

async function runCommand(io: WalkIO, cmd: LabCommand, ns: string): Promise<string | undefined> {
  const r = await io.kubectl(commandArgv(cmd.run, ns).slice(1));
  const expect = cmd.expect ?? "success";
  const ok = expect === "any" || (expect === "success" ? r.code === 0 : r.code !== 0);
  io.log(`$ ${renderCommand(cmd.run, ns)}  → exit ${r.code}${ok ? "" : ` (expected ${expect})`}`);
  return ok
    ? undefined
    : `"${renderCommand(cmd.run, ns)}" exited ${r.code}, expected ${expect}: ${r.output.trim().split("\n").slice(-2).join(" / ")}`;
}

async function walkStep(io: WalkIO, lab: Lab, step: LabStep, opts: Required<Omit<WalkOptions, "steps">>): Promise<StepOutcome> {
  const ns = opts.namespace;
  const fail = (problem: string, checks: CheckResult[] = []): StepOutcome => ({ step: step.id, ok: false, problem, checks });
  for (const m of step.manifests) {
    const problem = await runCommand(io, { run: manifestApplyCommand(lab.dir, m) }, ns);
    if (problem) return fail(problem);
  }
  for (const c of step.commands) {
    const problem = await runCommand(io, c, ns);
    if (problem) return fail(problem);
  }
  if (step.diagnosis) {
    const want = { finding: step.diagnosis.finding, object: step.diagnosis.object };
    let seen = false;
    for (let i = 0; i < opts.polls && !seen; i++) {
      seen = evaluateCheck(want, await io.view(), ns).pass;
      if (!seen) await io.sleep(opts.pollMs);
    }
    if (!seen) return fail(`never diagnosed ${want.finding} on ${want.object}`);
    io.log(`diagnosed ${want.finding} on ${want.object}`);
    for (const c of step.solution) {
      const problem = await runCommand(io, c, ns);
      if (problem) return fail(problem);
    }
  }
  let checks: CheckResult[] = [];
  for (let i = 0; i < opts.polls; i++) {
    checks = evaluateChecks(step.checks, await io.view(), ns);
    if (checks.every((c) => c.pass)) return { step: step.id, ok: true, checks };
    await io.sleep(opts.pollMs);
  }
  return fail("checks did not pass", checks);
}

/** Walks the lab's steps in order; stops at the first step that fails. */
export async function walkLab(io: WalkIO, lab: Lab, opts: WalkOptions): Promise<StepOutcome[]> {
  const full = { namespace: opts.namespace, polls: opts.polls ?? 240, pollMs: opts.pollMs ?? 1000 };
  const outcomes: StepOutcome[] = [];
  for (const step of lab.steps) {
    if (opts.steps && !opts.steps.includes(step.id)) continue;
    io.log(`— ${step.id}: ${step.title}`);
    const outcome = await walkStep(io, lab, step, full);
    for (const c of outcome.checks) io.log(`  ${c.pass ? "✓" : "○"} ${c.label} — now: ${c.observed}`);
    outcomes.push(outcome);
    if (!outcome.ok) break;
  }
  return outcomes;
}
