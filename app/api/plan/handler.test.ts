/**
 * POST /api/plan: the request checks (origin, size, body, YAML) and the plan it answers, with no
 * cluster (the lint) and with a cluster state shaped like the GPU pool of issue 16 (two nodes,
 * one GPU each, both taken by the running pods).
 */
import { describe, expect, it } from "vitest";
import type { RawNode, RawPod } from "@/lib/model/rawKinds";
import type { ClusterState } from "@/lib/plan/plan";
import type { PlanView } from "@/lib/plan/planView";
import { handlePlan, MAX_PLAN_BYTES, type PlanDeps } from "./handler";

const SAME = { host: "localhost:3000", origin: "http://localhost:3000" };
function post(body: unknown, headers: Record<string, string> = SAME): Request {
  return new Request("http://localhost:3000/api/plan", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const llm = (budget: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: llm, namespace: gpu}
spec:
  replicas: 2
  selector: {matchLabels: {app: llm}}
  strategy: {rollingUpdate: {${budget}}}
  template:
    metadata: {labels: {app: llm}}
    spec:
      containers:
      - name: llm
        image: vllm/vllm-openai:v2
        resources: {limits: {nvidia.com/gpu: "1"}}
`;
const SURGE = "maxSurge: 1, maxUnavailable: 0";
const IN_PLACE = "maxSurge: 0, maxUnavailable: 1";

const labels = { app: "llm" };
const running: ClusterState = {
  deployments: [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "llm", namespace: "gpu", uid: "d1" },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "llm", image: "vllm/vllm-openai:v1", resources: { limits: { "nvidia.com/gpu": "1" } } }] },
        },
      },
    },
  ],
  replicaSets: [
    {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: "llm-1",
        namespace: "gpu",
        uid: "rs1",
        labels,
        ownerReferences: [{ kind: "Deployment", name: "llm", uid: "d1", controller: true }],
        annotations: { "deployment.kubernetes.io/revision": "1" },
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: "llm", image: "vllm/vllm-openai:v1" }] } },
      },
    },
  ],
  pods: [1, 2].map((i): RawPod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `llm-1-${i}`,
      namespace: "gpu",
      labels,
      ownerReferences: [{ kind: "ReplicaSet", name: "llm-1", uid: "rs1", controller: true }],
    },
    spec: { nodeName: `gpu-${i}`, containers: [{ name: "llm", resources: { limits: { "nvidia.com/gpu": "1" } } }] },
    status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
  })),
  services: [],
  nodes: [1, 2].map((i): RawNode => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `gpu-${i}` },
    status: { allocatable: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1", pods: "110" } },
  })),
  pdbs: [],
};
const withCluster: PlanDeps = { readCluster: () => Promise.resolve(running) };

async function view(r: Response): Promise<PlanView> {
  expect(r.status).toBe(200);
  return (await r.json()) as PlanView;
}
async function refusal(r: Response, status: number): Promise<string> {
  expect(r.status).toBe(status);
  return ((await r.json()) as { error: string }).error;
}

describe("POST /api/plan: what it refuses", () => {
  it("a cross-origin or origin-less request", async () => {
    expect(
      await refusal(
        await handlePlan(post({ manifest: llm(SURGE) }, { host: "localhost:3000", origin: "http://evil.example" }), withCluster),
        403,
      ),
    ).toMatch(/cross-origin/);
    expect(await refusal(await handlePlan(post({ manifest: llm(SURGE) }, {}), withCluster), 403)).toMatch(/origin-less/);
  });
  it("a body over the size limit", async () => {
    expect(await refusal(await handlePlan(post({ manifest: "#".repeat(MAX_PLAN_BYTES) }), {}), 413)).toMatch(/larger than 512 KiB/);
  });
  it("a body that is not the JSON the page sends, saying what is expected", async () => {
    expect(await refusal(await handlePlan(post("apiVersion: v1"), {}), 400)).toMatch(/must be JSON/);
    expect(await refusal(await handlePlan(post({ yaml: "x" }), {}), 400)).toMatch(/manifest/);
    expect(await refusal(await handlePlan(post({ manifest: llm(SURGE), namespace: "Not A Namespace" }), {}), 400)).toBe(
      "namespace: not a namespace name",
    );
  });
  it("malformed YAML, with its line", async () => {
    expect(await refusal(await handlePlan(post({ manifest: "kind: Service\nmetadata:\n  name: x\n   bad: y\n" }), {}), 400)).toMatch(
      /^YAML error at line \d+: /,
    );
  });
  it("an object outside the namespace this dashboard was started for", async () => {
    expect(await refusal(await handlePlan(post({ manifest: llm(SURGE) }), { ...withCluster, scope: "web" }), 400)).toMatch(
      /namespace gpu, but this dashboard was started for namespace "web" only/,
    );
  });
});

describe("POST /api/plan: the plan", () => {
  it("with no cluster lints like plan --offline and says so", async () => {
    const v = await view(await handlePlan(post({ manifest: llm(SURGE) }), { offlineReason: "no kubeconfig found" }));
    expect(v.cluster).toBe(false);
    expect(v.notes[0]).toBe("No cluster configured (no kubeconfig found).");
    expect(v.notes[1]).toMatch(/^No cluster: this is a lint/);
    expect(v.deployments[0]).toMatchObject({ name: "llm", fit: "no-cluster", stalls: false });
    expect(v.findings).toEqual([]);
  });
  it("against the full GPU pool: SurgeDoesNotFit with the maxSurge 0 / maxUnavailable 1 fix", async () => {
    const v = await view(await handlePlan(post({ manifest: llm(SURGE) }), withCluster));
    expect(v.deployments[0]).toMatchObject({ headline: "will roll out a new pod template", fit: "does-not-fit", stalls: true });
    expect(v.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(["error:SurgeDoesNotFit"]);
    expect(v.findings[0]?.fix).toContain('"maxSurge":0,"maxUnavailable":1');
  });
  it("the fixed manifest fits and finishes", async () => {
    const v = await view(await handlePlan(post({ manifest: llm(IN_PLACE) }), withCluster));
    expect(v.deployments[0]).toMatchObject({ fit: "fits", stalls: false, peakPods: 2 });
    expect(v.deployments[0]?.peakResources).toEqual([{ resource: "nvidia.com/gpu", amount: "2" }]);
    expect(v.errors).toBe(0);
  });
  it("a cluster that cannot be read gives the lint with the reason, not an error page", async () => {
    const v = await view(
      await handlePlan(post({ manifest: llm(SURGE) }), {
        readCluster: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6443")),
      }),
    );
    expect(v.cluster).toBe(false);
    expect(v.notes[0]).toBe("The cluster could not be read (connect ECONNREFUSED 127.0.0.1:6443): showing the lint of the manifest alone.");
  });
});
