/**
 * The lab API server driven by the real kubectl (v1.32 on PATH): what users type and read.
 * Skipped when kubectl is not installed.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKubeconfig } from "./kubeconfig";
import { startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

const hasKubectl = (() => {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

let t: TestApi;
let dir: string;

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "kubectl",
      args,
      { env: { ...process.env, KUBECONFIG: join(dir, "kubeconfig"), HOME: dir, KUBECACHEDIR: join(dir, "cache") }, timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env: [{name: VERSION, value: v1}]
        readinessProbe:
          exec: {command: [cat, /tmp/ready]}
`;

// Under CI a missing kubectl is a failure, never a silent skip.
if (!hasKubectl && (process.env.CI === "true" || process.env.CI === "1"))
  throw new Error("CI=true: kubectl is not on PATH; these tests need the real kubectl");

describe.skipIf(!hasKubectl)("kubectl against the lab API server", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lab-kubectl-"));
    t = await startTestApi();
    await writeKubeconfig(join(dir, "kubeconfig"), t.url);
  });
  afterAll(async () => {
    await t.close();
  });

  it("apply creates, then reports unchanged and configured (no --validate=false needed)", async () => {
    const f = file("web.yaml", DEPLOY);
    expect(await kubectl("apply", "-f", f)).toMatchObject({ code: 0, stdout: "deployment.apps/web created\n", stderr: "" });
    expect(await kubectl("apply", "-f", f)).toMatchObject({ code: 0, stdout: "deployment.apps/web unchanged\n" });
    const f2 = file("web2.yaml", DEPLOY.replace("value: v1", "value: v2"));
    expect(await kubectl("apply", "-f", f2)).toMatchObject({ code: 0, stdout: "deployment.apps/web configured\n", stderr: "" });
    const env = await kubectl(
      "get",
      "deploy",
      "web",
      "-o",
      "jsonpath={.spec.template.spec.containers[0].env[0].value} {.metadata.generation}",
    );
    expect(env.stdout).toBe("v2 2");
  });

  it("get prints the real columns", async () => {
    const r = await kubectl("get", "deploy");
    expect(r.stdout).toBe("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/3     0            0           0s\n");
    const wide = await kubectl("get", "deploy", "-o", "wide");
    expect(wide.stdout.split("\n")[0]).toBe("NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR");
    const svc = await kubectl("get", "svc");
    expect(svc.stdout).toBe(
      "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n",
    );
    const ns = await kubectl("get", "ns");
    expect(ns.stdout.split("\n").slice(0, 2)).toEqual(["NAME              STATUS   AGE", "default           Active   0s"]);
  });

  it("errors print like a real cluster and exit 1", async () => {
    expect(await kubectl("get", "deploy", "nope")).toMatchObject({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
    expect(await kubectl("get", "pods", "nope", "-n", "kube-system")).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
    const zero = file(
      "zero.yaml",
      DEPLOY.replace("name: web", "name: zero").replace(
        "  replicas: 3\n",
        "  replicas: 3\n  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n",
      ),
    );
    const r = await kubectl("apply", "-f", zero);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The Deployment "zero" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0\n',
    );
    const pct = await kubectl(
      "apply",
      "-f",
      file(
        "pct.yaml",
        DEPLOY.replace("name: web", "name: pct").replace(
          "  replicas: 3\n",
          "  replicas: 3\n  strategy: {rollingUpdate: {maxUnavailable: 150%}}\n",
        ),
      ),
    );
    expect(pct.stderr).toContain("must not be greater than 100%");
    const sel = await kubectl(
      "apply",
      "-f",
      file("sel.yaml", DEPLOY.replace("name: web", "name: sel").replace("labels: {app: web}", "labels: {app: other}")),
    );
    expect(sel.stderr).toBe(
      'The Deployment "sel" is invalid: spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`\n',
    );
    expect((await kubectl("get", "widgets")).stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
  });

  it("typed-client commands (protobuf bodies) work: create namespace, deployment, service", async () => {
    expect(await kubectl("create", "namespace", "lab")).toMatchObject({ code: 0, stdout: "namespace/lab created\n" });
    expect(await kubectl("create", "deployment", "api", "--image=nginx:1.27", "--replicas=2", "--port=8080", "-n", "lab")).toMatchObject({
      code: 0,
      stdout: "deployment.apps/api created\n",
    });
    const d = JSON.parse((await kubectl("get", "deploy", "api", "-n", "lab", "-o", "json")).stdout);
    expect(d.spec).toMatchObject({ replicas: 2, selector: { matchLabels: { app: "api" } } });
    expect(d.spec.template.spec.containers[0]).toMatchObject({
      name: "nginx",
      image: "nginx:1.27",
      ports: [{ containerPort: 8080, protocol: "TCP" }],
    });
    expect(await kubectl("expose", "deployment", "api", "-n", "lab", "--port=80", "--target-port=8080")).toMatchObject({
      code: 0,
      stdout: "service/api exposed\n",
    });
    const svc = JSON.parse((await kubectl("get", "svc", "api", "-n", "lab", "-o", "json")).stdout);
    expect(svc.spec).toMatchObject({ selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] });
    expect((await kubectl("create", "deployment", "x", "--image=nginx", "-n", "missing")).stderr).toBe(
      'error: failed to create deployment: namespaces "missing" not found\n',
    );
  });

  it("set image, scale, rollout pause/resume/restart, label selectors, describe", async () => {
    expect((await kubectl("set", "image", "deploy/web", "web=nginx:1.28")).stdout).toBe("deployment.apps/web image updated\n");
    expect((await kubectl("scale", "deploy/web", "--replicas=5")).stdout).toBe("deployment.apps/web scaled\n");
    expect((await kubectl("rollout", "pause", "deploy/web")).stdout).toBe("deployment.apps/web paused\n");
    expect((await kubectl("rollout", "resume", "deploy/web")).stdout).toBe("deployment.apps/web resumed\n");
    expect((await kubectl("rollout", "restart", "deploy/web")).stdout).toBe("deployment.apps/web restarted\n");
    const d = JSON.parse((await kubectl("get", "deploy", "web", "-o", "json")).stdout);
    expect(d.spec.replicas).toBe(5);
    expect(d.spec.template.spec.containers[0].image).toBe("nginx:1.28");
    expect(d.spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]).toBeTruthy();
    await kubectl("label", "deploy", "web", "tier=fe");
    expect((await kubectl("get", "deploy", "-l", "tier in (fe,be)", "-o", "name")).stdout).toBe("deployment.apps/web\n");
    expect((await kubectl("get", "deploy", "-l", "!tier", "-o", "name")).stdout).toBe("");
    const desc = await kubectl("describe", "deploy", "web");
    expect(desc.code).toBe(0);
    expect(desc.stdout).toContain("RollingUpdateStrategy:  25% max unavailable, 25% max surge");
  });

  it("auth can-i says yes and whoami names the lab user (no authorization in the lab)", async () => {
    expect(await kubectl("auth", "can-i", "create", "deployments")).toMatchObject({ code: 0, stdout: "yes\n" });
    expect((await kubectl("auth", "whoami")).stdout).toContain("rollscope-lab");
    expect(t.store.count("selfsubjectaccessreviews")).toBe(0);
  });

  it("delete prints and removes; cascade=foreground leaves the finalizer for the garbage collector", async () => {
    await kubectl("apply", "-f", file("fg.yaml", DEPLOY.replace("name: web", "name: fg")));
    expect(await kubectl("delete", "deploy", "fg", "--cascade=foreground", "--wait=false")).toMatchObject({
      code: 0,
      stdout: 'deployment.apps "fg" deleted\n',
    });
    expect(t.store.get("deployments", "default", "fg")!.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(await kubectl("delete", "deploy", "web")).toMatchObject({ code: 0, stdout: 'deployment.apps "web" deleted\n' });
    expect(t.store.get("deployments", "default", "web")).toBeUndefined();
    expect(await kubectl("delete", "deploy", "web")).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): deployments.apps "web" not found\n',
    });
  });
});
