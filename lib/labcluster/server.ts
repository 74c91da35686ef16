/**
 * The lab cluster's HTTP front: routes Kubernetes API paths to discovery, the verbs and watches.
 * Every request is wrapped: any failure becomes a Status response, never a crash.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { unauthorized } from "./auth";
import { applyDefaults } from "./defaults";
import { startDeletionReaper, parseDeleteOptions } from "./deletion";
import { admitCreate } from "./strategy";
import { apiGroup, coreVersions, groupList, resourceList, SERVER_VERSION } from "./discovery";
import { badRequest } from "./errors";
import { decodeBody, methodNotSupported, readBody, routeNotFound, sendError, sendJson, sendObject, sendText } from "./http-io";
import { negotiateOutput, type Negotiated } from "./negotiate";
import { openapiV3GroupVersion, openapiV3Root } from "./openapi";
import { apiVersionOf, CREATE_ON_UPDATE, lookupResource, REVIEW_RESOURCES } from "./registry";
import type { Store } from "./store";
import { toTable, type IncludeObject } from "./table";
import type { ResourceInfo } from "./types";
import { ApiVerbs } from "./verbs";
import { serveWatch } from "./watch-http";
import type { LabRoute } from "./traffic/route";
import { WatchHub } from "./watch";

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

export interface ResourceRoute {
  ri: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPath: boolean;
}

/** Maps the part of a path after /api/v1 or /apis/<g>/<v> to a resource, or undefined (404). */
export function routeResource(group: string, version: string, rest: string[]): ResourceRoute | undefined {
  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let ri: ResourceInfo | undefined;
  let tail: string[];
  const nsRi = rest[0] === "namespaces" && rest.length >= 3 ? lookupResource(group, version, rest[2]!) : undefined;
  if (nsRi?.namespaced) {
    namespace = rest[1];
    ri = nsRi;
    tail = rest.slice(3);
  } else {
    ri = rest[0] ? lookupResource(group, version, rest[0]) : undefined;
    tail = rest.slice(1);
  }
  if (!ri || tail.length > 2 || rest.some((s) => s === "")) return undefined;
  const [name, subresource] = tail;
  if (ri.namespaced && name !== undefined && namespace === undefined) return undefined;
  if (subresource !== undefined && !ri.subresources.includes(subresource)) return undefined;
  if (watchPath && subresource !== undefined) return undefined;
  return { ri, namespace, name, subresource, watchPath };
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

function dryRun(q: URLSearchParams): boolean {
  const d = q.getAll("dryRun");
  for (const v of d) if (v !== "All") throw badRequest(`Invalid dryRun value: ${v}; valid values are: All`);
  return d.length > 0;
}

/**
 * The lab has no authorization: every (authenticated) caller is the cluster admin, so
 * `kubectl auth can-i` says yes and `kubectl auth whoami` names the lab user.
 */
function answerReview(ri: ResourceInfo, body: unknown): Record<string, unknown> {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const base = { kind: ri.kind, apiVersion: apiVersionOf(ri), metadata: { creationTimestamp: null } };
  if (ri.resource === "selfsubjectreviews")
    return { ...base, status: { userInfo: { username: "rollscope-lab", groups: ["system:masters", "system:authenticated"] } } };
  return { ...base, spec: b.spec ?? {}, status: { allowed: true, reason: "the lab cluster authorizes every request" } };
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { store } = opts;
  const verbs = new ApiVerbs(store, opts.random);
  const hub = new WatchHub(store);
  const stopReaper = startDeletionReaper(store);
  store.setAdmission((storage, obj) => admitCreate(storage, obj, applyDefaults));
  const bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 10000;
  let url = "";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", "http://lab");
    const q = u.searchParams;
    const parts = u.pathname.split("/").slice(1);
    if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
    const method = req.method ?? "GET";
    const p0 = parts[0];
    // Anonymous auth is off (as with --anonymous-auth=false): even /healthz and /version need a token.
    if (opts.authenticate && !opts.authenticate(req.headers.authorization)) {
      req.resume();
      throw unauthorized();
    }

    if (opts.labRoutes?.(req, res, parts)) return;

    if (p0 === "healthz" || p0 === "readyz" || p0 === "livez") return sendText(res, 200, "ok");
    if (p0 === "version" && parts.length === 1) return sendJson(res, 200, SERVER_VERSION);
    if (p0 === "openapi" && parts[1] === "v3" && method === "GET") {
      const doc = parts.length === 2 ? openapiV3Root() : openapiV3GroupVersion(parts.slice(2).join("/"));
      if (!doc) throw routeNotFound();
      return sendJson(res, 200, doc);
    }
    if (p0 === "openapi" && parts[1] === "v2" && parts.length === 2 && method === "GET") {
      // kubectl validates a `kind: List` against /openapi/v2 (protobuf) and skips any kind it finds
      // no schema for; an empty document (zero bytes is a valid empty protobuf message) says exactly
      // that, so `kubectl apply -f list.yaml` works as on a real cluster. See openapi.ts.
      const wantsProto = (req.headers.accept ?? "").includes("protobuf");
      if (wantsProto) {
        res.writeHead(200, { "Content-Type": "application/com.github.proto-openapi.spec.v2.v1.0+protobuf", "Content-Length": 0 });
        res.end();
        return;
      }
      return sendJson(res, 200, { swagger: "2.0", info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion }, paths: {}, definitions: {} });
    }

    // Discovery documents are negotiated when written; a resource's request below, with tables.
    let out: Negotiated | undefined;
    const send = (code: number, body: Record<string, unknown>) => sendObject(res, code, body, (out ??= negotiateOutput(req.headers.accept, { tables: false })));
    let group: string;
    let version: string;
    let rest: string[];
    if (p0 === "api") {
      if (parts.length === 1) return send(200, coreVersions(url.replace(/^https?:\/\//, "")));
      if (parts[1] !== "v1") throw routeNotFound();
      if (parts.length === 2) return send(200, resourceList("", "v1")!);
      [group, version, rest] = ["", "v1", parts.slice(2)];
    } else if (p0 === "apis") {
      if (parts.length === 1) return send(200, groupList());
      const g = parts[1]!;
      if (parts.length === 2) {
        const doc = apiGroup(g);
        if (!doc) throw routeNotFound();
        return send(200, doc);
      }
      const doc = resourceList(g, parts[2]!);
      if (!doc) throw routeNotFound();
      if (parts.length === 3) return send(200, doc);
      [group, version, rest] = [g, parts[2]!, parts.slice(3)];
    } else {
      throw routeNotFound();
    }

    const route = routeResource(group, version, rest);
    if (!route) throw routeNotFound();
    const { ri, namespace: ns, name, subresource: sub } = route;
    const isWatch = route.watchPath || q.get("watch") === "true" || q.get("watch") === "1";
    const format = (out = negotiateOutput(req.headers.accept, { tables: true, stream: isWatch }));
    // The deprecation warning a v1.33+ server attaches to every core/v1 Endpoints request.
    if (ri.resource === "endpoints" && ri.group === "") res.setHeader("Warning", '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"');

    if (REVIEW_RESOURCES.has(ri.resource)) {
      if (method !== "POST" || name !== undefined) throw methodNotSupported();
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = decodeBody(raw, req.headers["content-type"]);
      } catch {
        body = undefined; // a protobuf review: the answer does not depend on it
      }
      return send(201, answerReview(ri, body));
    }

    switch (method) {
      case "GET": {
        if (isWatch) {
          const fieldSelector = name ? [q.get("fieldSelector"), `metadata.name=${name}`].filter(Boolean).join(",") : q.get("fieldSelector");
          return serveWatch(req, res, { store, hub, ri, namespace: ns, query: q, fieldSelector, format: { table: format.table, include: includeObject(q), protobuf: format.media === "protobuf" }, bookmarkIntervalMs });
        }
        if (name === undefined) {
          const limit = q.get("limit") ? Number(q.get("limit")) : undefined;
          if (limit !== undefined && !Number.isInteger(limit)) throw badRequest(`invalid limit: ${q.get("limit")}`);
          const r = verbs.list(ri, ns, { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector"), limit, continueToken: q.get("continue") });
          const meta: Record<string, unknown> = { resourceVersion: r.resourceVersion };
          if (r.continueToken) meta.continue = r.continueToken;
          if (r.remainingItemCount !== undefined) meta.remainingItemCount = r.remainingItemCount;
          if (format.table) return send(200, toTable(ri, r.items, store.clock.now(), includeObject(q), meta));
          // Like the real server, list items carry no apiVersion/kind (the list's TypeMeta says it).
          const items = r.items.map(({ apiVersion: _v, kind: _k, ...rest }) => rest);
          return send(200, { kind: `${ri.kind}List`, apiVersion: apiVersionOf(ri), metadata: meta, items });
        }
        if (sub === "scale") return send(200, verbs.getScale(ri, ns, name));
        const obj = verbs.get(ri, ns, name);
        if (sub === "log") return sendText(res, 200, "");
        if (sub === "binding") throw methodNotSupported();
        if (format.table && !sub) return send(200, toTable(ri, [obj], store.clock.now(), includeObject(q), { resourceVersion: obj.metadata.resourceVersion }));
        return send(200, obj);
      }
      case "POST": {
        const body = decodeBody(await readBody(req), req.headers["content-type"]);
        if (name === undefined) return send(201, verbs.create(ri, ns, body, { dryRun: dryRun(q) }));
        if (sub === "binding" && ns) {
          verbs.bind(ns, name, body);
          return send(201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
        }
        throw methodNotSupported();
      }
      case "PUT": {
        if (name === undefined || sub === "log" || sub === "binding") throw methodNotSupported();
        const body = decodeBody(await readBody(req), req.headers["content-type"]);
        if (sub === "scale") return send(200, verbs.writeScale(ri, ns, name, body));
        if (!sub && CREATE_ON_UPDATE.has(ri.storage) && !store.get(ri.storage, ri.namespaced ? ns : undefined, name)) {
          const meta = (body as { metadata?: { name?: unknown } } | null)?.metadata;
          if (meta?.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
          const obj = body && typeof body === "object" ? { ...(body as Record<string, unknown>), metadata: { ...((meta as object) ?? {}), name } } : body;
          return send(201, verbs.create(ri, ns, obj, { dryRun: dryRun(q) }));
        }
        return send(200, verbs.update(ri, ns, name, body, { dryRun: dryRun(q), subresource: sub === "status" ? "status" : undefined }));
      }
      case "PATCH": {
        if (name === undefined || sub === "log" || sub === "binding") throw methodNotSupported();
        const text = (await readBody(req)).toString("utf8");
        const ct = req.headers["content-type"] ?? "";
        if (sub === "scale") return send(200, verbs.writeScale(ri, ns, name, undefined, { body: text, contentType: ct }));
        if (ct.split(";")[0]!.trim() === "application/apply-patch+yaml" && !sub) {
          // Server-side apply, approximated: create when absent, else a strategic merge of the
          // applied configuration (field ownership is not tracked, so removed fields stay).
          const applied = decodeBody(Buffer.from(text), "application/yaml");
          if (!verbs.store.get(ri.storage, ri.namespaced ? ns : undefined, name)) {
            const obj = applied && typeof applied === "object" ? { ...(applied as Record<string, unknown>) } : applied;
            const meta = (obj as { metadata?: { name?: string } } | undefined)?.metadata;
            if (meta?.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
            return send(201, verbs.create(ri, ns, obj, { dryRun: dryRun(q) }));
          }
          return send(200, verbs.patch(ri, ns, name, JSON.stringify(applied), "application/strategic-merge-patch+json", { dryRun: dryRun(q) }));
        }
        return send(200, verbs.patch(ri, ns, name, text, ct, { dryRun: dryRun(q), subresource: sub === "status" ? "status" : undefined }));
      }
      case "DELETE": {
        if (sub !== undefined) throw methodNotSupported();
        const raw = await readBody(req);
        const body = raw.length && raw.toString("utf8").trim() ? decodeBody(raw, req.headers["content-type"]) : undefined;
        const dopts = parseDeleteOptions(body, q);
        if (dryRun(q)) dopts.dryRun = true;
        if (name === undefined) {
          if (!ri.verbs.includes("deletecollection")) throw methodNotSupported();
          const items = verbs.deleteCollection(ri, ns, { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector") }, dopts);
          return send(200, { kind: `${ri.kind}List`, apiVersion: apiVersionOf(ri), metadata: { resourceVersion: store.resourceVersion }, items });
        }
        const r = verbs.delete(ri, ns, name, dopts);
        if (r.removed)
          return send(200, {
            kind: "Status",
            apiVersion: "v1",
            metadata: {},
            status: "Success",
            details: { name, ...(ri.group ? { group: ri.group } : {}), kind: ri.resource, uid: r.object.metadata.uid },
          });
        // 202 only when the client asked for cascading with orphanDependents=false (the real
        // handler's backwards-compatible rule); graceful and finalizer-held deletes answer 200.
        return send(dopts.orphanDependents === false ? 202 : 200, r.object);
      }
      default:
        throw methodNotSupported();
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
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
  const server = opts.tls ? createHttpsServer(opts.tls, onRequest) : createServer(onRequest);
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
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
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
