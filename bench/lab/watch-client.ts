/**
 * A plain HTTP watch on the lab cluster (what client-go or kubectl opens), reading
 * newline-delimited events and noting, for each churn write, how long after the write it
 * arrived here.
 */
import { request, type ClientRequest } from "node:http";
import { wallMs } from "../lib/clock";
import { WRITTEN_AT_ANNOTATION } from "../lib/synthetic";

export interface WatchReceipt {
  name: string;
  type: string;
  writtenAt?: number;
  receivedAt: number;
}

export interface WatchClient {
  events: number;
  bytes: number;
  /** Receipt − write time of every stamped event, ms. */
  latencies: number[];
  close(): void;
}

// Lines are picked apart with patterns, not JSON.parse: with 20 watchers at 1,000 events/s the
// bench process would otherwise be the bottleneck and inflate the latencies it measures.
const TYPE = /^\{"type":"([A-Z]+)"/;
const STAMP = new RegExp(`"${WRITTEN_AT_ANNOTATION.replace(/[./]/g, (c) => `\\${c}`)}":"([0-9.]+)"`);
const NAME = /"metadata":\{"name":"([^"]+)"/;

export function openWatch(server: string, path: string, onReceipt?: (r: WatchReceipt) => void): Promise<WatchClient> {
  return new Promise((ok, fail) => {
    const c: WatchClient = { events: 0, bytes: 0, latencies: [], close: () => req.destroy() };
    let buf = "";
    const req: ClientRequest = request(new URL(path, server), { headers: { accept: "application/json" } }, (res) => {
      if (res.statusCode !== 200) return fail(new Error(`watch ${path}: HTTP ${res.statusCode}`));
      res.setEncoding("utf8");
      ok(c);
      res.on("data", (chunk: string) => {
        const receivedAt = wallMs();
        c.bytes += Buffer.byteLength(chunk);
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const type = TYPE.exec(line)?.[1] ?? "";
          if (type === "BOOKMARK") continue;
          c.events++;
          const stamp = STAMP.exec(line)?.[1];
          const writtenAt = stamp ? Number(stamp) : undefined;
          if (writtenAt !== undefined) c.latencies.push(receivedAt - writtenAt);
          onReceipt?.({ name: NAME.exec(line)?.[1] ?? "", type, writtenAt, receivedAt });
        }
      });
      res.on("error", () => undefined);
    });
    req.on("error", (err) => fail(err));
    req.end();
  });
}
