import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { loadClusterTarget } from "./config";
import { reloadingCredentials, unauthorizedReason } from "./credentials";

const config = (token: string) => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "https://k8s.example.com" }],
    users: [{ name: "u", token }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return kc;
};
const tokenOf = (kc: KubeConfig) => kc.getCurrentUser()?.token;

describe("reloadingCredentials", () => {
  it("keeps its config until a 401, then re-reads once before the next request, shared by every kind", () => {
    let t = 0;
    let reads = 0;
    const first = config("t1");
    const creds = reloadingCredentials(first, "/kc", () => config(`t${++reads + 1}`), { now: () => t });
    expect(creds.current()).toBe(first);
    expect(reads).toBe(0);
    // Three kinds are rejected with the same config: one re-read.
    creds.rejected(first);
    creds.rejected(first);
    const second = creds.current();
    creds.rejected(first); // a request that was in flight with the old config: already handled
    expect(tokenOf(second)).toBe("t2");
    expect(creds.current()).toBe(second);
    expect(reads).toBe(1);
    // Rejected again at once: throttled to one re-read per second.
    creds.rejected(second);
    t = 500;
    expect(creds.current()).toBe(second);
    t = 1000;
    expect(tokenOf(creds.current())).toBe("t3");
    expect(reads).toBe(2);
  });

  it("keeps the previous config when the re-read fails, says why, and tries again after the next 401", () => {
    let t = 0;
    let broken = true;
    const first = config("t1");
    const creds = reloadingCredentials(
      first,
      "/kc",
      () => {
        if (broken) throw new Error("cannot read kubeconfig: bad YAML");
        return config("t2");
      },
      { now: () => t },
    );
    creds.rejected(first);
    expect(creds.current()).toBe(first);
    expect(creds.reloadError).toBe("cannot read kubeconfig: bad YAML");
    broken = false;
    t = 5000;
    expect(creds.current()).toBe(first); // no 401 since: no re-read
    creds.rejected(first);
    expect(tokenOf(creds.current())).toBe("t2");
    expect(creds.reloadError).toBeUndefined();
  });
});

describe("loadClusterTarget's credentials", () => {
  const dir = mkdtempSync(join(tmpdir(), "rollscope-creds-"));
  const file = join(dir, "config");
  const write = (text: string) => {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  };
  const kubeconfig = (token: string, current: string) => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://a.example.com"}}, {name: d, cluster: {server: "https://b.example.com"}}]
users: [{name: u, user: {token: ${token}}}]
contexts: [{name: a, context: {cluster: c, user: u}}, {name: b, context: {cluster: d, user: u}}]
current-context: ${current}
`;

  it("re-read the same file and context into a new KubeConfig; a broken file keeps the old one", async () => {
    write(kubeconfig("t1", "a"));
    const target = loadClusterTarget({ kubeconfig: file }, {} as unknown as NodeJS.ProcessEnv);
    const creds = target.credentials;
    expect(creds.origin).toBe(file);
    expect(creds.current()).toBe(target.kc);
    // The user logs in again (new token) and, meanwhile, switches kubectl's current context.
    write(kubeconfig("t2", "b"));
    creds.rejected(target.kc);
    const next = creds.current();
    expect(next).not.toBe(target.kc);
    expect(tokenOf(next)).toBe("t2");
    expect(next.getCurrentContext()).toBe("a");
    expect(next.getCurrentCluster()?.server).toBe("https://a.example.com");

    write("clusters: [ {");
    creds.rejected(next);
    await new Promise((r) => setTimeout(r, 1100)); // the throttle's second
    expect(creds.current()).toBe(next);
    expect(creds.reloadError).toMatch(/^cannot read kubeconfig: /);
  });
});

describe("unauthorizedReason", () => {
  it("names the origin, says what to do, and adds a failed re-read", () => {
    expect(unauthorizedReason("$KUBECONFIG=/a:/b")).toBe(
      "Unauthorized: the cluster rejected Rollscope's credentials from $KUBECONFIG=/a:/b (token expired or revoked). " +
        "Rollscope re-reads the kubeconfig and re-runs its credential plugin before every retry: refresh the credentials (log in again / rewrite the token) and it resumes by itself.",
    );
    expect(unauthorizedReason("/kc", "cannot read kubeconfig: x")).toMatch(
      /resumes by itself\. Re-reading them failed, so the previous ones are still in use: cannot read kubeconfig: x$/,
    );
  });
});
