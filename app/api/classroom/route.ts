import { classNamespaces, classroomRows } from "@/lib/classroom/classroom";
import { clusterClock, processConnection } from "@/lib/kube/process-hub";
import { LabLoadError } from "@/lib/labs/errors";
import { labIds, loadLab } from "@/lib/labs/load";
import { repoRoot } from "@/lib/labs/root";
import { KINDS, listKind } from "@/lib/model";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/classroom?prefix=student-&lab=rollout — one row per learner namespace. */
export async function GET(req: Request): Promise<Response> {
  const conn = processConnection();
  if (!conn.hub) return Response.json({ error: conn.configError }, { status: 503 });
  const url = new URL(req.url);
  const prefix = url.searchParams.get("prefix") ?? undefined;
  const labId = url.searchParams.get("lab") || undefined;
  if (labId && !labIds({ repoRoot: repoRoot() }).includes(labId)) return Response.json({ error: `no lab "${labId}"` }, { status: 404 });
  let lab;
  try {
    lab = labId ? loadLab(labId, { repoRoot: repoRoot() }) : undefined;
  } catch (err) {
    if (err instanceof LabLoadError) return Response.json({ error: err.message }, { status: 500 });
    throw err;
  }
  await conn.hub.whenSynced(8000);
  const store = conn.hub.store;
  const seen = KINDS.flatMap((k) => listKind(store, k).map((o) => o.metadata.namespace ?? "")).filter(Boolean);
  const namespaces = classNamespaces(conn.scope ? [conn.scope] : seen, prefix);
  return Response.json(
    { prefix: prefix ?? null, lab: labId ?? null, rows: classroomRows(store, { namespaces, lab, now: clusterClock().now() }) },
    { headers: { "cache-control": "no-store" } },
  );
}
