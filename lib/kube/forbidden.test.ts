/**
 * RBAC that forbids some kinds, over real HTTP: a stand-in apiserver answers 403 Status bodies
 * for pods and EndpointSlices. The hub must degrade pods with the server's message and read
 * legacy Endpoints instead of EndpointSlices.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClusterTarget } from "./config";
import { createHub } from "./hub";
import { RESOURCES } from "./resources";
import { writeTestKubeconfig } from "@/test/support/kube/kubeconfig";
import { httpInformerIO } from "./transport";

let server: Server;
let port = 0;
const open: ServerResponse[] = [];

const forbidden = (res: ServerResponse, resource: string) => {
  res.statusCode = 403;
  res.setHeader("content-type", "application/json");
  res.end(
    JSON.stringify({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "Forbidden",
      code: 403,
      message: `${resource} is forbidden: User "dev" cannot list resource "${resource.split(".")[0]}" in API group "${resource.split(".").slice(1).join(".")}" at the cluster scope`,
    }),
  );
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/v1/pods") return forbidden(res, "pods");
    if (url.pathname === "/apis/discovery.k8s.io/v1/endpointslices") return forbidden(res, "endpointslices.discovery.k8s.io");
    res.setHeader("content-type", "application/json");
    if (url.searchParams.get("watch") === "true") {
      // A watch that stays open and quiet.
      res.writeHead(200);
      open.push(res);
      return;
    }
    res.end(JSON.stringify({ kind: "List", apiVersion: "v1", metadata: { resourceVersion: "7" }, items: [] }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  port = typeof addr === "object" && addr ? addr.port : 0;
});

afterAll(async () => {
  open.forEach((r) => r.end());
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

describe("403 on some kinds", () => {
  it("degrades pods with the apiserver's message and falls back to Endpoints", async () => {
    const file = writeTestKubeconfig(`http://127.0.0.1:${port}`, { token: "t" });
    const target = loadClusterTarget({ kubeconfig: file }, {} as unknown as NodeJS.ProcessEnv);
    const hub = createHub({ ioFor: (kind) => httpInformerIO(target.kc, RESOURCES[kind]) });
    await hub.whenSynced(10_000);
    const status = hub.status();
    expect(status.endpointSource).toBe("Endpoints");
    expect(status.degraded).toHaveLength(1);
    expect(status.degraded[0].kind).toBe("Pod");
    expect(status.degraded[0].message).toContain('pods is forbidden: User "dev" cannot list resource "pods"');
    expect(status.degraded[0].message).toContain("Grant get, list and watch on pods");
    expect(status.unreachable).toBeUndefined();
    hub.stop();
  });
});
