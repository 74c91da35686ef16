import { clusterClock, processConnection } from "@/lib/kube/process-hub";
import { namespaceParam } from "@/lib/kube/request-params";
import { sseFrame } from "@/lib/kube/stream-protocol";
import { startStreamSession } from "@/lib/kube/stream-session";

export const dynamic = "force-dynamic";

const MAX_QUEUED_FRAMES = 2000;
export const runtime = "nodejs";

const encoder = new TextEncoder();
let lastChunk: string | undefined;
let lastBytes: Uint8Array | undefined;
/**
 * The bytes of `chunk`, encoded once for every stream it goes to: the fanout (lib/kube/stream-fanout)
 * writes the same delta string to each stream of a scope in a row. Enqueued bytes are never mutated.
 */
function encodeShared(chunk: string): Uint8Array {
  // A snapshot is one stream's own (and large): not kept.
  if (chunk.length > 1 << 20) return encoder.encode(chunk);
  if (chunk !== lastChunk || !lastBytes) {
    lastChunk = chunk;
    lastBytes = encoder.encode(chunk);
  }
  return lastBytes;
}

/** GET /api/stream[?namespace=NS] — SSE: snapshot, then the scope's shared deltas (lib/kube/stream-session). */
export async function GET(req: Request): Promise<Response> {
  const conn = processConnection();
  const { namespace, error } = namespaceParam(new URL(req.url), conn.scope);
  if (error) return Response.json({ error }, { status: 400 });
  const hub = conn.hub;
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
          controller.enqueue(encodeShared(chunk));
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
