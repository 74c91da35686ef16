/**
 * One program in a detached tmux session on a private tmux server (its own socket), so the
 * bench never touches anybody's tmux; the screen is read with `capture-pane -p`.
 */
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TmuxScreen {
  /** The pane's visible text, one line per row. */
  capture(): Promise<string>;
  /** Ends the session and its private server. */
  kill(): Promise<void>;
}

export interface TmuxOptions {
  argv: string[];
  env: Record<string, string>;
  width: number;
  height: number;
}

export async function startInTmux(o: TmuxOptions): Promise<TmuxScreen> {
  const socket = `rollscope-bench-${process.pid}-${Date.now()}`;
  const tmux = (...args: string[]) => run("tmux", ["-L", socket, "-f", "/dev/null", ...args], { maxBuffer: 16 * 2 ** 20 });
  const envArgs = Object.entries(o.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  // remain-on-exit in the same tmux command: a program that dies at once still leaves its last screen.
  await tmux(
    "new-session",
    "-d",
    "-s",
    "bench",
    "-x",
    String(o.width),
    "-y",
    String(o.height),
    ...envArgs,
    ...o.argv,
    ";",
    "set-option",
    "-t",
    "bench",
    "remain-on-exit",
    "on",
  );
  const socketPath = (await tmux("display-message", "-p", "-t", "bench", "#{socket_path}")).stdout.trim();
  return {
    capture: async () => (await tmux("capture-pane", "-p", "-t", "bench")).stdout,
    kill: async () => {
      await tmux("kill-server").catch(() => undefined);
      // tmux leaves its socket file behind; a bench run must not litter /tmp/tmux-<uid>.
      if (socketPath) await rm(socketPath, { force: true });
    },
  };
}
