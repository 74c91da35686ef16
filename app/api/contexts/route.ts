import { processConnection } from "@/lib/kube/process-hub";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/contexts — the kubeconfig's contexts and the one being shown. Switching context
 * means restarting `rollscope serve --context C`: one process reads one cluster.
 */
export function GET(): Response {
  const conn = processConnection();
  return Response.json({
    current: conn.target?.context,
    server: conn.target?.server,
    origin: conn.target?.origin,
    scope: conn.scope,
    contexts: conn.contexts,
    error: conn.configError,
  });
}
