import { clusterClock, processConnection } from "@/lib/kube/process-hub";
import { namespaceParam } from "@/lib/kube/request-params";
import { sseFrame } from "@/lib/kube/stream-protocol";
import { startStreamSession } from "@/lib/kube/stream-session";

export const dynamic = "force-dynamic";

const MAX_QUEUED_FRAMES = 2000;
export const runtime = "nodejs";

/** GET /api/stream[?namespace=NS] — SSE: snapshot, then coalesced deltas (lib/kube/stream-session). */
export async function GET(req: Request): Promise<Response> {
  const conn = processConnection();
  const { namespace, error } = namespaceParam(new URL(req.url), conn.scope);
  if (error) return Response.json({ error }, { status: 400 });
  const hub = conn.hub;
  const encoder = new TextEncoder();
  let close: (() => void) | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (chunk: string) => {
        try {
          // A client that stopped reading: drop it rather than buffer without bound; its
          // EventSource reconnects with Last-Event-ID and resumes or resyncs.
          if (controller.desiredSize !== null && controller.desiredSize < -MAX_QUEUED_FRAMES) {
            close?.();
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close?.();
        }
      };
      if (!hub) {
        write(sseFrame("fatal", { message: conn.configError ?? "no cluster" }));
        controller.close();
        return;
      }
      await hub.whenSynced(8000);
      // Tell EventSource how long to wait before reconnecting.
      write("retry: 2000\n\n");
      close = startStreamSession({
        hub,
        namespace,
        // EventSource resends the header itself; a page that reopens the stream passes it as a parameter.
        lastEventId: req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId"),
        write,
        setTimer: (fn, ms) => {
          const t = setTimeout(fn, ms);
          return () => clearTimeout(t);
        },
        setRepeating: (fn, ms) => {
          const t = setInterval(fn, ms);
          return () => clearInterval(t);
        },
        clock: () => ({ now: clusterClock().now(), rate: clusterClock().rate }),
      });
      req.signal.addEventListener("abort", () => {
        close?.();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      close?.();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
