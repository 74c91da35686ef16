import { parseScript, type Program, type Statement, type Step } from "./script";
import type { SimFs } from "./sim-fs";

/**
 * The interpreter: runs a parsed program against a simulated filesystem until it blocks. It is
 * synchronous and never reads a clock; the caller owns time (a sleep comes back as "wait this long,
 * then call `run` again"), so the same code drives container processes and instant probe checks.
 */
export interface Shell {
  /** Grows when a trap's action is spliced in at `pc`. */
  readonly steps: Step[];
  /** Next step to run. */
  pc: number;
  /** `$?`. */
  status: number;
  /** Where the script ends: the end of the steps, or just after an `exec`. */
  end: number;
  /** Remaining ms of the longest background job (`cmd &`), Infinity for one that never ends. */
  background: number;
  /** What failing commands printed to stderr (exec probe failures show it). */
  readonly stderr: string[];
  /** The SIGTERM trap's action, if one is set (see `trap`). */
  trapTerm: string | undefined;
}

/** Why `run` returned. `interruptible`: blocked in the `wait` builtin, which a trapped signal interrupts. */
export type Blocked =
  | { kind: "sleep"; ms: number; interruptible?: boolean }
  | { kind: "forever"; why: string; interruptible?: boolean }
  | { kind: "exit"; code: number };

export function newShell(program: Program): Shell {
  const steps =
    program.kind === "script"
      ? [...program.steps]
      : [{ connector: ";" as const, stmt: { kind: "forever" as const, why: program.why }, background: false, exec: false }];
  return { steps, pc: 0, status: 0, end: steps.length, background: 0, stderr: [], trapTerm: undefined };
}

/** Runs until the script sleeps, blocks forever or exits. Mutates `sh` and `fs`. */
export function run(sh: Shell, fs: SimFs): Blocked {
  while (sh.pc < sh.end) {
    const step = sh.steps[sh.pc++];
    if (step.connector === "&&" && sh.status !== 0) continue;
    if (step.connector === "||" && sh.status === 0) continue;
    if (step.exec) sh.end = sh.pc;
    if (step.redirectTo) fs.write(step.redirectTo, 1);
    if (step.background) {
      sh.background = Math.max(sh.background, backgroundLength(step.stmt, sh, fs));
      sh.status = 0;
      continue;
    }
    const blocked = exec(step.stmt, sh, fs);
    if (blocked) return blocked;
  }
  return { kind: "exit", code: sh.status };
}

/**
 * Delivers SIGTERM's trap: the action's statements run next (sh runs a trap between commands),
 * and `$?` is 143 as after an interrupted `wait`. False when no trap is set: for PID 1 the
 * signal is then ignored.
 */
export function runTrap(sh: Shell): boolean {
  if (!sh.trapTerm) return false;
  const action = parseScript(sh.trapTerm);
  const steps = action.kind === "script" ? action.steps : [];
  sh.steps.splice(sh.pc, 0, ...steps);
  sh.end += steps.length;
  sh.status = 143;
  return true;
}

/** Lets background jobs age by `ms` (called by whoever slept). */
export function elapse(sh: Shell, ms: number): void {
  sh.background = Math.max(0, sh.background - ms);
}

function exec(stmt: Statement, sh: Shell, fs: SimFs): Blocked | undefined {
  switch (stmt.kind) {
    case "sleep":
      sh.status = 0;
      return stmt.ms > 0 ? { kind: "sleep", ms: stmt.ms } : undefined;
    case "forever":
      return { kind: "forever", why: stmt.why };
    case "wait":
      sh.status = 0;
      if (sh.background === Infinity) return { kind: "forever", why: "wait for a background job that never ends", interruptible: true };
      return sh.background > 0 ? { kind: "sleep", ms: sh.background, interruptible: true } : undefined;
    case "trap":
      sh.trapTerm = stmt.action;
      sh.status = 0;
      return undefined;
    case "exit":
      return { kind: "exit", code: stmt.code < 0 ? sh.status : stmt.code };
    case "status":
      sh.status = stmt.code;
      return undefined;
    case "touch":
      for (const p of stmt.paths) fs.touch(p);
      sh.status = 0;
      return undefined;
    case "rm": {
      sh.status = 0;
      for (const p of stmt.paths) {
        if (!fs.remove(p) && !stmt.force) {
          sh.stderr.push(
            fs.userland === "busybox"
              ? `rm: can't remove '${p}': No such file or directory`
              : `rm: cannot remove '${p}': No such file or directory`,
          );
          sh.status = 1;
        }
      }
      return undefined;
    }
    case "read": {
      sh.status = 0;
      for (const p of stmt.paths) {
        if (fs.exists(p)) continue;
        sh.stderr.push(fs.userland === "busybox" ? busyboxMissing(stmt.cmd, p) : missingMessage(stmt.cmd, p));
        sh.status = stmt.cmd === "ls" ? 2 : 1;
      }
      return undefined;
    }
    case "test": {
      const ok = testFile(stmt.flag, stmt.path, fs);
      sh.status = ok !== stmt.negate ? 0 : 1;
      return undefined;
    }
  }
}

function backgroundLength(stmt: Statement, sh: Shell, fs: SimFs): number {
  if (stmt.kind === "sleep") return stmt.ms;
  if (stmt.kind === "forever") return Infinity;
  // Instant commands in the background still take effect (`touch /tmp/x &`).
  exec(stmt, sh, fs);
  return 0;
}

function testFile(flag: "-f" | "-e" | "-d" | "-s", path: string, fs: SimFs): boolean {
  switch (flag) {
    case "-f":
      return fs.isFile(path);
    case "-e":
      return fs.exists(path);
    case "-d":
      return fs.isDir(path);
    case "-s":
      return fs.size(path) > 0;
  }
}

// GNU coreutils wording, what most images (debian, ubuntu, python) print.
function missingMessage(cmd: "cat" | "ls" | "stat" | "head" | "tail", p: string): string {
  switch (cmd) {
    case "cat":
      return `cat: ${p}: No such file or directory`;
    case "ls":
      return `ls: cannot access '${p}': No such file or directory`;
    case "stat":
      return `stat: cannot statx '${p}': No such file or directory`;
    case "head":
      return `head: cannot open '${p}' for reading: No such file or directory`;
    case "tail":
      return `tail: cannot open '${p}' for reading: No such file or directory`;
  }
}

// BusyBox wording (busybox and alpine images).
function busyboxMissing(cmd: "cat" | "ls" | "stat" | "head" | "tail", p: string): string {
  switch (cmd) {
    case "cat":
    case "tail":
      return `${cmd}: can't open '${p}': No such file or directory`;
    case "stat":
      return `stat: can't stat '${p}': No such file or directory`;
    case "ls":
    case "head":
      return `${cmd}: ${p}: No such file or directory`;
  }
}

/**
 * Runs a program to completion without waiting (exec probes): sleeps add up instead of blocking.
 * Returns the exit code, what it printed on failure, and how long it would have taken. A command
 * the lab does not interpret counts as succeeding at once.
 */
export function runInstantly(program: Program, fs: SimFs): { code: number; stderr: string; ms: number } {
  const sh = newShell(program);
  let ms = 0;
  for (;;) {
    const b = run(sh, fs);
    if (b.kind === "exit") return { code: b.code, stderr: sh.stderr.join("\n"), ms };
    // Commands the lab does not interpret are taken to succeed (see README.md).
    if (b.kind === "forever") return { code: 0, stderr: "", ms };
    ms += b.ms;
    elapse(sh, b.ms);
  }
}
