/**
 * Runs an apply plan with real kubectl against the dashboard's cluster. No shell: argv goes to
 * execFile, and every argument came from a validated lab file plus a validated namespace.
 */
import { execFile } from "node:child_process";
import type { PlannedCommand } from "./applyPlan";

export interface CommandOutcome {
  display: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  expect: PlannedCommand["expect"];
  ok: boolean;
  /** Why a non-zero exit still counts as success ("namespace already exists"). */
  note?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type Exec = (file: string, args: string[], opts: { cwd: string; timeoutMs: number }) => Promise<ExecResult>;

export interface RunOptions {
  /** Where `labs/…` paths resolve. */
  cwd: string;
  kubeconfig?: string;
  context?: string;
  /**
   * The API server the dashboard reads. Passed as --server so Apply changes exactly the cluster
   * on screen, even if the kubeconfig file was rewritten since (several lab clusters on one host).
   */
  server?: string;
  /** Per command; a triage setup waits on `rollout status`. */
  timeoutMs?: number;
  exec?: Exec;
}

export const execKubectl: Exec = (file, args, opts) =>
  new Promise((resolve) => {
    execFile(file, args, { cwd: opts.cwd, timeout: opts.timeoutMs, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ exitCode: code, stdout: String(stdout), stderr: String(stderr || (err && code !== 0 && !stderr ? err.message : "")) });
    });
  });

function expected(expect: PlannedCommand["expect"], exitCode: number): boolean {
  return expect === "any" || (expect === "success" ? exitCode === 0 : exitCode !== 0);
}

/** `kubectl create namespace` of one that exists: the state the step wants, so success. */
function alreadyThere(p: PlannedCommand, r: ExecResult): string | undefined {
  return p.source === "namespace" && r.exitCode !== 0 && /AlreadyExists|already exists/.test(r.stderr)
    ? "namespace already exists"
    : undefined;
}

/** Runs the plan in order and stops at the first command whose exit status is not the expected one. */
export async function runPlan(plan: PlannedCommand[], opts: RunOptions): Promise<{ ok: boolean; outcomes: CommandOutcome[] }> {
  const exec = opts.exec ?? execKubectl;
  const clusterFlags = [
    ...(opts.kubeconfig ? [`--kubeconfig=${opts.kubeconfig}`] : []),
    ...(opts.context ? [`--context=${opts.context}`] : []),
    ...(opts.server ? [`--server=${opts.server}`] : []),
  ];
  const outcomes: CommandOutcome[] = [];
  for (const p of plan) {
    const r = await exec("kubectl", [...clusterFlags, ...p.args], { cwd: opts.cwd, timeoutMs: opts.timeoutMs ?? 240_000 });
    const note = alreadyThere(p, r);
    const ok = note !== undefined || expected(p.expect, r.exitCode);
    outcomes.push({
      display: p.display,
      exitCode: r.exitCode,
      stdout: r.stdout,
      stderr: r.stderr,
      expect: p.expect,
      ok,
      ...(note ? { note } : {}),
    });
    if (!ok) return { ok: false, outcomes };
  }
  return { ok: true, outcomes };
}
