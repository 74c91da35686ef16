/**
 * Test harness: a Store on a ManualClock behind a real API server on loopback, plus a tiny
 * fetch wrapper. Used by the API server's own tests; other suites may use it too.
 */
import { bootstrapCluster } from "../../../lib/labcluster/bootstrap";
import { ManualClock } from "../../../lib/labcluster/clock";
import { startApiServer, type ApiServer } from "../../../lib/labcluster/server";
import { Store } from "../../../lib/labcluster/store";

export interface TestApi {
  api: ApiServer;
  store: Store;
  clock: ManualClock;
  url: string;
  /** JSON request; `body` objects are sent as JSON, strings as-is. */
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startTestApi(opts: { historyWindow?: number; bookmarkIntervalMs?: number } = {}): Promise<TestApi> {
  const clock = new ManualClock();
  const store = new Store(clock, { historyWindow: opts.historyWindow });
  let seed = 42;
  const random = () => {
    // mulberry32: deterministic names and IPs across runs
    seed = (seed + 0x6d2b79f5) >>> 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
  const api = await startApiServer({ store, bookmarkIntervalMs: opts.bookmarkIntervalMs, random });
  bootstrapCluster(api.verbs, api.port);
  return {
    api,
    store,
    clock,
    url: api.url,
    async req(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)["Content-Type"] ??= "application/json";
      }
      const res = await fetch(api.url + path, init);
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text };
    },
    close: () => api.close(),
  };
}

/** A minimal valid Deployment manifest. */
export function deployment(
  name: string,
  extra: { replicas?: number; strategy?: unknown; labels?: Record<string, string>; image?: string } = {},
) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: {
      replicas: extra.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      ...(extra.strategy ? { strategy: extra.strategy } : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: extra.image ?? "nginx:1.27", env: [{ name: "VERSION", value: "v1" }] }] },
      },
    },
  };
}
