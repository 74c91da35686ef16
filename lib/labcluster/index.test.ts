import { readFileSync, statSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { startLabCluster } from "./index";
import { STORE } from "./kinds";

describe("startLabCluster", () => {
  it("writes a 0600 kubeconfig for rollscope-lab, bootstraps the cluster and stops promptly", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "lab-index-")), "nested", "kubeconfig");
    const lab = await startLabCluster({ kubeconfigOut: out, controllers: false, kubelet: false });
    try {
      expect(lab.kubeconfigPath).toBe(out);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const kc = parse(readFileSync(out, "utf8"));
      expect(kc["current-context"]).toBe("rollscope-lab");
      expect(kc.clusters[0]).toMatchObject({ name: "rollscope-lab", cluster: { server: lab.server } });
      expect(kc.users[0].user.token).toMatch(/^[0-9a-f]{32}$/);
      expect(kc.contexts[0]).toMatchObject({ name: "rollscope-lab", context: { cluster: "rollscope-lab", user: "rollscope-lab" } });
      expect(lab.server).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ns = await (await fetch(`${lab.server}/api/v1/namespaces`)).json();
      expect(ns.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual([
        "default",
        "kube-node-lease",
        "kube-public",
        "kube-system",
      ]);
      await fetch(`${lab.server}/api/v1/namespaces`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ metadata: { name: "lab" } }),
      });
      await new Promise((r) => setTimeout(r, 10));
      expect(lab.store.get("serviceaccounts", "lab", "default")).toBeDefined();
      expect(lab.store.get("configmaps", "lab", "kube-root-ca.crt")?.data).toHaveProperty("ca.crt");
      expect(lab.store.get(STORE.services, "default", "kubernetes")!.spec!.clusterIP).toBe("10.96.0.1");
      // A watch is open when stop() is called: stop must not wait for it.
      const ctl = new AbortController();
      const watch = await fetch(`${lab.server}/api/v1/pods?watch=true`, { signal: ctl.signal });
      const reading = watch
        .body!.getReader()
        .read()
        .catch(() => ({ done: true }));
      await lab.stop();
      expect((await reading).done).toBe(true);
    } finally {
      await lab.stop();
    }
    await expect(fetch(`${lab.server}/healthz`)).rejects.toThrow();
  });
});
