import { z } from "zod";
import { processConnection } from "@/lib/kube/process-hub";
import { sameOrigin } from "@/lib/labs/applyPolicy";
import { trafficAction, trafficPictures } from "@/lib/labcluster/traffic/sessions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const PUSH_MS = 250;
const encoder = new TextEncoder();

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
      const push = () => {
        const json = JSON.stringify(trafficPictures(Date.now()));
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
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") }, { status: 400 });
  const target = processConnection().target;
  if (!target) return Response.json({ error: "no cluster configured" }, { status: 409 });
  try {
    const error = await trafficAction(target.kc, parsed.data);
    return error ? Response.json({ error }, { status: 409 }) : Response.json({ ok: true });
  } catch (err) {
    return Response.json({ error: `cannot reach ${target.server}: ${err instanceof Error ? err.message : String(err)}` }, { status: 502 });
  }
}
