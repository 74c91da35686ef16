/**
 * Runs `rollscope serve` (the real CLI: Next.js production build, process hub, routes) as a
 * child process against a lab cluster's kubeconfig, so its RSS and CPU can be read from /proc.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = fileURLToPath(new URL("../../bin/rollscope.mjs", import.meta.url));

export interface Dashboard {
  url: string;
  pid: number;
  /** Spawn → "rollscope serving" (includes the initial list of every kind). */
  startupMs: number;
  /** Date.now() when it said it was serving. */
  readyAt: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

/** The line of a failed start that says why: the last one naming an error, else the last line. */
function why(log: string): string {
  const lines = log
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return [...lines].reverse().find((l) => /error|Error|ERR_/.test(l)) ?? lines[lines.length - 1] ?? "";
}

/**
 * Starts `rollscope serve`, retrying once after 5 s: in a tree other people are editing, a start
 * can meet a half-written file.
 */
export async function startDashboard(
  kubeconfig: string,
  namespace: string,
  timeoutMs = 120_000,
  env: Record<string, string> = {},
): Promise<Dashboard> {
  try {
    return await startOnce(kubeconfig, namespace, timeoutMs, env);
  } catch {
    await new Promise((ok) => setTimeout(ok, 5000));
    return startOnce(kubeconfig, namespace, timeoutMs, env);
  }
}

async function startOnce(kubeconfig: string, namespace: string, timeoutMs: number, extraEnv: Record<string, string>): Promise<Dashboard> {
  const port = await freePort();
  const t0 = Date.now();
  // process.execPath is the project's Node 24, so bin/rollscope.mjs does not re-exec itself and
  // the pid we hold is the server's.
  const child = spawn(process.execPath, [CLI, "serve", "--kubeconfig", kubeconfig, "--port", String(port), "-n", namespace], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv },
  });
  const log: string[] = [];
  child.stderr!.on("data", (b: Buffer) => log.push(b.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`rollscope serve did not start in ${timeoutMs} ms: ${why(log.join(""))}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`rollscope serve exited (${code}): ${why(log.join(""))}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /rollscope serving (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
  });
  return {
    url,
    pid: child.pid!,
    startupMs: Date.now() - t0,
    readyAt: Date.now(),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 8000);
      await exited;
      clearTimeout(t);
    },
  };
}
