import http from "node:http";
import https from "node:https";
import { KubeConfig } from "@kubernetes/client-node";

/** The subset of object JSON the recorder reads. */
export interface Obj {
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
    deletionTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: Obj;
}

/** Minimal HTTP access to any cluster a kubeconfig points at (real apiserver or lab cluster). */
export class KubeHttp {
  private readonly kc = new KubeConfig();
  readonly server: string;

  constructor(kubeconfigPath: string) {
    this.kc.loadFromFile(kubeconfigPath);
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new Error(`${kubeconfigPath}: no current cluster`);
    this.server = cluster.server.replace(/\/$/, "");
  }

  private async options(method: string, path: string): Promise<https.RequestOptions> {
    const url = new URL(this.server + path);
    const opts: https.RequestOptions = { method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: {} };
    if (url.protocol === "https:") {
      await this.kc.applyToHTTPSOptions(opts);
    } else {
      // client-node refuses plain HTTP agents; the lab cluster serves http on loopback.
      const token = this.kc.getCurrentUser()?.token;
      if (token) opts.headers = { authorization: `Bearer ${token}` };
    }
    return opts;
  }

  private transport(): typeof https | typeof http {
    return this.server.startsWith("https:") ? https : http;
  }

  async request<T = Obj>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const opts = await this.options(method, path);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    opts.headers = {
      ...(opts.headers as Record<string, string>),
      accept: "application/json",
      ...(payload ? { "content-type": "application/json" } : {}),
    };
    return new Promise((resolve, reject) => {
      const req = this.transport().request(opts, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as T });
          } catch (err) {
            reject(new Error(`${method} ${path}: bad JSON (${String(err)}): ${text.slice(0, 200)}`));
          }
        });
      });
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async list(path: string): Promise<{ items: Obj[]; resourceVersion: string }> {
    const res = await this.request<{ items?: Obj[]; metadata?: { resourceVersion?: string } }>("GET", path);
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return { items: res.body.items ?? [], resourceVersion: res.body.metadata?.resourceVersion ?? "" };
  }

  /** A watch from `resourceVersion`; returns a stop function. `onEnd` fires when the stream closes. */
  async watch(path: string, resourceVersion: string, onEvent: (e: WatchEvent) => void, onEnd: (err?: Error) => void): Promise<() => void> {
    const sep = path.includes("?") ? "&" : "?";
    const opts = await this.options(
      "GET",
      `${path}${sep}watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`,
    );
    let buf = "";
    let ended = false;
    const end = (err?: Error): void => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    const req = this.transport().request(opts, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        end(new Error(`watch ${path}: HTTP ${res.statusCode}`));
        return;
      }
      res.on("data", (c: Buffer) => {
        buf += c.toString();
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) onEvent(JSON.parse(line) as WatchEvent);
        }
      });
      res.on("end", () => end());
      res.on("error", (err) => end(err));
    });
    req.on("error", (err) => end(err));
    req.end();
    return () => {
      ended = true;
      req.destroy();
    };
  }
}
