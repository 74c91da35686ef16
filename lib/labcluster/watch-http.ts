/** The HTTP side of a watch: initial/resumed events, live fan-out, bookmarks, timeout, close. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, badRequest } from "./errors";
import type { Store } from "./store";
import type { KObj, ResourceInfo } from "./types";
import { objectFilter } from "./verbs";
import { PROTOBUF } from "./protobuf/envelope";
import { visibleType, type Watcher, type WatchFormat, type WatchHub } from "./watch";

export interface WatchRequest {
  store: Store;
  hub: WatchHub;
  ri: ResourceInfo;
  namespace?: string;
  query: URLSearchParams;
  fieldSelector: string | null;
  format: WatchFormat;
  bookmarkIntervalMs: number;
}

/** Buffered bytes after which a watcher that does not read is dropped (the real server drops slow watchers too). */
const MAX_BUFFERED = 16 * 1024 * 1024;

export function serveWatch(req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
  const { store, hub, ri, query: q } = w;
  const filter = objectFilter(ri, q.get("labelSelector"), w.fieldSelector);
  const rvParam = q.get("resourceVersion");
  if (rvParam && rvParam !== "0" && !/^\d+$/.test(rvParam)) throw badRequest(`invalid resource version: ${rvParam}`);
  const timeout = q.get("timeoutSeconds") ? Number(q.get("timeoutSeconds")) : undefined;
  if (timeout !== undefined && !(timeout >= 0)) throw badRequest(`invalid timeoutSeconds: ${q.get("timeoutSeconds")}`);
  const bookmarks = q.get("allowWatchBookmarks") === "true";
  const sendInitialEvents = q.get("sendInitialEvents") === "true";
  const { format } = w;

  // The real server names the protobuf stream framing in the type; a JSON watch is plain JSON.
  res.writeHead(200, {
    "Content-Type": format.protobuf ? `${PROTOBUF};stream=watch` : "application/json",
    "Cache-Control": "no-cache, private",
    "Transfer-Encoding": "chunked",
  });
  res.flushHeaders();

  let closed = false;
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    res.uncork();
  };
  const timers: ReturnType<typeof setTimeout>[] = [];
  const watcher: Watcher = {
    ri,
    namespace: ri.namespaced ? w.namespace : undefined,
    filter,
    format,
    write: (chunk) => {
      if (closed) return false;
      // Events written in one JavaScript turn (a controller's burst) leave in one socket write;
      // nothing waits for a later turn, so each event is still sent as soon as it happens.
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(uncork);
      }
      res.write(chunk);
      return res.writableLength < MAX_BUFFERED;
    },
    close: () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      hub.remove(watcher);
      uncork();
      res.end();
    },
  };

  const writeEvent = (type: "ADDED" | "MODIFIED" | "DELETED", o: KObj) => {
    watcher.write(hub.encode(ri, format, type, o, format.table && !watcher.tableHeadersSent));
    watcher.tableHeadersSent = true;
  };

  // Initial state and the log replay happen in this same turn as hub.add: no event can fall between.
  if (!rvParam || rvParam === "0" || sendInitialEvents) {
    for (const o of store.list(ri.storage, watcher.namespace)) if (filter(o)) writeEvent("ADDED", o);
    if (sendInitialEvents && bookmarks) watcher.write(hub.bookmark(ri, true, format.protobuf));
  } else {
    try {
      for (const ev of store.changesSince(Number(rvParam))) {
        if (ev.storage !== ri.storage) continue;
        const type = visibleType(watcher, ev);
        if (type) writeEvent(type, ev.object);
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      watcher.write(hub.errorLine(ri, e, format.protobuf));
      watcher.close();
      return;
    }
  }
  hub.add(watcher);

  if (bookmarks && w.bookmarkIntervalMs > 0) {
    const tick = () => {
      if (closed) return;
      watcher.write(hub.bookmark(ri, false, format.protobuf));
      timers.push(setTimeout(tick, w.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(tick, w.bookmarkIntervalMs).unref());
  }
  if (timeout !== undefined) {
    timers.push(
      setTimeout(() => {
        if (bookmarks) watcher.write(hub.bookmark(ri, false, format.protobuf));
        watcher.close();
      }, timeout * 1000).unref(),
    );
  }
  req.on("close", () => watcher.close());
  res.on("close", () => watcher.close());
}
