/**
 * Exec credential plugins (EKS, GKE, OIDC helpers) work through our transport: client-node runs
 * the plugin and we send its token. A tiny HTTP server stands in for the apiserver.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClusterTarget } from "./config";
import { RESOURCES } from "./resources";
import { writeTestKubeconfig } from "@/test/support/kube/kubeconfig";
import { httpInformerIO } from "./transport";

let server: Server;
let port = 0;
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        kind: "PodList",
        apiVersion: "v1",
        metadata: { resourceVersion: "5" },
        items: [{ metadata: { name: "p", namespace: "x", uid: "u1" } }],
      }),
    );
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  port = typeof addr === "object" && addr ? addr.port : 0;
});

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe("exec auth plugin", () => {
  it("sends the token the plugin printed", async () => {
    const credential = JSON.stringify({
      apiVersion: "client.authentication.k8s.io/v1",
      kind: "ExecCredential",
      status: { token: "from-exec-plugin" },
    });
    const file = writeTestKubeconfig(`http://127.0.0.1:${port}`, {
      exec: {
        apiVersion: "client.authentication.k8s.io/v1",
        command: "sh",
        args: ["-c", `echo '${credential}'`],
        interactiveMode: "Never",
      },
    });
    const target = loadClusterTarget({ kubeconfig: file }, {} as unknown as NodeJS.ProcessEnv);
    const list = await httpInformerIO(target.kc, RESOURCES.Pod).list();
    expect(seen.at(-1)).toBe("Bearer from-exec-plugin");
    expect(list.resourceVersion).toBe("5");
    expect(list.items[0]).toMatchObject({ kind: "Pod", apiVersion: "v1", metadata: { name: "p" } });
  });

  it("a failing plugin is named as the cause, not the network", async () => {
    const file = writeTestKubeconfig(`http://127.0.0.1:${port}`, {
      exec: {
        apiVersion: "client.authentication.k8s.io/v1",
        command: "sh",
        args: ["-c", 'echo "error: serviceaccounts \\"rollscope\\" not found" >&2; exit 1'],
        interactiveMode: "Never",
      },
    });
    const target = loadClusterTarget({ kubeconfig: file }, {} as unknown as NodeJS.ProcessEnv);
    const before = seen.length;
    await expect(httpInformerIO(target.kc, RESOURCES.Pod).list()).rejects.toThrow(
      `cannot get credentials for http://127.0.0.1:${port} (credential plugin or token file failed): error: serviceaccounts "rollscope" not found`,
    );
    expect(seen.length).toBe(before);
  });
});
