/**
 * The lab API server's route table: method + path pattern → a named handler. Discovery, health,
 * version and OpenAPI are answered here; resource paths go on to resource-handlers.ts.
 * Patterns: literal segments, `:name` for one segment, a final `*` for zero or more segments and
 * `+` for one or more. The first route whose method and pattern match answers; none is a 404.
 */
import { apiGroup, coreVersions, groupList, resourceList, SERVER_VERSION } from "./discovery";
import { routeNotFound, sendJson, sendObject, sendText } from "./http-io";
import { negotiateOutput } from "./negotiate";
import { openapiV3GroupVersion, openapiV3Root } from "./openapi";
import type { RequestContext } from "./request-context";
import { serveResource } from "./resource-handlers";

/** What a pattern captured: `:name` segments and the segments a final `*` or `+` took. */
export interface PathMatch {
  params: Record<string, string>;
  rest: string[];
}

export interface Route {
  /** Unset: any method. */
  method?: string;
  path: string;
  handle(ctx: RequestContext, match: PathMatch): void | Promise<void>;
}

/** Matches `parts` against a pattern such as `/apis/:group/:version/+`; undefined when it does not. */
export function matchPath(pattern: string, parts: readonly string[]): PathMatch | undefined {
  const segments = pattern.split("/").slice(1);
  const params: Record<string, string> = {};
  for (const [i, s] of segments.entries()) {
    if (s === "*" || s === "+") return s === "+" && parts.length <= i ? undefined : { params, rest: parts.slice(i) };
    const part = parts[i];
    if (part === undefined || (!s.startsWith(":") && s !== part)) return undefined;
    if (s.startsWith(":")) params[s.slice(1)] = part;
  }
  return parts.length === segments.length ? { params, rest: [] } : undefined;
}

/** Discovery documents are negotiated without tables (a resource's request negotiates its own). */
function sendDiscovery(ctx: RequestContext, body: Record<string, unknown> | undefined): void {
  if (!body) throw routeNotFound();
  sendObject(ctx.res, 200, body, negotiateOutput(ctx.req.headers.accept, { tables: false }));
}

function serveHealth(ctx: RequestContext): void {
  sendText(ctx.res, 200, "ok");
}

function serveVersion(ctx: RequestContext): void {
  sendJson(ctx.res, 200, SERVER_VERSION);
}

function serveOpenapiV3(ctx: RequestContext, m: PathMatch): void {
  const doc = m.rest.length === 0 ? openapiV3Root() : openapiV3GroupVersion(m.rest.join("/"));
  if (!doc) throw routeNotFound();
  sendJson(ctx.res, 200, doc);
}

/**
 * kubectl validates a `kind: List` against /openapi/v2 (protobuf) and skips any kind it finds no
 * schema for; an empty document (zero bytes is a valid empty protobuf message) says exactly that,
 * so `kubectl apply -f list.yaml` works as on a real cluster. See openapi.ts.
 */
function serveOpenapiV2(ctx: RequestContext): void {
  if ((ctx.req.headers.accept ?? "").includes("protobuf")) {
    ctx.res.writeHead(200, { "Content-Type": "application/com.github.proto-openapi.spec.v2.v1.0+protobuf", "Content-Length": 0 });
    ctx.res.end();
    return;
  }
  sendJson(ctx.res, 200, { swagger: "2.0", info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion }, paths: {}, definitions: {} });
}

function serveCoreVersions(ctx: RequestContext): void {
  sendDiscovery(ctx, coreVersions(ctx.server.url().replace(/^https?:\/\//, "")));
}

function serveCoreResources(ctx: RequestContext): void {
  sendDiscovery(ctx, resourceList("", "v1"));
}

function serveGroupList(ctx: RequestContext): void {
  sendDiscovery(ctx, groupList());
}

function serveGroup(ctx: RequestContext, m: PathMatch): void {
  sendDiscovery(ctx, apiGroup(m.params.group!));
}

function serveGroupVersion(ctx: RequestContext, m: PathMatch): void {
  sendDiscovery(ctx, resourceList(m.params.group!, m.params.version!));
}

function serveCoreResource(ctx: RequestContext, m: PathMatch): Promise<void> {
  return serveResource(ctx, "", "v1", m.rest);
}

function serveGroupResource(ctx: RequestContext, m: PathMatch): Promise<void> {
  const { group, version } = m.params as { group: string; version: string };
  if (!resourceList(group, version)) throw routeNotFound();
  return serveResource(ctx, group, version, m.rest);
}

/** Every route of the API server, tried in order. */
export const API_ROUTES: readonly Route[] = [
  { path: "/healthz/*", handle: serveHealth },
  { path: "/readyz/*", handle: serveHealth },
  { path: "/livez/*", handle: serveHealth },
  { path: "/version", handle: serveVersion },
  { method: "GET", path: "/openapi/v3/*", handle: serveOpenapiV3 },
  { method: "GET", path: "/openapi/v2", handle: serveOpenapiV2 },
  { path: "/api", handle: serveCoreVersions },
  { path: "/api/v1", handle: serveCoreResources },
  { path: "/api/v1/+", handle: serveCoreResource },
  { path: "/apis", handle: serveGroupList },
  { path: "/apis/:group", handle: serveGroup },
  { path: "/apis/:group/:version", handle: serveGroupVersion },
  { path: "/apis/:group/:version/+", handle: serveGroupResource },
];

/** Answers a request by the first route that matches it; 404 when none does. */
export async function dispatch(ctx: RequestContext, routes: readonly Route[] = API_ROUTES): Promise<void> {
  for (const route of routes) {
    if (route.method !== undefined && route.method !== ctx.method) continue;
    const match = matchPath(route.path, ctx.parts);
    if (match) return route.handle(ctx, match);
  }
  throw routeNotFound();
}
