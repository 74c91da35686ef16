/**
 * Real list and watch over HTTP for one resource, authenticated by client-node's KubeConfig
 * (client certificates, bearer tokens, exec plugins, in-cluster service account). Returns raw
 * wire JSON: the model reads the apiserver's own field names and timestamps. Every request takes
 * the credentials' current config and reports a 401 back, so a retry uses re-read credentials.
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { fixedCredentials, type Credentials } from "./credentials";
import { KubeRequestError, type InformerIO, type ListResult, type WatchEventType, type WireObject } from "./informer";
import { collectionPath, qualifiedName, type ResourceRef } from "./resources";

const LIST_TIMEOUT_MS = 30_000;
/** The apiserver closes watches after this; we resume from the last resourceVersion. */
const WATCH_TIMEOUT_S = 290;

/**
 * GET with node:http(s) and the options client-node derives from the kubeconfig (agent with
 * TLS material or proxy, Authorization from tokens or exec plugins). node:http rather than
 * fetch: client-node's undici dispatcher does not fit the fetch built into Node.
 */
async function get(kc: KubeConfig, url: URL, signal: AbortSignal): Promise<IncomingMessage> {
  const opts: RequestOptions & { headers: Record<string, string> } = { method: "GET", headers: { accept: "application/json" } };
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (err) {
    // An exec plugin that fails, a token file that is gone: not the network, say so.
    const msg = (err instanceof Error ? err.message : String(err)).trim() || "no message";
    throw new KubeRequestError(0, `cannot get credentials for ${serverOf(kc)} (credential plugin or token file failed): ${msg}`);
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { ...opts, signal }, resolve);
    req.on("error", reject);
    req.end();
  });
}

const serverOf = (kc: KubeConfig) => (kc.getCurrentCluster()?.server ?? "").replace(/\/$/, "");

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function errorFrom(res: IncomingMessage, what: string): Promise<KubeRequestError> {
  const status = res.statusCode ?? 0;
  let message = `${status} ${res.statusMessage ?? ""}`.trim();
  try {
    const body = JSON.parse(await readBody(res)) as { message?: string };
    if (body.message) message = body.message;
  } catch {
    // not a Status body
  }
  return new KubeRequestError(status, `${what}: ${message}`);
}

function networkError(err: unknown, server: string): KubeRequestError {
  if (err instanceof KubeRequestError) return err;
  const code = err && typeof err === "object" && "code" in err ? String(err.code) : "";
  const msg = err instanceof Error ? err.message : String(err);
  return new KubeRequestError(0, `cannot reach ${server}: ${code && !msg.includes(code) ? `${code} ` : ""}${msg}`);
}

/**
 * Objects per list page. client-go's pager asks for 500, which a real apiserver serves from its
 * watch cache; the lab cluster filters the whole kind per page, so 500 made a 30,000-pod list
 * take twice as long (27.7 s against 15.3 s at 5,000 and 13.4 s unpaged, on the busy machine).
 * 1,000: the parse of each page is garbage the moment it is projected, and V8 keeps the heap it
 * grew for it: at 30,000 pods the hub process's RSS after the list was 441 MiB with 5,000 a page,
 * 346 MiB with 1,000 (bench/server/hub-probe.ts, same retained heap).
 */
const LIST_PAGE_SIZE = 1000;

export interface HttpInformerOptions {
  /** Applied to every listed object as its page arrives (the hub's projection), so raw pages can go. */
  transform?: (o: WireObject) => WireObject;
  /** Objects per list page (default 1,000). */
  pageSize?: number;
}

/** One list page: GET, 401 reported to the credentials, non-200 as a KubeRequestError. */
async function getJson(
  kc: KubeConfig,
  url: URL,
  server: string,
  what: string,
  rejected: () => void,
): Promise<{ items?: WireObject[]; metadata?: { resourceVersion?: string; continue?: string } }> {
  let text: string;
  try {
    const res = await get(kc, url, AbortSignal.timeout(LIST_TIMEOUT_MS));
    if (res.statusCode === 401) rejected();
    if (res.statusCode !== 200) throw await errorFrom(res, what);
    text = await readBody(res);
  } catch (err) {
    throw err instanceof KubeRequestError ? err : networkError(err, server);
  }
  return JSON.parse(text) as { items?: WireObject[]; metadata?: { resourceVersion?: string; continue?: string } };
}

