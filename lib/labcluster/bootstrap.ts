/**
 * What a fresh cluster has before anyone writes to it: the four system namespaces, the
 * `kubernetes` Service (10.96.0.1) with its EndpointSlice, and a `default` ServiceAccount in
 * every namespace (the serviceaccount controller's one visible effect).
 */
import { RESOURCES } from "./registry";
import type { Store } from "./store";
import type { ApiVerbs } from "./verbs";

/** A placeholder CA: the lab server speaks plain http, nothing is signed with it. */
const LAB_CA = "-----BEGIN CERTIFICATE-----\nUm9sbHNjb3BlIGxhYiBjbHVzdGVyOiBwbGFpbiBodHRwLCBubyBUTFMu\n-----END CERTIFICATE-----\n";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

const ri = (storage: string) => RESOURCES.find((r) => r.storage === storage && r.group !== "events.k8s.io")!;

export function bootstrapCluster(verbs: ApiVerbs, apiPort: number): void {
  for (const name of SYSTEM_NAMESPACES) {
    if (!verbs.store.get("namespaces", undefined, name)) verbs.create(ri("namespaces"), undefined, { metadata: { name } });
  }
  if (!verbs.store.get("services", "default", "kubernetes")) {
    verbs.create(ri("services"), "default", {
      metadata: { name: "kubernetes", labels: { component: "apiserver", provider: "kubernetes" } },
      // targetPort is where the API server really listens, so the Service, its EndpointSlice and
      // Endpoints agree (a real cluster: 443 → 6443).
      spec: { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: apiPort }] },
    });
  }
  if (!verbs.store.get("endpointslices", "default", "kubernetes")) {
    verbs.create(ri("endpointslices"), "default", {
      metadata: {
        name: "kubernetes",
        labels: {
          "kubernetes.io/service-name": "kubernetes",
          "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
        },
      },
      addressType: "IPv4",
      endpoints: [{ addresses: ["127.0.0.1"], conditions: { ready: true } }],
      ports: [{ name: "https", port: apiPort, protocol: "TCP" }],
    });
  }
  if (!verbs.store.get("endpoints", "default", "kubernetes")) {
    verbs.create(ri("endpoints"), "default", {
      metadata: { name: "kubernetes", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
      subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "https", port: apiPort, protocol: "TCP" }] }],
    });
  }
}

/** Creates the `default` ServiceAccount and `kube-root-ca.crt` in every namespace, now and as namespaces appear. */
export function startServiceAccounts(store: Store, verbs: ApiVerbs): () => void {
  const ensure = (ns: string) => {
    const nsObj = store.get("namespaces", undefined, ns);
    if (!nsObj || nsObj.metadata.deletionTimestamp) return;
    if (!store.get("serviceaccounts", ns, "default")) verbs.create(ri("serviceaccounts"), ns, { metadata: { name: "default" } });
    // root-ca-cert-publisher: the CA bundle every pod's token volume projects.
    if (!store.get("configmaps", ns, "kube-root-ca.crt"))
      verbs.create(ri("configmaps"), ns, { metadata: { name: "kube-root-ca.crt" }, data: { "ca.crt": LAB_CA } });
  };
  for (const n of store.list("namespaces")) ensure(n.metadata.name!);
  return store.subscribe((ev) => {
    if (ev.storage === "namespaces" && ev.type === "ADDED") queueMicrotask(() => ensure(ev.object.metadata.name!));
  });
}
