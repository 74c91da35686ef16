/**
 * The lab cluster's opt-in token authentication, over HTTP and through the real kubectl: what a
 * kube-apiserver with anonymous auth disabled answers to missing, unknown, expired and revoked
 * tokens, and that a watch is authenticated once, when it starts.
 */
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenAuth } from "./auth";
import { ManualClock } from "./clock";
import { labKubeconfig } from "./kubeconfig";
import { startLabCluster, type LabCluster } from "./index";

const UNAUTHORIZED =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}';

let lab: LabCluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lab-auth-"));
  lab = await startLabCluster({
    auth: true,
    controllers: false,
    kubelet: false,
    timeScale: 10,
    kubeconfigOut: join(dir, "admin-kubeconfig"),
  });
});

afterAll(async () => {
  await lab?.stop();
});

/** The token in the kubeconfig the lab wrote. */
const adminToken = (): string =>
  (parse(readFileSync(lab.kubeconfigPath, "utf8")) as { users: { user: { token: string } }[] }).users[0].user.token;

/** An HTTPS request to the lab that trusts its certificate; resolves once the response has started. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(lab.server + path, { method, headers, ca: lab.ca }, resolve);
    req.on("error", reject);
    req.end(body);
  });
}

async function get(path: string, token?: string, scheme = "Bearer"): Promise<{ status: number; body: string; type?: string }> {
  const res = await send("GET", path, token === undefined ? {} : { authorization: `${scheme} ${token}` });
  let body = "";
  for await (const c of res) body += String(c);
  return { status: res.statusCode ?? 0, body, type: res.headers["content-type"] };
}

/** Real kubectl, asynchronously (the lab answers from this process), with its own HOME and cache. */
function kubectl(kubeconfig: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "kubectl",
      [`--kubeconfig=${kubeconfig}`, ...args],
      { env: { ...process.env, HOME: dir }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe("lab token authentication", () => {
  it("answers 401 with the apiserver's Status for missing, unknown, expired and revoked tokens; 200 for the admin token", async () => {
    const short = lab.auth!.issue(10_000); // lab time: 1 s of wall time at ×10
    const revoked = lab.auth!.issue(3_600_000);
    expect(await get("/api/v1/namespaces/default/pods", short)).toMatchObject({ status: 200 });
    expect(await get("/api/v1/namespaces/default/pods", revoked)).toMatchObject({ status: 200 });
    lab.auth!.revoke(revoked);
    await new Promise((r) => setTimeout(r, 1200));

    for (const token of [undefined, "not-a-token", short, revoked, ""])
      for (const path of ["/api/v1/namespaces/default/pods", "/apis/apps/v1/deployments?watch=true", "/api", "/healthz", "/version"]) {
        const r = await get(path, token);
        expect({ path, token, status: r.status, body: r.body, type: r.type }).toEqual({
          path,
          token,
          status: 401,
          body: UNAUTHORIZED,
          type: "application/json",
        });
      }
    const ok = await get("/api/v1/namespaces/default/pods", adminToken());
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ kind: "PodList" });
    // The scheme is case-insensitive, as in k8s.io/apiserver.
    expect((await get("/api", adminToken(), "bearer")).status).toBe(200);
    expect(() => lab.auth!.revoke(adminToken())).toThrow(/cannot be revoked/);
  });

  it("serves HTTPS with a self-signed certificate for 127.0.0.1 that the kubeconfig trusts (kubectl sends no token over http)", () => {
    expect(lab.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = new X509Certificate(lab.ca!);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(Date.parse(cert.validTo)).toBeGreaterThan(Date.now() + 365 * 86_400_000);
    const kc = parse(readFileSync(lab.kubeconfigPath, "utf8")) as { clusters: { cluster: Record<string, unknown> }[] };
    expect(kc.clusters[0].cluster).toEqual({ server: lab.server, "certificate-authority-data": Buffer.from(lab.ca!).toString("base64") });
  });

  it("authenticates a watch when it starts: it keeps streaming after its token is revoked or expires", async () => {
    const token = lab.auth!.issue(3_000);
    const res = await send("GET", `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${lab.store.resourceVersion}`, {
      authorization: `Bearer ${token}`,
    });
    expect(res.statusCode).toBe(200);
    res.setEncoding("utf8");
    let text = "";
    res.on("data", (c: string) => (text += c));
    lab.auth!.revoke(token);
    await new Promise((r) => setTimeout(r, 500)); // and past its expiry
    expect((await get("/api", token)).status).toBe(401);
    const created = await send(
      "POST",
      "/api/v1/namespaces/default/configmaps",
      { authorization: `Bearer ${adminToken()}`, "content-type": "application/json" },
      JSON.stringify({ metadata: { name: "after-expiry" } }),
    );
    expect(created.statusCode).toBe(201);
    created.resume();
    const end = Date.now() + 10_000;
    while (!text.includes('"after-expiry"') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(text.trim().split("\n")[0])).toMatchObject({ type: "ADDED", object: { metadata: { name: "after-expiry" } } });
    res.destroy();
  });

  it("real kubectl: the admin kubeconfig works; an expired token prints kubectl's usual error, exit code 1", async () => {
    const admin = await kubectl(lab.kubeconfigPath, "get", "namespaces", "-o", "name");
    expect(admin).toMatchObject({ code: 0, stdout: expect.stringContaining("namespace/default") });

    const token = lab.auth!.issue(1_000);
    await new Promise((r) => setTimeout(r, 300));
    const file = join(dir, "expired-kubeconfig");
    writeFileSync(file, stringify(labKubeconfig(lab.server, token, lab.ca)));
    const r = await kubectl(file, "get", "pods", "-n", "default");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: You must be logged in to the server (Unauthorized)\n");
  });

  it("is off unless asked for: plain HTTP, any token works", async () => {
    const open = await startLabCluster({ controllers: false, kubelet: false });
    try {
      expect(open.auth).toBeUndefined();
      expect(open.server).toMatch(/^http:\/\//);
      expect((await fetch(`${open.server}/api/v1/pods`, { headers: { authorization: "Bearer whatever" } })).status).toBe(200);
      expect((await fetch(`${open.server}/api/v1/pods`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe("createTokenAuth", () => {
  it("expires tokens by the lab's clock", () => {
    const clock = new ManualClock();
    const auth = createTokenAuth(clock, "admin");
    const t = auth.issue(60_000);
    expect(auth.authenticate(`Bearer ${t}`)).toBe(true);
    clock.advance(59_999);
    expect(auth.authenticate(`Bearer ${t}`)).toBe(true);
    clock.advance(1);
    expect(auth.authenticate(`Bearer ${t}`)).toBe(false);
    clock.advance(365 * 86_400_000);
    expect(auth.authenticate("Bearer admin")).toBe(true);
    expect(auth.authenticate("Basic YWRtaW46YWRtaW4=")).toBe(false);
    expect(() => auth.issue(0)).toThrow(/positive/);
  });
});
