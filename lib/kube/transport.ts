/**
 * Real list and watch over HTTP for one resource, authenticated by client-node's KubeConfig
 * (client certificates, bearer tokens, exec plugins, in-cluster service account). Returns raw
 * wire JSON: the model reads the apiserver's own field names and timestamps.
 */
import { RequestContext, type KubeConfig } from "@kubernetes/client-node";
import { KubeRequestError, type InformerIO, type ListResult, type WatchEventType, type WireObject } from "./informer";
import { collectionPath, qualifiedName, type ResourceRef } from "./resources";

/** Node's fetch accepts an undici dispatcher (TLS material from the kubeconfig). */
type FetchInit = RequestInit & { dispatcher?: unknown };

const LIST_TIMEOUT_MS = 30_000;
/** The apiserver closes watches after this; we resume from the last resourceVersion. */
const WATCH_TIMEOUT_S = 290;

async function request(kc: KubeConfig, url: URL, signal: AbortSignal): Promise<Response> {
  const ctx = new RequestContext(url.toString(), "GET");
  await kc.applySecurityAuthentication(ctx);
  const headers = ctx.getHeaders() as unknown as Record<string, string>;
  const init: FetchInit = { method: "GET", headers, signal, dispatcher: ctx.getDispatcher() };
  return fetch(url, init);
}

async function errorFrom(res: Response, what: string): Promise<KubeRequestError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { message?: string };
    if (body.message) message = body.message;
  } catch {
    // not a Status body
  }
  return new KubeRequestError(res.status, `${what}: ${message}`);
}

function networkError(err: unknown, server: string): KubeRequestError {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : "";
  const msg = err instanceof Error ? err.message : String(err);
  return new KubeRequestError(0, `cannot reach ${server}: ${cause || msg}`);
}

/** InformerIO for one resource in one namespace (or all when `namespace` is undefined). */
export function httpInformerIO(kc: KubeConfig, resource: ResourceRef, namespace?: string): InformerIO {
  const server = kc.getCurrentCluster()?.server ?? "";
  const path = collectionPath(resource, namespace);
  const what = qualifiedName(resource);
  return {
    async list(): Promise<ListResult> {
      const url = new URL(server.replace(/\/$/, "") + path);
      let res: Response;
      try {
        res = await request(kc, url, AbortSignal.timeout(LIST_TIMEOUT_MS));
      } catch (err) {
        throw networkError(err, server);
      }
      if (!res.ok) throw await errorFrom(res, `list ${what}`);
      const body = (await res.json()) as { items?: WireObject[]; metadata?: { resourceVersion?: string } };
      const kind = resource.kind;
      const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
      // List items carry no kind/apiVersion; put them back so objects look like watch objects.
      const items = (body.items ?? []).map((o) => ({ apiVersion, kind, ...o }));
      return { items, resourceVersion: body.metadata?.resourceVersion ?? "" };
    },
    watch(resourceVersion, onEvent, done) {
      const controller = new AbortController();
      const url = new URL(server.replace(/\/$/, "") + path);
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
        let res: Response;
        try {
          res = await request(kc, url, controller.signal);
        } catch (err) {
          return finish(controller.signal.aborted ? null : networkError(err, server));
        }
        if (!res.ok || !res.body) return finish(await errorFrom(res, `watch ${what}`));
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = "";
        try {
          for (;;) {
            const { value, done: eof } = await reader.read();
            if (eof) break;
            buf += decoder.decode(value, { stream: true });
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
