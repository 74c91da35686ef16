import { isoTime } from "../clock";
import { programFor } from "./script";
import { newShell, run } from "./shell";
import type { SimFs } from "./sim-fs";
import type { Container } from "./wire";

/** A container instance's state, as containerStatuses[].state reports it. */
export type ContainerState =
  | { kind: "waiting"; reason: string; message?: string }
  | { kind: "running"; startedAt: number }
  | { kind: "terminated"; exitCode: number; reason: string; startedAt: number; finishedAt: number; containerID: string };

export function stateJson(s: ContainerState): Record<string, unknown> {
  switch (s.kind) {
    case "waiting":
      return { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } };
    case "running":
      return { running: { startedAt: isoTime(s.startedAt) } };
    case "terminated":
      return {
        terminated: {
          exitCode: s.exitCode,
          reason: s.reason,
          startedAt: isoTime(s.startedAt),
          finishedAt: isoTime(s.finishedAt),
          ...(s.containerID ? { containerID: s.containerID } : {}),
        },
      };
  }
}

// Go's time.Duration String(): 10s, 1m20s, 5m0s.
export function formatSeconds(s: number): string {
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

/** How long a preStop hook runs: `sleep` action seconds, or the interpreted exec command. */
export function hookDuration(hook: NonNullable<NonNullable<Container["lifecycle"]>["preStop"]>, fs: SimFs): number {
  if (hook.sleep) return hook.sleep.seconds * 1000;
  if (!hook.exec?.command) return 0;
  const sh = newShell(programFor(hook.exec.command, undefined));
  let ms = 0;
  for (;;) {
    const b = run(sh, fs);
    if (b.kind === "sleep") ms += b.ms;
    else return b.kind === "forever" ? Infinity : ms;
  }
}
