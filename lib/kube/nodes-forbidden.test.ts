/**
 * Nodes are cluster-scoped: a process limited to one namespace (-n team) still lists and watches
 * them cluster-wide, and RBAC without nodes (403) degrades to "capacity unknown" — one note in
 * `degraded`, no SurgeDoesNotFit, the rest of the picture synced — never a broken stream. Over real
 * HTTP: a stand-in apiserver serving one Deployment whose surge pod (3 cpu) fits no node (4 cpu,
 * 3 held), with nodes forbidden or served.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rolloutsResponse } from "../response";
import { loadClusterTarget } from "./config";
import { createHub } from "./hub";
import { RESOURCES } from "./resources";
import { httpInformerIO } from "./transport";

const NS = "team";
const labels = { app: "llm" };
const podSpec = { containers: [{ name: "llm", image: "vllm/vllm-openai:v1", resources: { requests: { cpu: "3" } } }] };
const owner = (kind: string, name: string, uid: string) => [{ apiVersion: "apps/v1", kind, name, uid, controller: true }];
const meta = (name: string, uid: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: NS,
  uid,
  resourceVersion: "1",
  ...extra,
});
const revision = { "deployment.kubernetes.io/revision": "1" };

const ITEMS: Record<string, unknown[]> = {
  [`/apis/apps/v1/namespaces/${NS}/deployments`]: [
    {
      metadata: meta("llm", "d1", { generation: 1, annotations: revision }),
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: { metadata: { labels }, spec: podSpec },
      },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
    },
  ],
  [`/apis/apps/v1/namespaces/${NS}/replicasets`]: [
    {
      metadata: meta("llm-7c9", "r1", {
        labels: { ...labels, "pod-template-hash": "7c9" },
        annotations: revision,
        ownerReferences: owner("Deployment", "llm", "d1"),
      }),
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...labels, "pod-template-hash": "7c9" } },
        template: { metadata: { labels: { ...labels, "pod-template-hash": "7c9" } }, spec: podSpec },
      },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
    },
  ],
  [`/api/v1/namespaces/${NS}/pods`]: [
    {
      metadata: meta("llm-7c9-x1", "p1", {
        labels: { ...labels, "pod-template-hash": "7c9" },
        ownerReferences: owner("ReplicaSet", "llm-7c9", "r1"),
        creationTimestamp: "2026-12-03T10:00:00Z",
      }),
      spec: { ...podSpec, nodeName: "gpu-1" },
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-12-03T10:00:05Z" }] },
    },
  ],
  "/api/v1/nodes": [{ metadata: { name: "gpu-1", uid: "n1", resourceVersion: "1" }, status: { allocatable: { cpu: "4", pods: "110" } } }],
};

let server: Server;
let url = "";
let nodesForbidden = true;
const requested: string[] = [];
const open: ServerResponse[] = [];

function forbidden(res: ServerResponse): void {
  res.statusCode = 403;
  res.setHeader("content-type", "application/json");
  const message = 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope';
  res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Forbidden", code: 403, message }));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requested.push(path);
    if (path === "/api/v1/nodes" && nodesForbidden) return forbidden(res);
    res.setHeader("content-type", "application/json");
    if (new URL(req.url ?? "/", "http://x").searchParams.get("watch") === "true") {
      res.writeHead(200); // open and quiet
      open.push(res);
      return;
    }
    res.end(JSON.stringify({ kind: "List", apiVersion: "v1", metadata: { resourceVersion: "7" }, items: ITEMS[path] ?? [] }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});

afterAll(async () => {
  open.forEach((r) => r.end());
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

/** A hub limited to namespace `team`, as `rollscope serve -n team` runs it, once synced. */
async function teamHub() {
  const file = join(mkdtempSync(join(tmpdir(), "nodes-403-")), "config");
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server: url } }],
    users: [{ name: "u", user: { token: "t" } }],
    contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
    "current-context": "ctx",
  };
  writeFileSync(file, JSON.stringify(kubeconfig));
  const target = loadClusterTarget({ kubeconfig: file }, {} as unknown as NodeJS.ProcessEnv);
  const hub = createHub({ ioFor: (kind) => httpInformerIO(target.kc, RESOURCES[kind], NS) });
  await hub.whenSynced(10_000);
  return hub;
}

const surgeFindings = (r: ReturnType<typeof rolloutsResponse>) => r.findings.filter((f) => f.code === "SurgeDoesNotFit");

describe("Nodes in a namespace-limited process", () => {
  it("403 on nodes: one degraded note, capacity unknown (no SurgeDoesNotFit), everything else synced", async () => {
    nodesForbidden = true;
    const hub = await teamHub();
    const status = hub.status();
    expect(status.synced).toBe(true);
    expect(status.unreachable).toBeUndefined();
    expect(status.degraded.map((d) => d.kind)).toEqual(["Node"]);
    expect(status.degraded[0]?.message).toContain("Grant get, list and watch on nodes");
    const response = rolloutsResponse(hub.store, { namespace: NS, now: Date.parse("2026-12-03T11:00:00Z") });
    expect(response.stale).toBeUndefined();
    expect(response.deployments.map((d) => d.name)).toEqual(["llm"]);
    expect(surgeFindings(response)).toEqual([]);
    // Listed cluster-wide, not under the namespace; every namespaced kind under it.
    expect(requested).toContain("/api/v1/nodes");
    expect(requested.filter((p) => p.includes("/nodes")).every((p) => p === "/api/v1/nodes")).toBe(true);
    expect(requested).toContain(`/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`);
    hub.stop();
  });

  it("nodes served: the same Deployment's next rollout is flagged (the 403 case above is not just an empty cluster)", async () => {
    nodesForbidden = false;
    const hub = await teamHub();
    expect(hub.status().degraded).toEqual([]);
    const response = rolloutsResponse(hub.store, { namespace: NS, now: Date.parse("2026-12-03T11:00:00Z") });
    expect(surgeFindings(response).map((f) => `${f.severity}:${f.object.name}`)).toEqual(["warning:llm"]);
    hub.stop();
  });
});
