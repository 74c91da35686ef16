import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The repository root that holds labs/. `rollscope serve` may be started from anywhere, so
 * ROLLSCOPE_ROOT wins when set; otherwise the working directory (next dev / next start).
 */
export function repoRoot(env: Record<string, string | undefined> = process.env): string {
  const candidates = [env.ROLLSCOPE_ROOT, process.cwd()].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(path.join(c, "labs"))) ?? process.cwd();
}
