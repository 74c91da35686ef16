/**
 * Defaulting as the real apiserver does it (pkg/apis/{core,apps}/v1/defaults.go plus the admission
 * plugins that every cluster runs: ServiceAccount, DefaultTolerationSeconds, Priority). Mutates the
 * wire JSON in place; runs on create and update, before validation, like the real decode path.
 */
import { ensureObject, isJsonObject as isObj, listAt, type JsonObject, type JsonValue } from "./json";
import type { KObj } from "./types";

const setIfUnset = (o: JsonObject, k: string, v: JsonValue | undefined) => {
  if (o[k] === undefined || o[k] === null) o[k] = v;
};

/** Always for `:latest` or no tag, IfNotPresent otherwise (SetDefaults_Container). */
export function defaultPullPolicy(image: string): string {
  if (image.includes("@")) return "IfNotPresent";
  const lastSlash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  const tag = colon > lastSlash ? image.slice(colon + 1) : "";
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setIfUnset(p, "timeoutSeconds", 1);
  setIfUnset(p, "periodSeconds", 10);
  setIfUnset(p, "successThreshold", 1);
  setIfUnset(p, "failureThreshold", 3);
  if (isObj(p.httpGet)) setIfUnset(p.httpGet, "scheme", "HTTP");
}

function defaultContainer(c: unknown): void {
  if (!isObj(c)) return;
  if (typeof c.image === "string") setIfUnset(c, "imagePullPolicy", defaultPullPolicy(c.image));
  setIfUnset(c, "terminationMessagePath", "/dev/termination-log");
  setIfUnset(c, "terminationMessagePolicy", "File");
  setIfUnset(c, "resources", {});
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObj(p)) setIfUnset(p, "protocol", "TCP");
  if (Array.isArray(c.env))
    for (const e of c.env)
      if (isObj(e) && isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) setIfUnset(e.valueFrom.fieldRef, "apiVersion", "v1");
  defaultProbe(c.readinessProbe);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.startupProbe);
}

/** SetDefaults_PodSpec and its containers; used for pods and pod templates alike. */
export function defaultPodSpec(spec: unknown): void {
  if (!isObj(spec)) return;
  setIfUnset(spec, "restartPolicy", "Always");
  setIfUnset(spec, "terminationGracePeriodSeconds", 30);
  setIfUnset(spec, "dnsPolicy", "ClusterFirst");
  setIfUnset(spec, "securityContext", {});
  setIfUnset(spec, "schedulerName", "default-scheduler");
  for (const list of ["containers", "initContainers"]) for (const c of listAt(spec, list) ?? []) defaultContainer(c);
  if (Array.isArray(spec.volumes))
    for (const v of spec.volumes) {
      if (isObj(v) && isObj(v.configMap)) setIfUnset(v.configMap, "defaultMode", 420);
      if (isObj(v) && isObj(v.secret)) setIfUnset(v.secret, "defaultMode", 420);
    }
}

function defaultPodTemplate(t: unknown): void {
  if (!isObj(t)) return;
  if (!isObj(t.metadata)) t.metadata = {};
  defaultPodSpec(t.spec);
}

const NOT_READY_TOLERATIONS = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

const SA_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** The ServiceAccount admission plugin's projected token volume and its mount in every container. */
function mountServiceAccountToken(spec: JsonObject, random: () => number): void {
  if (spec.automountServiceAccountToken === false) return;
  const volumes = listAt(spec, "volumes") ?? [];
  if (volumes.some((v) => isObj(v) && typeof v.name === "string" && v.name.startsWith("kube-api-access-"))) return;
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)];
  const name = `kube-api-access-${suffix}`;
  volumes.push({
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    },
  });
  spec.volumes = volumes;
  for (const list of ["containers", "initContainers"]) {
    for (const c of listAt(spec, list) ?? []) {
      if (!isObj(c)) continue;
      const mounts = listAt(c, "volumeMounts") ?? [];
      if (mounts.some((m) => isObj(m) && m.mountPath === SA_MOUNT)) continue;
      c.volumeMounts = [...mounts, { name, readOnly: true, mountPath: SA_MOUNT }];
    }
  }
}

