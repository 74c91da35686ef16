import { z } from "zod";
import { processConnection } from "@/lib/kube/process-hub";
import { sameOrigin } from "@/lib/labs/applyPolicy";
import { trafficAction, trafficPictures } from "@/lib/labcluster/traffic/sessions";
import { listKind } from "@/lib/model/store";
import type { TrafficPicture } from "@/lib/traffic/picture";
import { DEFAULT_PROMQL } from "@/lib/traffic/promql";
import { processPromPoller } from "@/lib/traffic/promPoller";
import { processRecorder } from "@/lib/timeline/recorder";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const PUSH_MS = 250;
const encoder = new TextEncoder();

/** `rollscope serve --prometheus URL`: every Service's requests from that Prometheus. */
const prometheusUrl = () => process.env.ROLLSCOPE_PROMETHEUS || undefined;

/** The process's Prometheus poller (one, shared with the recorder), over the Services in view. */
function prometheusPoller(url: string) {
  return processPromPoller({
    url,
    templates: {
      total: process.env.ROLLSCOPE_PROMQL_TOTAL || DEFAULT_PROMQL.total,
      rate: process.env.ROLLSCOPE_PROMQL_RATE || DEFAULT_PROMQL.rate,
    },
    services: () => {
      const store = processConnection().hub?.store;
      return store
        ? listKind(store, "Service").map((s) => ({ namespace: s.metadata.namespace ?? "", service: s.metadata.name ?? "" }))
        : [];
    },
  });
}

/**
 * GET /api/traffic — SSE, one per page, off the pod stream: `traffic` events carrying every
 * Service's traffic picture (lib/traffic/picture.ts) whenever it changed, at most every 250 ms:
 * the lab's load generator, or with --prometheus the process's Prometheus poller (held while
 * the page listens), with its state (waiting / answering / "Prometheus: <cause>").
 * GET /api/traffic?recorded — JSON: the traffic samples recorded so far (lib/traffic/recorded.ts).
 */
export function GET(req: Request): Response {
  // ?recorded: the traffic samples this server recorded, for the live timeline's past.
  if (new URL(req.url).searchParams.has("recorded"))
    return Response.json(processRecorder()?.trafficSamples() ?? [], { headers: { "cache-control": "no-store" } });
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopStream = () => clearInterval(timer);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = "";
      let quiet = 0;
      const url = prometheusUrl();
      const poller = url ? prometheusPoller(url) : undefined;
      const release = poller?.acquire();
      const pictures = (): TrafficPicture[] => (poller ? poller.pictures() : trafficPictures(Date.now()));
      const push = () => {
        const json = JSON.stringify(pictures());
        try {
          if (json !== last) {
            last = json;
            quiet = 0;
            controller.enqueue(encoder.encode(`event: traffic\ndata: ${json}\n\n`));
          } else if (++quiet % 60 === 0) controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          clearInterval(timer);
          release?.();
        }
      };
      push();
      timer = setInterval(push, PUSH_MS);
      stopStream = () => {
        clearInterval(timer);
        release?.();
      };
      req.signal.addEventListener("abort", () => {
        stopStream();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      stopStream();
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
