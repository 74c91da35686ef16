/**
 * `kubectl apply` of a `kind: List` validates against /openapi/v2; the real apiserver serves it,
 * so the lab must too (found by the differential suite, e2e/k8s/DIFFERENCES.md).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKubeconfig } from "./kubeconfig";
import { startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

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

beforeAll(async () => {
  t = await startTestApi();
  dir = mkdtempSync(join(tmpdir(), "lab-openapi-"));
  await writeKubeconfig(join(dir, "kubeconfig"), t.url);
});
afterAll(async () => {
  await t?.close();
});

describe("/openapi/v2", () => {
  it("serves an empty protobuf document and a JSON swagger", async () => {
    const pb = await fetch(`${t.url}/openapi/v2`, { headers: { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" } });
    expect(pb.status).toBe(200);
    expect((await pb.arrayBuffer()).byteLength).toBe(0);
    const json = (await (await fetch(`${t.url}/openapi/v2`)).json()) as { swagger: string };
    expect(json.swagger).toBe("2.0");
  });

  it("lets kubectl apply a kind: List", async () => {
    const f = join(dir, "list.yaml");
    writeFileSync(
      f,
      `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
  data: {x: "1"}
- apiVersion: v1
  kind: Service
  metadata: {name: web}
  spec: {selector: {app: web}, ports: [{port: 80}]}
`,
    );
    const r = await kubectl("apply", "-n", "default", "-f", f);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("configmap/a created\nservice/web created\n");
  });
});
