import { readClusterState } from "@/lib/cli/readCluster";
import { contextNamespace } from "@/lib/kube/config";
import { processConnection } from "@/lib/kube/process-hub";
import { handlePlan } from "./handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/plan {manifest, namespace?} — the rollout the controllers will perform for the pasted
 * manifests against the dashboard's cluster now (steps, peak, fit, duration, risks), or their lint
 * with no cluster. Same-origin, 512 KiB at most; reads only, never applies.
 */
export async function POST(req: Request): Promise<Response> {
  const conn = processConnection();
  const target = conn.target;
  return handlePlan(req, {
    readCluster: target ? (namespaces) => readClusterState(target.kc, namespaces) : undefined,
    defaultNamespace: target ? contextNamespace(target) : undefined,
    scope: conn.scope,
    offlineReason: conn.configError,
  });
}
