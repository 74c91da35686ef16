import { parseRecording } from "@/lib/timeline/recording";
import { reportMarkdown, rolloutReport } from "@/lib/timeline/report";
import { recordingText } from "@/lib/timeline/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/report?namespace=NS&deployment=D[&format=json|md] — the rollout report of one Deployment. */
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const namespace = url.searchParams.get("namespace");
  const name = url.searchParams.get("deployment");
  const format = url.searchParams.get("format") ?? "json";
  if (!namespace || !name)
    return Response.json({ error: "namespace and deployment are required: /api/report?namespace=NS&deployment=NAME" }, { status: 400 });
  if (format !== "json" && format !== "md") return Response.json({ error: `format must be json or md, got "${format}"` }, { status: 400 });
  const { text, error, status } = await recordingText(new URL(req.url).searchParams.get("name"));
  if (text === undefined) return Response.json({ error }, { status });
  const recording = parseRecording(text);
  const report = rolloutReport(recording.events, namespace, name, recording.traffic);
  const file = `rollout-${namespace}-${name}.${format}`.replace(/[^\w.-]/g, "_");
  const disposition: Record<string, string> = url.searchParams.has("download")
    ? { "content-disposition": `attachment; filename="${file}"` }
    : {};
  if (format === "md")
    return new Response(reportMarkdown(report), { headers: { "content-type": "text/markdown; charset=utf-8", ...disposition } });
  return Response.json(report, { headers: disposition });
}
