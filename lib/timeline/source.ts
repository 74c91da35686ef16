/**
 * Where the server's recorded events come from: a recording shipped in recordings/ (by name),
 * the file `rollscope replay F` plays, or the recorder of the live connection. Shared by the
 * recording and report routes.
 */
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../labs/root";
import { processRecorder } from "./recorder";

/** The recordings shipped with Rollscope (one per lab), by name. */
export function shippedRecordings(root: string = repoRoot()): string[] {
  const dir = join(root, "recordings");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9][a-z0-9-]*\.ndjson$/.test(f))
    .map((f) => f.replace(/\.ndjson$/, ""))
    .sort();
}

export async function recordingText(
  name?: string | null,
  root: string = repoRoot(),
): Promise<{ text?: string; error?: string; status: number }> {
  if (name) {
    // Only names from the listing: never a path the client made up.
    if (!shippedRecordings(root).includes(name))
      return { error: `no shipped recording "${name}" (have: ${shippedRecordings(root).join(", ") || "none"})`, status: 404 };
    return { text: await readFile(join(root, "recordings", `${name}.ndjson`), "utf8"), status: 200 };
  }
  const replayFile = process.env.ROLLSCOPE_REPLAY;
  if (replayFile) {
    try {
      return { text: await readFile(replayFile, "utf8"), status: 200 };
    } catch (err) {
      return { error: `cannot read recording ${replayFile}: ${(err as Error).message}`, status: 500 };
    }
  }
  const text = processRecorder()?.text();
  return text === undefined
    ? { error: "this server is not recording (start it with `rollscope serve`)", status: 404 }
    : { text, status: 200 };
}
