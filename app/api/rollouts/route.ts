import { clusterClock, processConnection } from "@/lib/kube/process-hub";
import { namespaceParam } from "@/lib/kube/request-params";
import { createLiveResponses } from "@/lib/kube/live-response";

// One per server process (route modules are loaded once), kept on globalThis like the hub so a
// dev-mode reload of this module does not start over.
const holder = globalThis as { __rollscopeLiveResponses?: ReturnType<typeof createLiveResponses> };
const live = (holder.__rollscopeLiveResponses ??= createLiveResponses());

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/rollouts[?namespace=NS] — the derived views as JSON (docs/ARCHITECTURE.md). */
export async function GET(req: Request): Promise<Response> {
  const conn = processConnection();
  if (!conn.hub) return Response.json({ error: conn.configError }, { status: 503 });
  const { namespace, error } = namespaceParam(new URL(req.url), conn.scope);
  if (error) return Response.json({ error }, { status: 400 });
  await conn.hub.whenSynced(8000);
  const status = conn.hub.status();
  if (status.unreachable && conn.hub.seq === 0) {
    return Response.json({ error: `cluster ${conn.clusterLabel} is unreachable: ${status.unreachable}` }, { status: 502 });
  }
  // Incremental: only what changed since the previous request for this scope is recomputed.
  return Response.json(live.responseOf(conn.hub, namespace, clusterClock().now()), {
    headers: { "cache-control": "no-store" },
  });
}
