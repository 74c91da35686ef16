import { LabLoadError } from "@/lib/labs/errors";
import { applyPermission } from "@/lib/labs/applyPolicy";
import { labIds, loadLab } from "@/lib/labs/load";
import { repoRoot } from "@/lib/labs/root";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/labs/:id — the lab with its steps, checks and manifest text. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const root = repoRoot();
  // Only ids that are lab folders reach the file system (no "../" games).
  if (!labIds({ repoRoot: root }).includes(id)) return Response.json({ error: `no lab "${id}"` }, { status: 404 });
  try {
    return Response.json(
      { lab: loadLab(id, { repoRoot: root }), apply: applyPermission(process.env) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    if (err instanceof LabLoadError) return Response.json({ error: err.message, issues: err.issues }, { status: 500 });
    throw err;
  }
}
