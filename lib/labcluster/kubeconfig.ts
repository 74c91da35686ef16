import { randomBytes } from "node:crypto";
import { mkdir, writeFile, chmod } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "yaml";

export const LAB_CONTEXT = "rollscope-lab";

/** A kubeconfig for the lab server: cluster, bearer-token user and context all named rollscope-lab. */
export function labKubeconfig(server: string, token = randomBytes(16).toString("hex")): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Config",
    // Plain http has no certificate to verify; saying so keeps clients that insist on TLS
    // settings (client-node) from refusing the cluster. kubectl accepts it as is.
    clusters: [{ name: LAB_CONTEXT, cluster: { server, ...(server.startsWith("http:") ? { "insecure-skip-tls-verify": true } : {}) } }],
    users: [{ name: LAB_CONTEXT, user: { token } }],
    contexts: [{ name: LAB_CONTEXT, context: { cluster: LAB_CONTEXT, user: LAB_CONTEXT, namespace: "default" } }],
    "current-context": LAB_CONTEXT,
    preferences: {},
  };
}

/** Writes the kubeconfig as YAML with mode 0600 (it holds a token), creating the directory. */
export async function writeKubeconfig(path: string, server: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringify(labKubeconfig(server)), { mode: 0o600 });
  await chmod(path, 0o600); // writeFile's mode only applies when it creates the file
}
