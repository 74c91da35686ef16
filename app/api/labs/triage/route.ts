import { triageChecklist, triageScenarioFor } from "@/lib/diagnose";
import { clusterClock, processConnection } from "@/lib/kube/process-hub";
import { namespaceParam } from "@/lib/kube/request-params";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * GET /api/labs/triage?scenario=S&namespace=NS[&deployment=D][&service=SVC] — lib/diagnose's
 * triage checklist for a lab step's scenario, evaluated on the live store.
 */
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const scenario = triageScenarioFor(url.searchParams.get("scenario") ?? "");
  if (!scenario) return Response.json({ error: "no triage checklist for this scenario" }, { status: 404 });
  const conn = processConnection();
  if (!conn.hub) return Response.json({ error: conn.configError }, { status: 503 });
  const { namespace, error } = namespaceParam(url, conn.scope);
  if (error) return Response.json({ error }, { status: 400 });
  if (!namespace) return Response.json({ error: "namespace is required" }, { status: 400 });
  const pick = (key: string) => {
    const v = url.searchParams.get(key);
    return v && NAME.test(v) ? v : undefined;
  };
  await conn.hub.whenSynced(8000);
  const items = triageChecklist(scenario, conn.hub.store, {
    namespace,
    deployment: pick("deployment"),
    service: pick("service"),
    now: clusterClock().now(),
  });
  return Response.json({ scenario, items }, { headers: { "cache-control": "no-store" } });
}
