import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import net from "node:net";

/** A child started in its own process group so stopping it also stops anything it forked. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ManagedProcess>();
const started: { name: string; pid: number }[] = [];
let hooked = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // Last resort: never leave etcd or the apiserver running when the parent dies.
  process.on("exit", () => {
    for (const p of live) killGroup(p.pid, "SIGKILL");
  });
  // Signals end node without "exit"; unless the program handles them itself (up.ts stops
  // gracefully), kill the groups and exit as the signal would have.
  for (const [sig, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(sig) > 1) return;
      for (const p of live) killGroup(p.pid, "SIGKILL");
      process.exit(code);
    };
    process.on(sig, onSignal);
  }
}

/** Processes this module started whose process group still has a member (should be none after stop()). */
export function strayProcesses(): { name: string; pid: number }[] {
  return started.filter(({ pid }) => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

export function startProcess(
  name: string,
  bin: string,
  args: string[],
  logPath: string,
  env: NodeJS.ProcessEnv = process.env,
): ManagedProcess {
  hookExit();
  const log = createWriteStream(logPath, { flags: "a" });
  const child: ChildProcess = spawn(bin, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${bin}`);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(managed);
      resolve(code ?? signal ?? "unknown");
    });
  });
  const managed: ManagedProcess = {
    name,
    pid,
    logPath,
    exited,
    async stop(graceMs = 5000) {
      killGroup(pid, "SIGTERM");
      const timer = setTimeout(() => killGroup(pid, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // Children of the group leader may outlive it.
      killGroup(pid, "SIGKILL");
    },
  };
  live.add(managed);
  started.push({ name, pid });
  return managed;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns true; rejects with the last error when `proc` exits or `timeoutMs` passes. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; proc?: ManagedProcess; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let exitedWith: number | string | undefined;
  opts.proc?.exited.then((c) => {
    exitedWith = c;
  });
  let last = "";
  for (;;) {
    if (exitedWith !== undefined) throw new Error(`${what}: ${opts.proc?.name} exited (${exitedWith}); see ${opts.proc?.logPath}`);
    try {
      if (await probe()) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${opts.timeoutMs} ms${last ? ` (${last})` : ""}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
