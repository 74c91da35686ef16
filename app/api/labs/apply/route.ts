import { z } from "zod";
import { applyPlan } from "@/lib/labs/applyPlan";
import { applyPermission, sameOrigin } from "@/lib/labs/applyPolicy";
import { runPlan } from "@/lib/labs/applyRun";
import { isNamespaceName } from "@/lib/labs/commands";
import { labIds, loadLab } from "@/lib/labs/load";
import { repoRoot } from "@/lib/labs/root";
import { processConnection } from "@/lib/kube/process-hub";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const body = z.strictObject({
  lab: z.string(),
  step: z.string(),
  namespace: z.string().refine(isNamespaceName, "not a namespace name"),
  /** Also run the step's hidden solution (Triage Day). */
  solution: z.boolean().optional(),
});

// One apply at a time per process: two clicks must not interleave kubectl runs.
const BUSY = Symbol.for("rollscope.labs.applyBusy");
type WithBusy = typeof globalThis & { [BUSY]?: boolean };

/**
 * POST /api/labs/apply {lab, step, namespace, solution?} — runs the step's manifests and change
 * commands with kubectl against the dashboard's cluster. Same-origin only; allowed only on the
 * embedded lab cluster or with ROLLSCOPE_ALLOW_APPLY=1. Returns every command with its output.
 */
export async function POST(req: Request): Promise<Response> {
  if (!sameOrigin(req.headers)) return Response.json({ error: "cross-origin or origin-less request refused" }, { status: 403 });
  const permission = applyPermission(process.env);
  if (!permission.allowed) return Response.json({ error: permission.reason }, { status: 403 });
  const parsed = body.safeParse(await req.json().catch(() => undefined));
  if (!parsed.success)
    return Response.json(
      { error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") },
      { status: 400 },
    );
  const { lab: labId, step: stepId, namespace, solution } = parsed.data;
  const conn = processConnection();
  if (conn.scope && conn.scope !== namespace) {
    return Response.json({ error: `this dashboard was started for namespace "${conn.scope}" only` }, { status: 400 });
  }
  const root = repoRoot();
  if (!labIds({ repoRoot: root }).includes(labId)) return Response.json({ error: `no lab "${labId}"` }, { status: 404 });
  const lab = loadLab(labId, { repoRoot: root });
  const step = lab.steps.find((s) => s.id === stepId);
  if (!step) return Response.json({ error: `lab "${labId}" has no step "${stepId}"` }, { status: 404 });

  const g = globalThis as WithBusy;
  if (g[BUSY]) return Response.json({ error: "another step is being applied; wait for it to finish" }, { status: 409 });
  g[BUSY] = true;
  try {
    const plan = applyPlan(lab.dir, step, namespace, { solution });
    const result = await runPlan(plan, {
      cwd: root,
      kubeconfig: process.env.ROLLSCOPE_KUBECONFIG || undefined,
      context: conn.target?.context,
      server: conn.target?.server,
    });
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  } finally {
    g[BUSY] = false;
  }
}
