import { processConnection } from "@/lib/kube/process-hub";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /healthz — 200 while the process serves; says whether the cluster is being read. */
export function GET(): Response {
  const conn = processConnection();
  const status = conn.hub?.status();
  return Response.json({
    ok: true,
    cluster: conn.clusterLabel,
    configError: conn.configError,
    synced: status?.synced ?? false,
    stale: status?.stale,
    degraded: status?.degraded ?? [],
  });
}
