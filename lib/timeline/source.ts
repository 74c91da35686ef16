/**
 * Where the server's recorded events come from: the file `rollscope replay F` plays, or the
 * recorder of the live connection. Shared by the recording and report routes.
 */
import { readFile } from "node:fs/promises";
import { processRecorder } from "./recorder";

export async function recordingText(): Promise<{ text?: string; error?: string; status: number }> {
  const replayFile = process.env.ROLLSCOPE_REPLAY;
  if (replayFile) {
    try {
      return { text: await readFile(replayFile, "utf8"), status: 200 };
    } catch (err) {
      return { error: `cannot read recording ${replayFile}: ${(err as Error).message}`, status: 500 };
    }
  }
  const text = processRecorder()?.text();
  return text === undefined ? { error: "this server is not recording (start it with `rollscope serve`)", status: 404 } : { text, status: 200 };
}
