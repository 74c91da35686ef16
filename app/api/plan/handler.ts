/**
 * POST /api/plan, apart from the process it runs in (route.ts wires the live connection): reads
 * the pasted manifests, plans them against the cluster's state (or lints them with none), answers
 * the page's view model. It only reads; nothing is ever applied.
 */
import { z } from "zod";
import { sameOrigin } from "@/lib/labs/applyPolicy";
import { readManifestText } from "@/lib/plan/manifestText";
import { planManifests, type ClusterState } from "@/lib/plan/plan";
import { planView } from "@/lib/plan/planView";
import type { RawObject } from "@/lib/model/raw";

/** The largest request body accepted (a manifest of a few hundred objects). */
export const MAX_PLAN_BYTES = 512 * 1024;
/** How long the cluster may take to answer before the page gets the lint instead. */
export const CLUSTER_READ_MS = 20_000;

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const body = z.strictObject({
  manifest: z.string(),
  namespace: z.string().max(63).regex(NAMESPACE, "not a namespace name").optional(),
});

/** What the handler needs from the process: the cluster (if any) and how to read it. */
export interface PlanDeps {
  /** undefined: no cluster configured (the page lints). */
  readCluster?: (namespaces: readonly string[]) => Promise<ClusterState>;
  /** The namespace of the dashboard's scope or kubeconfig context, for objects that name none. */
  defaultNamespace?: string;
  /** The only namespace this dashboard may read (-n), if limited. */
  scope?: string;
  /** Why there is no cluster, for the note (a kubeconfig error). */
  offlineReason?: string;
}

const json = (data: unknown, status = 200) => Response.json(data, { status, headers: { "cache-control": "no-store" } });

/** Answers one POST /api/plan. */
export async function handlePlan(req: Request, deps: PlanDeps): Promise<Response> {
  if (!sameOrigin(req.headers)) return json({ error: "cross-origin or origin-less request refused" }, 403);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_PLAN_BYTES) return json({ error: tooLarge() }, 413);
  const text = await req.text().catch(() => "");
  if (text.length > MAX_PLAN_BYTES) return json({ error: tooLarge() }, 413);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return json({ error: 'the request body must be JSON: {"manifest": "<YAML>", "namespace"?: "ns"}' }, 400);
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success)
    return json({ error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") }, 400);
  const read = readManifestText(parsed.data.manifest);
  if (!read.ok) return json({ error: read.error }, 400);
  const namespace = parsed.data.namespace ?? deps.scope ?? deps.defaultNamespace ?? "default";
  const objects = read.objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? namespace } }));
  const outside = deps.scope ? objects.find((o) => o.metadata.namespace !== deps.scope) : undefined;
  if (outside)
    return json(
      {
        error: `${outside.kind} ${outside.metadata.name ?? ""} is in namespace ${outside.metadata.namespace ?? ""}, but this dashboard was started for namespace "${deps.scope ?? ""}" only`,
      },
      400,
    );
  const { cluster, note } = await clusterFor(objects, deps);
  const view = planView(planManifests(objects, cluster, namespace), read.ignored);
  if (note) view.notes.unshift(note);
  return json(view);
}

function tooLarge(): string {
  return `the manifest is larger than ${MAX_PLAN_BYTES / 1024} KiB; plan it in parts or with rollscope plan -f DIR`;
}

async function clusterFor(objects: readonly RawObject[], deps: PlanDeps): Promise<{ cluster?: ClusterState; note?: string }> {
  if (!deps.readCluster) return { note: deps.offlineReason ? `No cluster configured (${deps.offlineReason}).` : undefined };
  const namespaces = [...new Set(objects.map((o) => o.metadata.namespace ?? "default"))];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CLUSTER_READ_MS / 1000} s`)), CLUSTER_READ_MS);
  });
  try {
    return { cluster: await Promise.race([deps.readCluster(namespaces), timeout]) };
  } catch (err) {
    return {
      note: `The cluster could not be read (${err instanceof Error ? err.message : String(err)}): showing the lint of the manifest alone.`,
    };
  } finally {
    clearTimeout(timer);
  }
}
