import { recordingText } from "@/lib/timeline/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/recording — the recording this server plays (`rollscope replay F`) or the one it is
 * making of the live cluster (the download button). NDJSON, see lib/timeline/recording.ts.
 */
export async function GET(req: Request): Promise<Response> {
  const { text, error, status } = await recordingText(new URL(req.url).searchParams.get("name"));
  if (text === undefined) return Response.json({ error }, { status });
  const headers: Record<string, string> = { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" };
  if (new URL(req.url).searchParams.has("download")) {
    headers["content-disposition"] = `attachment; filename="rollscope-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson"`;
  }
  return new Response(text, { headers });
}
