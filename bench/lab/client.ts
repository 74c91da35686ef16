/** Spawns bench/lab/driver.ts and talks to it: one command, one reply, in order. */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { DriverCommand, DriverReply } from "./protocol";

const DRIVER = fileURLToPath(new URL("./driver.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface LabDriver {
  server: string;
  kubeconfig: string;
  pid: number;
  send<Op extends DriverReply["op"]>(cmd: DriverCommand, expect: Op): Promise<Extract<DriverReply, { op: Op }>>;
  stop(): Promise<void>;
}

export async function startLabDriver(timeScale = 1): Promise<LabDriver> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", DRIVER, "--time-scale", String(timeScale)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting: ((r: DriverReply) => void)[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => {
    let r: DriverReply;
    try {
      r = JSON.parse(line) as DriverReply;
    } catch {
      process.stderr.write(`lab driver: ${line}\n`);
      return;
    }
    waiting.shift()?.(r);
  });
  const next = () =>
    new Promise<DriverReply>((ok, fail) => {
      const onExit = (code: number | null) => fail(new Error(`lab driver exited (${code})`));
      child.once("exit", onExit);
      waiting.push((r) => {
        child.off("exit", onExit);
        ok(r);
      });
    });
  const ready = await next();
  if (ready.op !== "ready") throw new Error(`lab driver: unexpected ${JSON.stringify(ready)}`);
  return {
    server: ready.server,
    kubeconfig: ready.kubeconfig,
    pid: ready.pid,
    async send(cmd, expect) {
      const p = next();
      child.stdin!.write(JSON.stringify(cmd) + "\n");
      const r = await p;
      if (r.op !== expect) throw new Error(`lab driver: ${r.op === "error" ? r.message : `expected ${expect}, got ${r.op}`}`);
      return r as Extract<DriverReply, { op: typeof expect }>;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
      child.stdin!.write(JSON.stringify({ op: "exit" }) + "\n");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
