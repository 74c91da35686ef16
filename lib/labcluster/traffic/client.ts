/**
 * Requests through the lab API server's service proxy path with a kubeconfig's credentials, as
 * `curl`/`kubectl get --raw` reach a Service from outside a cluster. Only for the lab cluster:
 * `isLabCluster` asks first, so no request ever goes to a real cluster's Services.
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import type { Outcome } from "./generator";
import { LAB_MARKER_PATH } from "./route";

const TIMEOUT_MS = 5000;

async function send(kc: KubeConfig, path: string): Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }> {
  const server = (kc.getCurrentCluster()?.server ?? "").replace(/\/$/, "");
  const url = new URL(server + path);
  const opts: RequestOptions & { headers: Record<string, string> } = {
    method: "GET",
    headers: { accept: "application/json" },
    timeout: TIMEOUT_MS,
  };
  await kc.applyToHTTPSOptions(opts);
  const doRequest = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = doRequest(url, opts, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

/** The service proxy path of a Service: what `curl` needs after the server URL. */
export function serviceProxyPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}/proxy/`;
}

/** True only when the kubeconfig's server is the Rollscope lab cluster. */
export async function isLabCluster(kc: KubeConfig): Promise<boolean> {
  const r = await send(kc, LAB_MARKER_PATH);
  if (r.status !== 200) return false;
  try {
    return (JSON.parse(r.body) as { kind?: string }).kind === "LabCluster";
  } catch {
    return false;
  }
}

/** Whether the Service exists (a plain GET, as kubectl would). */
export async function serviceExists(kc: KubeConfig, namespace: string, name: string): Promise<boolean> {
  const r = await send(kc, `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`);
  if (r.status === 404) return false;
  if (r.status !== 200) throw new Error(`reading service ${namespace}/${name}: HTTP ${r.status}`);
  return true;
}

/** One request through the Service, classified. */
export async function requestThroughService(kc: KubeConfig, namespace: string, name: string): Promise<Outcome> {
  let r;
  try {
    r = await send(kc, serviceProxyPath(namespace, name));
  } catch (err) {
    return { ok: false, cause: `apiserver: ${err instanceof Error ? err.message : String(err)}` };
  }
  const pod = typeof r.headers["x-rollscope-pod"] === "string" ? r.headers["x-rollscope-pod"] : undefined;
  if (r.status === 200) {
    try {
      const body = JSON.parse(r.body) as { version?: string; pod?: string };
      return { ok: true, version: body.version ?? "unknown", pod: body.pod ?? pod ?? "" };
    } catch {
      return { ok: false, cause: "bad answer", ...(pod ? { pod } : {}) };
    }
  }
  const cause = typeof r.headers["x-rollscope-cause"] === "string" ? r.headers["x-rollscope-cause"] : `HTTP ${r.status}`;
  return { ok: false, cause, ...(pod ? { pod } : {}) };
}
