/**
 * The verbs on one resource path, one named handler per method (GET splits into watch, list and
 * get; DELETE into one object and a collection). The route table (api-routes.ts) sends every
 * /api/v1/… and /apis/<g>/<v>/… request here.
 */
import { parseDeleteOptions } from "./deletion";
import { badRequest } from "./errors";
import { decodeBody, methodNotSupported, readBody, routeNotFound, sendObject, sendText } from "./http-io";
import { negotiateOutput, type Negotiated } from "./negotiate";
import { apiVersionOf, CREATE_ON_UPDATE, REVIEW_RESOURCES } from "./registry";
import type { RequestContext } from "./request-context";
import { routeResource, type ResourceRoute } from "./resource-route";
import { toTable, type IncludeObject } from "./table";
import type { ResourceInfo } from "./types";
import { serveWatch } from "./watch-http";

/** A request on a resource path: its route, whether it watches, its negotiated output. */
interface ResourceRequest extends RequestContext {
  route: ResourceRoute;
  watch: boolean;
  format: Negotiated;
  send(code: number, body: Record<string, unknown>): void;
}

type Handler = (r: ResourceRequest) => void | Promise<void>;

const METHOD_HANDLERS = new Map<string, Handler>([
  ["GET", getResource],
  ["POST", postResource],
  ["PUT", putResource],
  ["PATCH", patchResource],
  ["DELETE", deleteResource],
]);

