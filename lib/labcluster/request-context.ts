/** What every route handler of the lab API server is given: the request and the server's parts. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "./store";
import type { ApiVerbs } from "./verbs";
import type { WatchHub } from "./watch";

/** The server's long-lived parts, shared by every request. */
export interface ServerParts {
  store: Store;
  verbs: ApiVerbs;
  hub: WatchHub;
  bookmarkIntervalMs: number;
  /** The server's own URL (known once it listens). */
  url(): string;
}

/** One request, its path split into segments (no trailing empty one) and its query. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  parts: readonly string[];
  query: URLSearchParams;
  server: ServerParts;
}
