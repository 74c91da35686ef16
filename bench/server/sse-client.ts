/**
 * A plain HTTP reader of GET /api/stream (no browser): counts bytes per SSE event type and,
 * when `parse` is set, decodes deltas to time each churn write from the lab cluster's store to
 * here. Unparsed clients stand in for extra browsers of a classroom.
 */
import { request, type ClientRequest } from "node:http";
import { wallMs } from "../lib/clock";
import { WRITTEN_AT_ANNOTATION } from "../lib/synthetic";
import { changesOf } from "@/lib/kube/stream-codec";
import type { DeltaMessage } from "@/lib/kube/stream-protocol";

export interface SseClient {
  bytes: number;
  snapshotBytes: number;
  /** Connect → snapshot frame complete, ms. */
  snapshotMs?: number;
  deltaFrames: number;
  deltaBytes: number;
  /** Objects carried by the deltas (parsed clients only). */
  deltaEvents: number;
  /** Lab store write → delta receipt, ms (parsed clients only). */
  latencies: number[];
  close(): void;
  reset(): void;
}

/** What the stamp reader needs of a change (lib/kube/stream-codec.ts WireChange): a whole object (o) or a patch (p). */
interface Stamped {
  o?: { metadata?: { annotations?: Record<string, string> } };
  p?: { metadata?: { annotations?: Record<string, string> } };
}

/**
 * `localAddress` picks the loopback source address (any 127.x.y.z on Linux): the server caps
 * open streams per client address, and a classroom is many machines, not one.
 */
export function openSse(base: string, path: string, parse: boolean, localAddress?: string): Promise<SseClient> {
  return new Promise((ok, fail) => {
    const t0 = wallMs();
    // Frames are collected as chunk lists and joined once: a 30,000-pod snapshot is tens of MB,
    // and rescanning one growing string per chunk would be quadratic.
    let pending: string[] = [];
    const c: SseClient = {
      bytes: 0,
      snapshotBytes: 0,
      deltaFrames: 0,
      deltaBytes: 0,
      deltaEvents: 0,
      latencies: [],
      close: () => req.destroy(),
      reset() {
        c.deltaFrames = 0;
        c.deltaBytes = 0;
        c.deltaEvents = 0;
        c.latencies = [];
      },
    };
    const frame = (f: string, at: number) => {
      const size = Buffer.byteLength(f) + 2;
      if (f.includes("event: snapshot\n")) {
        c.snapshotBytes = size;
        c.snapshotMs ??= at - t0;
        return;
      }
      if (!f.includes("event: delta\n")) return;
      c.deltaFrames++;
      c.deltaBytes += size;
      if (!parse) return;
      const data = f.slice(f.indexOf("data: ") + 6);
      // Decoded as the browser does (either wire version): the stamp is a string of the change.
      const changes = changesOf(JSON.parse(data) as DeltaMessage) as Stamped[];
      c.deltaEvents += changes.length;
      for (const e of changes) {
        // A changed stamp is in the patch; a whole object carries it too.
        const stamp = (e.p ?? e.o)?.metadata?.annotations?.[WRITTEN_AT_ANNOTATION];
        if (stamp) c.latencies.push(at - Number(stamp));
      }
    };
    const req: ClientRequest = request(new URL(path, base), { headers: { accept: "text/event-stream" }, localAddress }, (res) => {
      if (res.statusCode !== 200) return fail(new Error(`GET ${path}: HTTP ${res.statusCode}`));
      res.setEncoding("utf8");
      ok(c);
      res.on("data", (chunk: string) => {
        const at = wallMs();
        c.bytes += Buffer.byteLength(chunk);
        let start = 0;
        const last = pending[pending.length - 1];
        if (last !== undefined && last.endsWith("\n") && chunk.startsWith("\n")) {
          frame(pending.join("").slice(0, -1), at);
          pending = [];
          start = 1;
        }
        let end: number;
        while ((end = chunk.indexOf("\n\n", start)) >= 0) {
          pending.push(chunk.slice(start, end));
          frame(pending.join(""), at);
          pending = [];
          start = end + 2;
        }
        if (start < chunk.length) pending.push(chunk.slice(start));
      });
      res.on("error", () => undefined);
    });
    req.on("error", (err) => fail(err));
    req.end();
  });
}
