import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/** Runs an ES module script in a fresh Node (the project's) from the repository root; its stdout lines. */
function run(script: string): string[] {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.trim().split("\n");
}

// Records every module the process loads (a load hook: resolving a URL is not loading it).
const LOADED = `
import * as m from "node:module";
const loaded = [];
globalThis.loaded = loaded;
`;
const TRACE = `m.registerHooks({ load(url, c, next) { loaded.push(url); return next(url, c); } });`;
const KUBECONFIG = `apiVersion: v1
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
users: [{name: u, user: {token: t}}]
current-context: x
`;
const USE = `
const { KubeConfig } = await import("@kubernetes/client-node/dist/config.js");
const kc = new KubeConfig();
kc.loadFromString(${JSON.stringify(KUBECONFIG)});
console.log(kc.getCurrentCluster().server);
// The generated index and its models (middleware.js's tiny gen/rxjsStub.js does not count).
console.log(loaded.filter((u) => ["/dist/gen/index.js", "/dist/gen/models/", "/dist/gen/apis/"].some((p) => u.includes(p))).length);
const { CoreV1Api } = await import("@kubernetes/client-node");
const api = kc.makeApiClient(CoreV1Api);
console.log(typeof api.listNamespacedPod);
`;

describe("bin/lazy-client-gen.mjs (the server keeps client-node's generated API unloaded)", () => {
  it("KubeConfig loads without the generated API client, and makeApiClient still gets the real one", () => {
    const [server, genModules, method] = run(`${LOADED}${TRACE}
const { registerLazyClientGen } = await import("./bin/lazy-client-gen.mjs");
registerLazyClientGen();${USE}`);
    expect(server).toBe("https://127.0.0.1:1");
    expect(genModules).toBe("0");
    expect(method).toBe("function");
  });

  it("without it, the same import loads the generated client (what the hook saves)", () => {
    const [, genModules] = run(`${LOADED}${TRACE}${USE}`);
    expect(Number(genModules)).toBeGreaterThan(100);
  });
});
