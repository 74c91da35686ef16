/**
 * The lab cluster's HTTP front: authenticates, then answers by the route table (api-routes.ts).
 * Every request is wrapped: any failure becomes a Status response, never a crash.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { dispatch } from "./api-routes";
import { unauthorized } from "./auth";
import { applyDefaults } from "./defaults";
import { startDeletionReaper } from "./deletion";
import { sendError } from "./http-io";
import { negotiateOutput, type Negotiated } from "./negotiate";
import type { ServerParts } from "./request-context";
import type { Store } from "./store";
import { admitCreate } from "./strategy";
import type { LabRoute } from "./traffic/route";
import { ApiVerbs } from "./verbs";
import { WatchHub } from "./watch";

export { routeResource, type ResourceRoute } from "./resource-route";

export interface ApiServerOptions {
  store: Store;
  /** 0 or unset: any free port. */
  port?: number;
  host?: string;
  /** Interval of BOOKMARK events for watches that allow them (wall-clock ms). Default 10000. */
  bookmarkIntervalMs?: number;
  /** Random source for generateName and IP allocation (tests pass a seeded one). */
  random?: () => number;
  /**
   * Authenticates every request by its Authorization header when set (401 otherwise); unset, the
   * lab accepts any caller, as it always has.
   */
  authenticate?: (authorization: string | undefined) => boolean;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: string; key: string };
  /** Lab-only routes tried before the resource routes (the Service proxy, traffic/route.ts). */
  labRoutes?: LabRoute;
}

export interface ApiServer {
  /** http://127.0.0.1:PORT (https:// with `tls`) */
  url: string;
  port: number;
  verbs: ApiVerbs;
  hub: WatchHub;
  /** Closes the listener, every watch and keep-alive connection. */
  close(): Promise<void>;
}

/** Authenticates a request, then lets the lab routes and the route table answer it. */
async function handleRequest(opts: ApiServerOptions, server: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const u = new URL(req.url ?? "/", "http://lab");
  const parts = u.pathname.split("/").slice(1);
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
  // Anonymous auth is off (as with --anonymous-auth=false): even /healthz and /version need a token.
  if (opts.authenticate && !opts.authenticate(req.headers.authorization)) {
    req.resume();
    throw unauthorized();
  }
  if (opts.labRoutes?.(req, res, parts)) return;
  return dispatch({ req, res, method: req.method ?? "GET", parts, query: u.searchParams, server });
}

/** A request listener that turns any failure of `handle` into a Status response, never a crash. */
function answeringWithStatus(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.socket?.setNoDelay(true);
    // A client that hangs up mid-response must never take the server down.
    res.on("error", () => res.destroy());
    req.on("error", () => res.destroy());
    let errorFormat: Negotiated | undefined;
    try {
      // Errors are negotiated without endpoint transforms (the real ErrorNegotiated): never a Table.
      errorFormat = negotiateOutput(req.headers.accept, { tables: false });
    } catch {
      errorFormat = undefined; // nothing acceptable: the Status goes out as JSON
    }
    handle(req, res).catch((err) => {
      try {
        sendError(res, err, errorFormat);
      } catch {
        res.destroy();
      }
    });
  };
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { store } = opts;
  const verbs = new ApiVerbs(store, opts.random);
  const hub = new WatchHub(store);
  const stopReaper = startDeletionReaper(store);
  store.setAdmission((storage, obj) => admitCreate(storage, obj, applyDefaults));
  let url = "";
  const server: ServerParts = { store, verbs, hub, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 10000, url: () => url };
  const onRequest = answeringWithStatus((req, res) => handleRequest(opts, server, req, res));
  const listener = opts.tls ? createHttpsServer(opts.tls, onRequest) : createServer(onRequest);
  listener.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (listener.address() as AddressInfo).port;
  url = `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;

  return {
    url,
    port,
    verbs,
    hub,
    close: () =>
      new Promise<void>((resolve) => {
        stopReaper();
        store.setAdmission(undefined);
        hub.stop();
        listener.close(() => resolve());
        listener.closeAllConnections();
      }),
  };
}