/** Answers a request on the resource path `rest` of group/version: 404, 405 or the verb's answer. */
export async function serveResource(ctx: RequestContext, group: string, version: string, rest: string[]): Promise<void> {
  const route = routeResource(group, version, rest);
  if (!route) throw routeNotFound();
  const q = ctx.query;
  const watch = route.watchPath || q.get("watch") === "true" || q.get("watch") === "1";
  const format = negotiateOutput(ctx.req.headers.accept, { tables: true, stream: watch });
  // The deprecation warning a v1.33+ server attaches to every core/v1 Endpoints request.
  if (route.ri.resource === "endpoints" && route.ri.group === "")
    ctx.res.setHeader("Warning", '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"');
  const r: ResourceRequest = { ...ctx, route, watch, format, send: (code, body) => sendObject(ctx.res, code, body, format) };
  if (REVIEW_RESOURCES.has(route.ri.resource)) return reviewResource(r);
  const handler = METHOD_HANDLERS.get(ctx.method);
  if (!handler) throw methodNotSupported();
  return handler(r);
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

/** A resource path's name and, for a namespaced kind, its namespace: what a write needs. */
function namedTarget(r: ResourceRequest): { ri: ResourceInfo; ns: string | undefined; name: string } {
  const { ri, namespace: ns, name, subresource: sub } = r.route;
  if (name === undefined || sub === "log" || sub === "binding") throw methodNotSupported();
  return { ri, ns, name };
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

async function reviewResource(r: ResourceRequest): Promise<void> {
  if (r.method !== "POST" || r.route.name !== undefined) throw methodNotSupported();
  const raw = await readBody(r.req);
  let body: unknown;
  try {
    body = decodeBody(raw, r.req.headers["content-type"]);
  } catch {
    body = undefined; // a protobuf review: the answer does not depend on it
  }
  r.send(201, answerReview(r.route.ri, body));
}

function getResource(r: ResourceRequest): void {
  if (r.watch) return watchResource(r);
  if (r.route.name === undefined) return listResource(r);
  return getObject(r, r.route.name);
}

function watchResource(r: ResourceRequest): void {
  const { route, query: q, server } = r;
  const fieldSelector = route.name
    ? [q.get("fieldSelector"), `metadata.name=${route.name}`].filter(Boolean).join(",")
    : q.get("fieldSelector");
  const format = { table: r.format.table, include: includeObject(q), protobuf: r.format.media === "protobuf" };
  serveWatch(r.req, r.res, {
    store: server.store,
    hub: server.hub,
    ri: route.ri,
    namespace: route.namespace,
    query: q,
    fieldSelector,
    format,
    bookmarkIntervalMs: server.bookmarkIntervalMs,
  });
}

function listResource(r: ResourceRequest): void {
  const { route, query: q, server } = r;
  const limit = q.get("limit") ? Number(q.get("limit")) : undefined;
  if (limit !== undefined && !Number.isInteger(limit)) throw badRequest(`invalid limit: ${q.get("limit")}`);
  const list = server.verbs.list(route.ri, route.namespace, {
    labelSelector: q.get("labelSelector"),
    fieldSelector: q.get("fieldSelector"),
    limit,
    continueToken: q.get("continue"),
  });
  const meta: Record<string, unknown> = { resourceVersion: list.resourceVersion };
  if (list.continueToken) meta.continue = list.continueToken;
  if (list.remainingItemCount !== undefined) meta.remainingItemCount = list.remainingItemCount;
  if (r.format.table) return r.send(200, toTable(route.ri, list.items, server.store.clock.now(), includeObject(q), meta));
  // Like the real server, list items carry no apiVersion/kind (the list's TypeMeta says it).
  const items = list.items.map(({ apiVersion: _v, kind: _k, ...rest }) => rest);
  r.send(200, { kind: `${route.ri.kind}List`, apiVersion: apiVersionOf(route.ri), metadata: meta, items });
}

function getObject(r: ResourceRequest, name: string): void {
  const { ri, namespace: ns, subresource: sub } = r.route;
  const { verbs, store } = r.server;
  if (sub === "scale") return r.send(200, verbs.getScale(ri, ns, name));
  const obj = verbs.get(ri, ns, name);
  if (sub === "log") return sendText(r.res, 200, "");
  if (sub === "binding") throw methodNotSupported();
  if (r.format.table && !sub)
    return r.send(200, toTable(ri, [obj], store.clock.now(), includeObject(r.query), { resourceVersion: obj.metadata.resourceVersion }));
  r.send(200, obj);
}

async function postResource(r: ResourceRequest): Promise<void> {
  const { ri, namespace: ns, name, subresource: sub } = r.route;
  const body = decodeBody(await readBody(r.req), r.req.headers["content-type"]);
  if (name === undefined) return r.send(201, r.server.verbs.create(ri, ns, body, { dryRun: dryRun(r.query) }));
  if (sub !== "binding" || !ns) throw methodNotSupported();
  r.server.verbs.bind(ns, name, body);
  r.send(201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
}

async function putResource(r: ResourceRequest): Promise<void> {
  const { ri, ns, name } = namedTarget(r);
  const sub = r.route.subresource;
  const { verbs, store } = r.server;
  const body = decodeBody(await readBody(r.req), r.req.headers["content-type"]);
  if (sub === "scale") return r.send(200, verbs.writeScale(ri, ns, name, body));
  if (!sub && CREATE_ON_UPDATE.has(ri.storage) && !store.get(ri.storage, ri.namespaced ? ns : undefined, name))
    return r.send(201, verbs.create(ri, ns, namedBody(body, name), { dryRun: dryRun(r.query) }));
  r.send(200, verbs.update(ri, ns, name, body, { dryRun: dryRun(r.query), subresource: sub === "status" ? "status" : undefined }));
}

/** A body to create under the URL's name: its own metadata.name must agree (400 otherwise). */
function namedBody(body: unknown, name: string): unknown {
  const meta = (body as { metadata?: { name?: unknown } } | null)?.metadata;
  if (meta?.name !== undefined && meta.name !== name)
    throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  return body && typeof body === "object"
    ? { ...(body as Record<string, unknown>), metadata: { ...((meta as object) ?? {}), name } }
    : body;
}

async function patchResource(r: ResourceRequest): Promise<void> {
  const { ri, ns, name } = namedTarget(r);
  const sub = r.route.subresource;
  const text = (await readBody(r.req)).toString("utf8");
  const ct = r.req.headers["content-type"] ?? "";
  if (sub === "scale") return r.send(200, r.server.verbs.writeScale(ri, ns, name, undefined, { body: text, contentType: ct }));
  if (ct.split(";")[0]!.trim() === "application/apply-patch+yaml" && !sub) return serverSideApply(r, name, text);
  r.send(
    200,
    r.server.verbs.patch(ri, ns, name, text, ct, { dryRun: dryRun(r.query), subresource: sub === "status" ? "status" : undefined }),
  );
}

/**
 * Server-side apply, approximated: create when absent, else a strategic merge of the applied
 * configuration (field ownership is not tracked, so removed fields stay).
 */
function serverSideApply(r: ResourceRequest, name: string, text: string): void {
  const { ri, namespace: ns } = r.route;
  const { verbs } = r.server;
  const applied = decodeBody(Buffer.from(text), "application/yaml");
  if (!verbs.store.get(ri.storage, ri.namespaced ? ns : undefined, name)) {
    const obj = applied && typeof applied === "object" ? { ...(applied as Record<string, unknown>) } : applied;
    const meta = (obj as { metadata?: { name?: string } } | undefined)?.metadata;
    if (meta?.name !== undefined && meta.name !== name)
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    return r.send(201, verbs.create(ri, ns, obj, { dryRun: dryRun(r.query) }));
  }
  r.send(200, verbs.patch(ri, ns, name, JSON.stringify(applied), "application/strategic-merge-patch+json", { dryRun: dryRun(r.query) }));
}

async function deleteResource(r: ResourceRequest): Promise<void> {
  const { ri, namespace: ns, name, subresource: sub } = r.route;
  if (sub !== undefined) throw methodNotSupported();
  const raw = await readBody(r.req);
  const body = raw.length && raw.toString("utf8").trim() ? decodeBody(raw, r.req.headers["content-type"]) : undefined;
  const dopts = parseDeleteOptions(body, r.query);
  if (dryRun(r.query)) dopts.dryRun = true;
  if (name === undefined) return deleteCollection(r, dopts);
  const result = r.server.verbs.delete(ri, ns, name, dopts);
  if (result.removed)
    return r.send(200, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name, ...(ri.group ? { group: ri.group } : {}), kind: ri.resource, uid: result.object.metadata.uid },
    });
  // 202 only when the client asked for cascading with orphanDependents=false (the real
  // handler's backwards-compatible rule); graceful and finalizer-held deletes answer 200.
  r.send(dopts.orphanDependents === false ? 202 : 200, result.object);
}

function deleteCollection(r: ResourceRequest, dopts: ReturnType<typeof parseDeleteOptions>): void {
  const { ri, namespace: ns } = r.route;
  if (!ri.verbs.includes("deletecollection")) throw methodNotSupported();
  const items = r.server.verbs.deleteCollection(
    ri,
    ns,
    { labelSelector: r.query.get("labelSelector"), fieldSelector: r.query.get("fieldSelector") },
    dopts,
  );
  r.send(200, {
    kind: `${ri.kind}List`,
    apiVersion: apiVersionOf(ri),
    metadata: { resourceVersion: r.server.store.resourceVersion },
    items,
  });
}
