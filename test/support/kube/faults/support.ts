/**
 * What the fault tests share (lab cluster: faults.test.ts, token.test.ts; real control plane:
 * e2e/k8s/faults-real.ts): the workload they roll out, real kubectl, waiting, and the comparison
 * of a hub's store with the lab cluster's own store, object by object, resourceVersion by
 * resourceVersion.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { LabCluster } from "../../../../lib/labcluster/index";
import type { Kind } from "../../../../lib/model/raw";
import type { Hub } from "../../../../lib/kube/hub";

/** A model server of 3 replicas whose pods turn Ready after a second ("model is loading"), and its Service. */
export function rolloutManifest(namespace?: string): string {
  const ns = namespace ? `, namespace: ${namespace}` : "";
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: inference${ns}}
spec:
  replicas: 3
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: inference}}
  template:
    metadata: {labels: {app: inference}}
    spec:
      containers:
      - name: model
        image: busybox:1.36
        command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep infinity"]
        env: [{name: VERSION, value: v1}]
        readinessProbe: {exec: {command: ["cat", "/tmp/ready"]}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: inference${ns}}
spec:
  selector: {app: inference}
  ports: [{port: 80, targetPort: 8080}]
`;
}

/**
 * Real kubectl with `kubeconfig` (and `-n namespace`), asynchronously: a lab cluster may answer
 * from this same process, which a synchronous child would block.
 */
export function kubectlWith(kubeconfig: string, namespace?: string, bin = "kubectl") {
  return async (...args: string[]): Promise<string> => {
    const ns = namespace ? ["-n", namespace] : [];
    const { stdout } = await promisify(execFile)(bin, [`--kubeconfig=${kubeconfig}`, ...ns, ...args], {
      encoding: "utf8",
      timeout: 120_000,
    });
    return stdout;
  };
}

/** Creates `namespace`, applies rolloutManifest() there and waits for the rollout (kubectl bound to that namespace). */
export async function deployWorkload(kubectl: (...args: string[]) => Promise<string>, dir: string, namespace: string): Promise<void> {
  await kubectl("create", "namespace", namespace);
  const f = join(dir, `${namespace}.yaml`);
  writeFileSync(f, rolloutManifest());
  await kubectl("apply", "-f", f);
  await kubectl("rollout", "status", "deployment/inference", "--timeout=60s");
}

export async function until(what: string, ok: () => boolean, timeoutMs = 20_000, explain: () => string = () => ""): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what} ${explain()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const KINDS: [Kind, string][] = [
  ["Deployment", "deployments"],
  ["ReplicaSet", "replicasets"],
  ["Pod", "pods"],
  ["Service", "services"],
];

type Versions = Record<string, string>;

/** Compares what a hub holds of `namespace` with the lab cluster's store. */
export function labSync(lab: () => LabCluster, namespace: string) {
  const truth = (storage: string): Versions => {
    const out: Versions = {};
    for (const o of lab().store.list(storage, namespace)) out[o.metadata.uid!] = o.metadata.resourceVersion!;
    return out;
  };
  const seen = (hub: Hub, kind: Kind): Versions => {
    const out: Versions = {};
    for (const o of Object.values(hub.store.objects[kind]))
      if (o.metadata.namespace === namespace) out[o.metadata.uid!] = o.metadata.resourceVersion!;
    return out;
  };
  const same = (a: Versions, b: Versions) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
  return {
    truth,
    seen,
    same,
    inSync: (hub: Hub) => KINDS.every(([k, storage]) => same(seen(hub, k), truth(storage))),
    /** What differs, for a failure message. */
    diff: (hub: Hub) =>
      KINDS.map(([k, storage]) => {
        const a = seen(hub, k);
        const b = truth(storage);
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((u) => a[u] !== b[u]);
        return keys.length ? `${k}: ${keys.map((u) => `${u.slice(0, 8)} seen=${a[u]} truth=${b[u]}`).join(", ")}` : "";
      })
        .filter(Boolean)
        .join("; "),
  };
}
