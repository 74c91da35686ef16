import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasClusterConfig, KubeConfigError, listContexts, loadClusterTarget } from "./config";

const dir = mkdtempSync(join(tmpdir(), "rollscope-kc-"));
const file = join(dir, "config");
writeFileSync(
  file,
  `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster: { server: "http://127.0.0.1:6443" }
  - name: remote
    cluster: { server: "http://k8s.example.com:8080" }
  - name: prod
    cluster: { server: "https://prod.example.com" }
users:
  - name: u
    user: { token: abc }
contexts:
  - name: lab
    context: { cluster: lab, user: u, namespace: rollouts }
  - name: remote
    context: { cluster: remote, user: u }
  - name: prod
    context: { cluster: prod, user: u }
current-context: lab
`,
);
/** A process environment with only these variables (Next's typings make NODE_ENV required). */
const envOf = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const noEnv = envOf({});

describe("loadClusterTarget", () => {
  it("reads an explicit file and its current context, listing every context for the UI", () => {
    const t = loadClusterTarget({ kubeconfig: file }, noEnv);
    expect(t.context).toBe("lab");
    expect(t.server).toBe("http://127.0.0.1:6443");
    expect(listContexts(t).map((c) => [c.name, c.current, c.namespace])).toEqual([
      ["lab", true, "rollouts"],
      ["remote", false, undefined],
      ["prod", false, undefined],
    ]);
  });

  it("switches context with --context and names the known ones when it is wrong", () => {
    expect(loadClusterTarget({ kubeconfig: file, context: "prod" }, noEnv).server).toBe("https://prod.example.com");
    expect(() => loadClusterTarget({ kubeconfig: file, context: "nope" }, noEnv)).toThrow(
      /context "nope" is not in .*known: lab, remote, prod/,
    );
  });

  it("allows plain http only on loopback (client-node would refuse it; kubectl accepts it)", () => {
    const t = loadClusterTarget({ kubeconfig: file }, noEnv);
    expect(t.kc.getCluster("lab")?.skipTLSVerify).toBe(true);
    expect(t.kc.getCluster("remote")?.skipTLSVerify).toBeFalsy();
    expect(t.kc.getCluster("prod")?.skipTLSVerify).toBeFalsy();
  });

  it("says clearly when the file is missing or broken", () => {
    expect(() => loadClusterTarget({ kubeconfig: join(dir, "missing") }, noEnv)).toThrow(KubeConfigError);
    const broken = join(dir, "broken");
    writeFileSync(broken, "clusters: [ {");
    expect(() => loadClusterTarget({ kubeconfig: broken }, noEnv)).toThrow(/cannot read kubeconfig/);
  });

  it("follows $KUBECONFIG when no file is given", () => {
    const t = loadClusterTarget({}, envOf({ KUBECONFIG: `${join(dir, "missing")}:${file}` }));
    expect(t.origin).toBe(`$KUBECONFIG=${join(dir, "missing")}:${file}`);
    expect(t.context).toBe("lab");
    expect(() => loadClusterTarget({}, envOf({ KUBECONFIG: join(dir, "missing") }))).toThrow(/names no existing file/);
    expect(hasClusterConfig({}, envOf({ KUBECONFIG: join(dir, "missing") }))).toBe(false);
    expect(hasClusterConfig({}, envOf({ KUBECONFIG: file }))).toBe(true);
  });
});
