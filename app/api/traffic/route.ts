import { z } from "zod";
import { processConnection } from "@/lib/kube/process-hub";
import { sameOrigin } from "@/lib/labs/applyPolicy";
import { trafficAction, trafficPictures } from "@/lib/labcluster/traffic/sessions";
import { listKind } from "@/lib/model/store";
import type { TrafficPicture } from "@/lib/traffic/picture";
import { DEFAULT_PROMQL } from "@/lib/traffic/promql";
import { prometheusPicture } from "@/lib/traffic/prometheusReader";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const PUSH_MS = 250;
/** Prometheus scrapes every few seconds at best: ask it every 2 s, not 4 times a second. */
const PROMETHEUS_EVERY = 8;
const encoder = new TextEncoder();

/** `rollscope serve --prometheus URL`: every Service's requests from that Prometheus. */
const prometheusUrl = () => process.env.ROLLSCOPE_PROMETHEUS || undefined;

async function metricsPictures(url: string): Promise<TrafficPicture[]> {
  const store = processConnection().hub?.store;
  if (!store) return [];
  const templates = {
    total: process.env.ROLLSCOPE_PROMQL_TOTAL || DEFAULT_PROMQL.total,
    rate: process.env.ROLLSCOPE_PROMQL_RATE || DEFAULT_PROMQL.rate,
  };
  return Promise.all(
    listKind(store, "Service").map((s) => prometheusPicture(url, s.metadata.namespace ?? "", s.metadata.name ?? "", templates)),
  );
}

/**
 * GET /api/traffic — SSE, one per page, off the pod stream: `traffic` events carrying every
 * Service's traffic picture (lib/labcluster/traffic/picture.ts) whenever it changed, at most
 * every 250 ms.
 */
export function GET(req: Request): Response {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = "";
      let quiet = 0;
      let tick = 0;
      let metrics: TrafficPicture[] = [];
      const push = () => {
        const url = prometheusUrl();
        if (url && tick++ % PROMETHEUS_EVERY === 0)
          void metricsPictures(url).then((m) => {
            metrics = m;
            push();
          });
        const json = JSON.stringify(url ? metrics : trafficPictures(Date.now()));
        try {
          if (json !== last) {
            last = json;
            quiet = 0;
            controller.enqueue(encoder.encode(`event: traffic\ndata: ${json}\n\n`));
          } else if (++quiet % 60 === 0) controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          clearInterval(timer);
        }
      };
      push();
      timer = setInterval(push, PUSH_MS);
      req.signal.addEventListener("abort", () => {
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" } });
}

const body = z.strictObject({
  action: z.enum(["start", "pause", "resume", "stop"]),
  namespace: z.string().min(1),
  service: z.string().min(1),
  rate: z.number().positive().max(500).optional(),
});

/** POST /api/traffic {action, namespace, service, rate?} — start, pause, resume or stop a Service's traffic (lab cluster only). */
export async function POST(req: Request): Promise<Response> {
  if (!sameOrigin(req.headers)) return Response.json({ error: "cross-origin or origin-less request refused" }, { status: 403 });
  const parsed = body.safeParse(await req.json().catch(() => undefined));
  if (!parsed.success)
    return Response.json(
      { error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") },
      { status: 400 },
    );
  if (prometheusUrl())
    return Response.json(
      { error: "this dashboard reads request metrics from Prometheus (--prometheus); it sends no requests" },
      { status: 409 },
    );
  const target = processConnection().target;
  if (!target) return Response.json({ error: "no cluster configured" }, { status: 409 });
  try {
    const error = await trafficAction(target.kc, parsed.data);
    return error ? Response.json({ error }, { status: 409 }) : Response.json({ ok: true });
  } catch (err) {
    return Response.json({ error: `cannot reach ${target.server}: ${err instanceof Error ? err.message : String(err)}` }, { status: 502 });
  }
}
