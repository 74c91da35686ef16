import { LabLoadError } from "@/lib/labs/errors";
import { applyPermission } from "@/lib/labs/applyPolicy";
import { loadLabs, summarize } from "@/lib/labs/load";
import { repoRoot } from "@/lib/labs/root";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/labs — the labs on disk, and whether "Apply this step" is allowed here. */
export async function GET(): Promise<Response> {
  try {
    const labs = loadLabs({ repoRoot: repoRoot() });
    return Response.json({ labs: labs.map(summarize), apply: applyPermission(process.env) }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    if (err instanceof LabLoadError) return Response.json({ error: err.message, issues: err.issues }, { status: 500 });
    throw err;
  }
}