/**
 * InformerIO for one resource in one namespace (or all when `namespace` is undefined). A plain
 * KubeConfig is used as is; Credentials are asked for the config of each request and told of 401s.
 */
export function httpInformerIO(
  auth: KubeConfig | Credentials,
  resource: ResourceRef,
  namespace?: string,
  opts: HttpInformerOptions = {},
): InformerIO {
  const creds = isCredentials(auth) ? auth : fixedCredentials(auth);
  const transform = opts.transform ?? ((o: WireObject) => o);
  const path = collectionPath(resource, namespace);
  const what = qualifiedName(resource);
  return {
    async list(): Promise<ListResult> {
      const kc = creds.current();
      const server = serverOf(kc);
      const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
      const items: WireObject[] = [];
      let continueToken: string | undefined;
      let resourceVersion = "";
      // In pages, like client-go's pager: a 30,000-pod list is never one ~90 MB string plus its
      // parse at once, and each page is cut down (opts.transform) before the next is read.
      do {
        const url = new URL(server + path);
        url.searchParams.set("limit", String(opts.pageSize ?? LIST_PAGE_SIZE));
        if (continueToken) url.searchParams.set("continue", continueToken);
        const body = await getJson(kc, url, server, `list ${what}`, () => creds.rejected(kc));
        // List items carry no kind/apiVersion; put them back so objects look like watch objects.
        for (const o of body.items ?? []) items.push(transform({ apiVersion, kind: resource.kind, ...o }));
        // Watch from the first page's version: a real apiserver serves every page at it; a server
        // whose later pages are newer (the lab cluster) then replays what changed meanwhile.
        if (!continueToken) resourceVersion = body.metadata?.resourceVersion ?? "";
        continueToken = body.metadata?.continue || undefined;
      } while (continueToken);
      return { items, resourceVersion };
    },
    watch(resourceVersion, onEvent, done, opened) {
      const controller = new AbortController();
      const kc = creds.current();
      const server = serverOf(kc);
      const url = new URL(server + path);
      url.searchParams.set("watch", "true");
      url.searchParams.set("allowWatchBookmarks", "true");
      url.searchParams.set("timeoutSeconds", String(WATCH_TIMEOUT_S));
      if (resourceVersion) url.searchParams.set("resourceVersion", resourceVersion);
      let finished = false;
      const finish = (err: unknown) => {
        if (finished) return;
        finished = true;
        done(err);
      };
      void (async () => {
        let res: IncomingMessage;
        try {
          res = await get(kc, url, controller.signal);
        } catch (err) {
          return finish(controller.signal.aborted ? null : networkError(err, server));
        }
        if (res.statusCode === 401) creds.rejected(kc);
        if (res.statusCode !== 200) return finish(await errorFrom(res, `watch ${what}`));
        opened?.();
        res.setEncoding("utf8");
        let buf = "";
        try {
          for await (const chunk of res) {
            buf += chunk as string;
            let nl: number;
            while ((nl = buf.indexOf("\n")) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              let ev: { type?: WatchEventType; object?: WireObject };
              try {
                ev = JSON.parse(line) as typeof ev;
              } catch {
                continue;
              }
              if (ev.type && ev.object) onEvent(ev.type, ev.object);
            }
          }
          finish(null);
        } catch (err) {
          finish(controller.signal.aborted ? null : networkError(err, server));
        }
      })();
      return { abort: () => controller.abort() };
    },
    setTimer(fn, ms) {
      const t = setTimeout(fn, ms);
      t.unref?.();
      return () => clearTimeout(t);
    },
  };
}

function isCredentials(auth: KubeConfig | Credentials): auth is Credentials {
  return typeof (auth as Partial<Credentials>).rejected === "function";
}
