/**
 * A reader of GET /api/stream that behaves like the dashboard's EventSource: it keeps the last
 * SSE id, and when the stream ends or breaks it waits the server's `retry:` and reconnects with
 * Last-Event-ID, expecting the missed deltas (a resume) or, when the server lost its place, a
 * fresh snapshot (a resync); 40 s without a message counts as a dead stream (the page's watchdog).
 * Every reconnect is a drop. Frames are scanned with patterns, not JSON.parse: 200 of these share
 * the bench process with Chromium, and must not become what the soak measures.
 */
import { request, type ClientRequest } from "node:http";
import { wallMs } from "../lib/clock";

/** How a soak write stamps a Deployment: an env var whose value is unique per write. */
export const STAMP_ENV = "SOAK_STAMP";
const STAMP = new RegExp(`"name":"${STAMP_ENV}","value":"([0-9-]+)"`, "g");
const EVENT = /\{"t":"[AMPD]","k":"/g;
const SILENCE_MS = 40_000;
const REOPEN_AFTER_HTTP_ERROR_MS = 3_000;

export interface StreamClientOptions {
  base: string;
  namespace?: string;
  /** Source address (one loopback address per client: the server caps streams per address). */
  localAddress?: string;
  /** Called with the first receipt of each stamp this client sees. */
  onStamp?(stamp: string, at: number): void;
}

export interface StreamClient {
  readonly namespace?: string;
  /** Objects carried by the delta frames received. */
  events: number;
  /** Reconnects after the stream ended, broke or fell silent. */
  drops: number;
  /** Reconnects the server answered with a full snapshot instead of the missed deltas. */
  resyncs: number;
  /** Reconnects answered with the missed deltas. */
  resumes: number;
  /** Reconnect attempts that got no stream (an HTTP error status, a refused connection); retried. */
  refused: number;
  /** Why each drop happened ("end", "error: …", "silence"), for the report. */
  dropReasons: Map<string, number>;
  /** A stream is open and a message arrived within the silence limit. */
  alive(now?: number): boolean;
  close(): void;
}

export function openStreamClient(o: StreamClientOptions): Promise<StreamClient> {
  let lastId: string | undefined;
  let retryMs = 2000;
  let lastMessageAt = Date.now();
  /** A 200 answer is being read. */
  let connected = false;
  let closed = false;
  let reconnecting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Ends the current attempt (once), counting it, and schedules the next. */
  let endAttempt: ((how: "drop" | "refused", reason: string, after: number) => void) | undefined;
  let abort: (() => void) | undefined;
  const seen = new Set<string>();
  const c: StreamClient = {
    namespace: o.namespace,
    events: 0,
    drops: 0,
    resyncs: 0,
    resumes: 0,
    refused: 0,
    dropReasons: new Map(),
    alive: (now = Date.now()) => connected && now - lastMessageAt < SILENCE_MS,
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      abort?.();
    },
  };

  const frame = (f: string, first: boolean) => {
    lastMessageAt = Date.now();
    const id = /^id: (\S+)$/m.exec(f)?.[1];
    if (id) lastId = id;
    const retry = /^retry: (\d+)$/m.exec(f)?.[1];
    if (retry) retryMs = Number(retry);
    const event = /^event: (\w+)$/m.exec(f)?.[1];
    if (first && reconnecting && event) {
      reconnecting = false;
      if (event === "snapshot") c.resyncs++;
      else c.resumes++;
    }
    if (event !== "delta" && event !== "snapshot") return;
    if (event === "delta") c.events += f.match(EVENT)?.length ?? 0;
    const at = wallMs();
    for (const m of f.matchAll(STAMP)) {
      if (seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      o.onStamp?.(m[1]!, at);
    }
  };

  let settleFirst: ((err?: Error) => void) | undefined;
  const connect = () => {
    if (closed) return;
    const path = `/api/stream${o.namespace ? `?namespace=${encodeURIComponent(o.namespace)}` : ""}`;
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (lastId) headers["last-event-id"] = lastId;
    let done = false;
    let pending = "";
    let firstEvent = true;
    const req: ClientRequest = request(new URL(path, o.base), { headers, localAddress: o.localAddress }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        // The page reopens a stream the server refused after a pause of its own.
        return endAttempt!("refused", `HTTP ${res.statusCode}`, REOPEN_AFTER_HTTP_ERROR_MS);
      }
      connected = true;
      lastMessageAt = Date.now();
      settleFirst?.();
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf("\n\n")) >= 0) {
          const f = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const isEvent = /^event: /m.test(f);
          frame(f, firstEvent && isEvent);
          if (isEvent) firstEvent = false;
        }
      });
      res.on("end", () => endAttempt!("drop", "the server ended the stream", retryMs));
      res.on("error", (err) => endAttempt!("drop", `error: ${(err as NodeJS.ErrnoException).code ?? err.message}`, retryMs));
    });
    endAttempt = (how, reason, after) => {
      if (done || closed) return;
      done = true;
      connected = false;
      req.destroy();
      if (settleFirst) return settleFirst(new Error(`GET ${path}: ${reason}`));
      if (how === "drop") {
        c.drops++;
        c.dropReasons.set(reason, (c.dropReasons.get(reason) ?? 0) + 1);
      } else c.refused++;
      reconnecting = true;
      timer = setTimeout(connect, after);
    };
    abort = () => {
      done = true;
      req.destroy();
    };
    req.on("error", (err) =>
      endAttempt!(connected ? "drop" : "refused", `error: ${(err as NodeJS.ErrnoException).code ?? err.message}`, retryMs),
    );
    req.end();
  };

  const watchdog = setInterval(() => {
    if (connected && Date.now() - lastMessageAt > SILENCE_MS) endAttempt?.("drop", "silence (no message for 40 s)", 0);
  }, 5_000);

  return new Promise((ok, fail) => {
    settleFirst = (err) => {
      settleFirst = undefined;
      if (!err) return ok(c);
      c.close();
      fail(err);
    };
    connect();
  });
}
