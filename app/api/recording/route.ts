import { readFile } from "node:fs/promises";
import { processRecorder } from "@/lib/timeline/recorder";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/recording — the recording this server plays (`rollscope replay F`) or the one it is
 * making of the live cluster (the download button). NDJSON, see lib/timeline/recording.ts.
 */
export async function GET(req: Request): Promise<Response> {
  const download = new URL(req.url).searchParams.has("download");
  const headers: Record<string, string> = { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" };
  const replayFile = process.env.ROLLSCOPE_REPLAY;
  let text: string | undefined;
  if (replayFile) {
    try {
      text = await readFile(replayFile, "utf8");
    } catch (err) {
      return Response.json({ error: `cannot read recording ${replayFile}: ${(err as Error).message}` }, { status: 500 });
    }
  } else {
    text = processRecorder()?.text();
  }
  if (text === undefined) return Response.json({ error: "this server is not recording (start it with `rollscope serve`)" }, { status: 404 });
  if (download) headers["content-disposition"] = `attachment; filename="rollscope-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson"`;
  return new Response(text, { headers });
}
