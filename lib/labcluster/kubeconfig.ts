import { randomBytes } from "node:crypto";
import { mkdir, writeFile, chmod } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "yaml";

export const LAB_CONTEXT = "rollscope-lab";

/**
 * A kubeconfig for the lab server: cluster, bearer-token user and context all named rollscope-lab.
 * `ca` (PEM) is the certificate an https:// lab serves with.
 */
export function labKubeconfig(server: string, token = randomBytes(16).toString("hex"), ca?: string): Record<string, unknown> {
  // Plain http has no certificate to verify; saying so keeps clients that insist on TLS
  // settings (client-node) from refusing the cluster. kubectl accepts it as is.
  const trust = ca
    ? { "certificate-authority-data": Buffer.from(ca).toString("base64") }
    : server.startsWith("http:")
      ? { "insecure-skip-tls-verify": true }
      : {};
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: LAB_CONTEXT, cluster: { server, ...trust } }],
    users: [{ name: LAB_CONTEXT, user: { token } }],
    contexts: [{ name: LAB_CONTEXT, context: { cluster: LAB_CONTEXT, user: LAB_CONTEXT, namespace: "default" } }],
    "current-context": LAB_CONTEXT,
    preferences: {},
  };
}

/**
 * Writes the kubeconfig as YAML with mode 0600 (it holds a token), creating the directory.
 * `token` defaults to a random one (any token works unless the lab authenticates).
 */
export async function writeKubeconfig(path: string, server: string, token?: string, ca?: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringify(labKubeconfig(server, token, ca)), { mode: 0o600 });
  await chmod(path, 0o600); // writeFile's mode only applies when it creates the file
}
