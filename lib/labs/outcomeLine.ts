/** Browser-safe (no child_process): the overlay and the runner's tests share it. */
import type { CommandOutcome } from "./applyRun";

/**
 * One line saying how a command went: ✓ only on exit 0 (or a documented equivalent such as an
 * existing namespace), ✖ with the first line kubectl wrote otherwise.
 */
export function outcomeLine(o: Pick<CommandOutcome, "exitCode" | "stdout" | "stderr" | "expect" | "ok" | "note">): string {
  if (o.exitCode === 0) return "✓ done";
  if (o.note) return `✓ ${o.note}`;
  const first = (o.stderr || o.stdout).trim().split("\n")[0] || `exit ${o.exitCode}`;
  return o.ok ? `✖ failed, as the step expects: ${first}` : `✖ ${first}`;
}
