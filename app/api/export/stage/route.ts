import { stageSvg } from "@/components/export/stageSvg";
import { clusterClock, processConnection } from "@/lib/kube/process-hub";
import { rolloutsResponse } from "@/lib/response";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/export/stage?namespace=NS&deployment=D — the stage of one Deployment as a standalone SVG. */
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const namespace = url.searchParams.get("namespace");
  const name = url.searchParams.get("deployment");
  if (!namespace || !name) return Response.json({ error: "namespace and deployment are required" }, { status: 400 });
  const conn = processConnection();
  if (!conn.hub) return Response.json({ error: conn.configError }, { status: 503 });
  await conn.hub.whenSynced(8000);
  const view = rolloutsResponse(conn.hub.store, { namespace, now: clusterClock().now() }).deployments.find((d) => d.name === name);
  if (!view) return Response.json({ error: `no deployment ${name} in namespace ${namespace}` }, { status: 404 });
  const file = `stage-${namespace}-${name}.svg`.replace(/[^\w.-]/g, "_");
  return new Response(stageSvg(view), {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    },
  });
}
