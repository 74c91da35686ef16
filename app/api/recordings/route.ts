import { shippedRecordings } from "@/lib/timeline/source";
import { processRecorder } from "@/lib/timeline/recorder";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/recordings — the shipped lab recordings, and whether this server has its own. */
export function GET(): Response {
  return Response.json({ shipped: shippedRecordings(), live: processRecorder() !== undefined, replayFile: Boolean(process.env.ROLLSCOPE_REPLAY) });
}
