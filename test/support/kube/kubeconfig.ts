/** Tests' kubeconfigs: one cluster, one user, one current context, written to a fresh temp dir. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The kubeconfig document (JSON is YAML) for `server` and `user` (token, exec, …). */
export function kubeconfigText(server: string, user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server } }],
    users: [{ name: "u", user }],
    contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
    "current-context": "ctx",
  });
}

/** Writes it to `<new temp dir>/config`; returns the path. */
export function writeTestKubeconfig(server: string, user: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), "rollscope-kc-")), "config");
  writeFileSync(file, kubeconfigText(server, user));
  return file;
}