function defaultPod(obj: KObj, isCreate: boolean, random: () => number): void {
  const spec = obj.spec;
  defaultPodSpec(spec);
  if (!isObj(spec) || !isCreate) return;
  mountServiceAccountToken(spec, random);
  // Admission plugins of every real cluster (ServiceAccount, Priority, DefaultTolerationSeconds).
  setIfUnset(spec, "serviceAccountName", "default");
  setIfUnset(spec, "serviceAccount", spec.serviceAccountName);
  setIfUnset(spec, "enableServiceLinks", true);
  setIfUnset(spec, "priority", 0);
  setIfUnset(spec, "preemptionPolicy", "PreemptLowerPriority");
  const tol = listAt(spec, "tolerations") ?? [];
  for (const t of NOT_READY_TOLERATIONS) if (!tol.some((x) => isObj(x) && x.key === t.key)) tol.push({ ...t });
  spec.tolerations = tol;
}

function defaultDeployment(obj: KObj): void {
  const spec = obj.spec;
  if (!isObj(spec)) return;
  setIfUnset(spec, "replicas", 1);
  const strategy = ensureObject(spec, "strategy");
  setIfUnset(strategy, "type", "RollingUpdate");
  if (strategy.type === "RollingUpdate") {
    const rollingUpdate = ensureObject(strategy, "rollingUpdate");
    setIfUnset(rollingUpdate, "maxUnavailable", "25%");
    setIfUnset(rollingUpdate, "maxSurge", "25%");
  }
  setIfUnset(spec, "revisionHistoryLimit", 10);
  setIfUnset(spec, "progressDeadlineSeconds", 600);
  defaultPodTemplate(spec.template);
}

function defaultReplicaSet(obj: KObj): void {
  const spec = obj.spec;
  if (!isObj(spec)) return;
  setIfUnset(spec, "replicas", 1);
  defaultPodTemplate(spec.template);
}

function defaultService(obj: KObj): void {
  const spec = obj.spec;
  if (!isObj(spec)) return;
  setIfUnset(spec, "type", "ClusterIP");
  setIfUnset(spec, "sessionAffinity", "None");
  if (spec.type !== "ExternalName") setIfUnset(spec, "internalTrafficPolicy", "Cluster");
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") setIfUnset(spec, "externalTrafficPolicy", "Cluster");
  if (Array.isArray(spec.ports))
    for (const p of spec.ports) {
      if (!isObj(p)) continue;
      setIfUnset(p, "protocol", "TCP");
      if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
    }
}

function defaultNamespace(obj: KObj, isCreate: boolean): void {
  if (isCreate) {
    const spec = isObj(obj.spec) ? obj.spec : {};
    obj.spec = spec;
    setIfUnset(spec, "finalizers", ["kubernetes"]);
    obj.status = { phase: "Active" };
  }
  // The NamespaceDefaultLabelName feature: every namespace carries its own name as a label.
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name ?? "" };
}

function defaultEndpointPorts(obj: KObj): void {
  const ports = Array.isArray(obj.ports) ? obj.ports : [];
  for (const p of ports) if (isObj(p)) setIfUnset(p, "protocol", "TCP");
  const subsets = Array.isArray(obj.subsets) ? obj.subsets : [];
  for (const s of subsets) if (isObj(s) && Array.isArray(s.ports)) for (const p of s.ports) if (isObj(p)) setIfUnset(p, "protocol", "TCP");
}

/** Applies the defaults of `storage`'s kind to `obj` (in place). */
export function applyDefaults(storage: string, obj: KObj, isCreate: boolean, random: () => number = Math.random): void {
  switch (storage) {
    case "pods":
      return defaultPod(obj, isCreate, random);
    case "deployments":
      return defaultDeployment(obj);
    case "replicasets":
      return defaultReplicaSet(obj);
    case "services":
      return defaultService(obj);
    case "namespaces":
      return defaultNamespace(obj, isCreate);
    case "endpoints":
    case "endpointslices":
      return defaultEndpointPorts(obj);
    case "secrets":
      if (!obj.type) obj.type = "Opaque";
      return;
  }
}
