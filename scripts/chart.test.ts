/**
 * The Helm chart (issue 17 item 4) with the real helm, built from its Go module by
 * scripts/build-helm.sh and cached (a first build takes many minutes; then it is instant):
 * `helm lint`, what `helm template` renders for the defaults and for the options, and
 * deploy/rollscope.yaml being exactly the chart rendered (scripts/render-deploy.sh --check).
 * Applying the chart to the real control plane is in e2e/k8s/real-dashboard.ts (npm run test:k8s).
 */
import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const root = join(import.meta.dirname, "..");
const chart = join(root, "chart");
let helm = "";

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
}

function sh(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      cmd,
      args,
      {
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, HELM_CACHE_HOME: "/tmp/rollscope-helm-cache", HELM_CONFIG_HOME: "/tmp/rollscope-helm-config" },
      },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

async function render(...set: string[]): Promise<Obj[]> {
  const r = await sh(helm, ["template", "rollscope", chart, "--namespace", "rollscope", ...set.flatMap((s) => ["--set", s])]);
  expect(r.code, r.out).toBe(0);
  return parseAllDocuments(r.out)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

const find = (objs: Obj[], kind: string) => objs.find((o) => o.kind === kind);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, read by path
const container = (objs: Obj[]): any => (find(objs, "Deployment") as any).spec.template.spec.containers[0];

beforeAll(() => {
  // No Go under CI is a failure (build-helm.sh exits 127), never a skip.
  helm = execFileSync("bash", [join(root, "scripts", "build-helm.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    .trim()
    .split("\n")
    .pop()!;
}, 3_600_000);

describe("chart/ with the real helm", () => {
  it("passes helm lint, strict", async () => {
    const r = await sh(helm, ["lint", "--strict", chart]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("1 chart(s) linted, 0 chart(s) failed");
  });

  it("renders the read-only RBAC, Deployment with probes, Service and token Secret by default; no Ingress", async () => {
    const objs = await render();
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        "ClusterRole/rollscope-read",
        "ClusterRoleBinding/rollscope-read",
        "Deployment/rollscope",
        "Secret/rollscope-token",
        "Service/rollscope",
        "ServiceAccount/rollscope",
      ].sort(),
    );
    const role = find(objs, "ClusterRole") as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    for (const rule of role.rules) expect(rule.verbs).toEqual(["get", "list", "watch"]);
    expect(role.rules.flatMap((r) => r.resources)).not.toContain("secrets");
    // The capacity and PDB findings read nodes and poddisruptionbudgets.policy.
    expect(role.rules.flatMap((r) => r.resources)).toEqual(expect.arrayContaining(["nodes", "poddisruptionbudgets"]));
    expect(role.rules.find((r) => r.resources.includes("poddisruptionbudgets"))).toMatchObject({ apiGroups: ["policy"] });
    const c = container(objs);
    expect(c.args).toEqual(["serve", "--host=0.0.0.0", "--port=3000", "--auth=token"]);
    expect(c.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(c.env).toEqual([
      { name: "NODE_OPTIONS", value: "--max-semi-space-size=2" },
      { name: "ROLLSCOPE_TOKEN", valueFrom: { secretKeyRef: { name: "rollscope-token", key: "token" } } },
    ]);
    const secret = find(objs, "Secret") as unknown as { data: { token: string } };
    expect(Buffer.from(secret.data.token, "base64").toString()).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it("takes the token from an existing Secret, a namespace to watch, resources and an Ingress when asked", async () => {
    const objs = await render(
      "token.existingSecret=mine",
      "watchNamespace=shop",
      "resources.limits.memory=1Gi",
      "ingress.enabled=true",
      "ingress.host=rs.example.org",
      "nodeOptions=",
    );
    expect(find(objs, "Secret")).toBeUndefined();
    const c = container(objs);
    expect(c.env.map((e: { name: string }) => e.name)).toEqual(["ROLLSCOPE_TOKEN"]);
    expect(c.env.find((e: { name: string }) => e.name === "ROLLSCOPE_TOKEN").valueFrom.secretKeyRef.name).toBe("mine");
    expect(c.args).toContain("--namespace=shop");
    expect(c.resources.limits.memory).toBe("1Gi");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML
    const ing = find(objs, "Ingress") as any;
    expect(ing.spec.rules[0]).toMatchObject({
      host: "rs.example.org",
      http: { paths: [{ backend: { service: { name: "rollscope", port: { name: "http" } } } }] },
    });
  });

  it("keeps the token given as a value", async () => {
    const secret = find(await render("token.value=s3cret"), "Secret") as unknown as { data: { token: string } };
    expect(Buffer.from(secret.data.token, "base64").toString()).toBe("s3cret");
  });

  it("deploy/rollscope.yaml is the chart rendered (scripts/render-deploy.sh)", async () => {
    const r = await sh("bash", [join(root, "scripts", "render-deploy.sh"), "--check"]);
    expect(r.code, r.out).toBe(0);
  });
});
