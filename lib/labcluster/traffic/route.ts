/**
 * The lab API server's routes for traffic:
 * - `/api/v1/namespaces/NS/services/[SCHEME:]NAME[:PORT]/proxy[/…]`, the apiserver's service proxy
 *   (how `kubectl` and `curl` reach a Service from outside a real cluster), routed by the lab's
 *   kube-proxy rules (proxy.ts). 200 with the app's answer `{"version", "pod"}`; a failure is
 *   a 503: the app's own "model loading" text, or a Status as kube-apiserver writes it
 *   ("no endpoints available for service …", "error trying to reach service: dial tcp …").
 *   Every answer says `X-Rollscope-Pod` and, when failed, `X-Rollscope-Cause`.
 * - `GET /rollscope/lab`: says this server is the lab cluster (a real apiserver says 404), so
 *   tools never send traffic to a real cluster.
 * - `GET /rollscope/lab/metrics`: the proxy's request counters for Prometheus (metrics.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, notFound } from "../errors";
import { sendJson } from "../http-io";
import { STORE } from "../kinds";
import type { Store } from "../store";
import type { ServiceProxy } from "./proxy";

export const LAB_MARKER_PATH = "/rollscope/lab";

/** A route handler: true when it answered the request. */
export type LabRoute = (req: IncomingMessage, res: ServerResponse, parts: readonly string[]) => boolean;

/** `[scheme:]name[:port]`, as kube-apiserver splits a service proxy id. */
export function parseServiceId(id: string): { name: string; port?: string } {
  const bits = id.split(":");
  if (bits.length === 1) return { name: bits[0]! };
  if (bits.length === 2) return bits[0] === "http" || bits[0] === "https" ? { name: bits[1]! } : { name: bits[0]!, port: bits[1] };
  return { name: bits[1]!, port: bits[2] };
}

/** Routes for the lab's traffic; `proxy()` is undefined until the lab kubelet runs. */
export function trafficRoutes(store: Store, proxy: () => ServiceProxy | undefined): LabRoute {
  return (req, res, parts) => {
    if (`/${parts.join("/")}` === `${LAB_MARKER_PATH}/metrics`) {
      req.resume();
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
      res.end(proxy()?.counters.text() ?? "");
      return true;
    }
    if (`/${parts.join("/")}` === LAB_MARKER_PATH) {
      req.resume();
      sendJson(res, 200, { kind: "LabCluster", trafficProxy: proxy() !== undefined });
      return true;
    }
    if (parts[0] !== "api" || parts[1] !== "v1" || parts[2] !== "namespaces" || parts[4] !== "services" || parts[6] !== "proxy")
      return false;
    req.resume();
    const namespace = parts[3]!;
    const { name, port } = parseServiceId(decodeURIComponent(parts[5]!));
    const service = store.get(STORE.services, namespace, name);
    const p = proxy();
    if (!service) throw notFound("services", "", name);
    if (!p) throw new ApiError(503, "ServiceUnavailable", `no endpoints available for service "${name}"`);
    const r = p.request(namespace, service, port);
    if (r.kind === "answered") {
      res.setHeader("X-Rollscope-Pod", r.pod);
      sendJson(res, 200, { version: r.version, pod: r.pod });
      return true;
    }
    res.setHeader("X-Rollscope-Cause", r.cause);
    if (r.pod) res.setHeader("X-Rollscope-Pod", r.pod);
    if (r.cause === "503 loading") {
      // The app's own answer, passed through as the apiserver does.
      res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`${r.message}\n`);
      return true;
    }
    sendJson(res, 503, new ApiError(503, "ServiceUnavailable", r.message).toStatus());
    return true;
  };
}
