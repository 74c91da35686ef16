import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deployment, startTestApi, type TestApi } from "@/test/support/labcluster/test-api";
import type { ContainerSpec, PodSpec, PodStatus } from "./kinds";
import type { KObj } from "./types";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(async () => {
  await t.close();
});

const DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";

describe("discovery", () => {
  it("serves /api, /apis, resource lists, /version and health", async () => {
    expect((await t.req("GET", "/api")).json).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const core = (await t.req("GET", "/api/v1")).json;
    const names = core.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(["pods", "pods/status", "pods/binding", "pods/log", "services", "endpoints", "events", "namespaces", "nodes"]),
    );
    const apps = (await t.req("GET", "/apis/apps/v1")).json;
    expect(apps.resources.find((r: { name: string }) => r.name === "deployments/scale")).toMatchObject({
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
    });
    const groups = (await t.req("GET", "/apis")).json.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(["apps", "discovery.k8s.io", "events.k8s.io"]));
    expect((await t.req("GET", "/version")).json.gitVersion).toBe("v1.35.0");
    for (const p of ["/healthz", "/readyz", "/livez"]) expect(await t.req("GET", p)).toMatchObject({ status: 200, text: "ok" });
  });

  it("answers unknown paths and resources with a NotFound Status", async () => {
    for (const p of ["/apis/foo.io/v1", "/api/v1/widgets", "/apis/apps/v1/namespaces/default/widgets", "/nope", "/api/v2"]) {
      const r = await t.req("GET", p);
      expect(r.status, p).toBe(404);
      expect(r.json).toMatchObject({ kind: "Status", reason: "NotFound", message: "the server could not find the requested resource" });
    }
  });
});

describe("CRUD", () => {
  it("creates with defaults, gets, lists, and 404s like the real apiserver", async () => {
    const c = await t.req("POST", DEPLOYS, deployment("web"));
    expect(c.status).toBe(201);
    expect(c.json.metadata).toMatchObject({ name: "web", namespace: "default", generation: 1 });
    expect(c.json.spec).toMatchObject({
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    const ctr = c.json.spec.template.spec.containers[0];
    expect(ctr).toMatchObject({
      imagePullPolicy: "IfNotPresent",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    });
    expect(c.json.spec.template.spec).toMatchObject({
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      schedulerName: "default-scheduler",
    });
    expect((await t.req("GET", `${DEPLOYS}/web`)).json.metadata.uid).toBe(c.json.metadata.uid);
    const list = await t.req("GET", DEPLOYS);
    expect(list.json).toMatchObject({
      kind: "DeploymentList",
      apiVersion: "apps/v1",
      metadata: { resourceVersion: t.store.resourceVersion },
    });
    expect(list.json.items).toHaveLength(1);
    expect((await t.req("GET", "/apis/apps/v1/deployments")).json.items).toHaveLength(1);
    const nf = await t.req("GET", `${DEPLOYS}/nope`);
    expect(nf.status).toBe(404);
    expect(nf.json).toMatchObject({
      reason: "NotFound",
      message: 'deployments.apps "nope" not found',
      details: { name: "nope", group: "apps", kind: "deployments" },
    });
    expect((await t.req("POST", DEPLOYS, deployment("web"))).json).toMatchObject({ code: 409, reason: "AlreadyExists" });
  });

  it("needs the namespace to exist and honours generateName", async () => {
    const r = await t.req("POST", "/apis/apps/v1/namespaces/missing/deployments", deployment("web"));
    expect(r.status).toBe(404);
    expect(r.json.message).toBe('namespaces "missing" not found');
    const g = await t.req("POST", "/api/v1/namespaces/default/pods", {
      metadata: { generateName: "web-" },
      spec: { containers: [{ name: "c", image: "busybox" }] },
    });
    expect(g.status).toBe(201);
    expect(g.json.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(g.json.spec.containers[0].imagePullPolicy).toBe("Always");
    expect(g.json.status).toMatchObject({ phase: "Pending", qosClass: "BestEffort" });
  });

  it("allocates service cluster IPs and defaults targetPort", async () => {
    const s = await t.req("POST", "/api/v1/namespaces/default/services", {
      metadata: { name: "web" },
      spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
    });
    expect(s.status).toBe(201);
    expect(s.json.spec).toMatchObject({
      type: "ClusterIP",
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ports: [{ port: 80, targetPort: 80, protocol: "TCP" }],
    });
    expect(s.json.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(s.json.spec.clusterIP).not.toBe("10.96.0.1");
    const dup = await t.req("POST", "/api/v1/namespaces/default/services", {
      metadata: { name: "b" },
      spec: { clusterIP: s.json.spec.clusterIP, ports: [{ port: 80 }] },
    });
    expect(dup.status).toBe(422);
    expect(dup.json.message).toContain("provided IP is already allocated");
  });

  it("PUT checks resourceVersion (409), bumps generation only on spec changes, ignores status", async () => {
    const c = (await t.req("POST", DEPLOYS, deployment("web"))).json;
    const stale = structuredClone(c);
    const next = structuredClone(c);
    next.metadata.labels = { a: "b" };
    next.status = { replicas: 99 };
    const u = await t.req("PUT", `${DEPLOYS}/web`, next);
    expect(u.status).toBe(200);
    expect(u.json.metadata.generation).toBe(1);
    expect(u.json.status).toEqual({});
    stale.spec.replicas = 5;
    const conflict = await t.req("PUT", `${DEPLOYS}/web`, stale);
    expect(conflict.status).toBe(409);
    expect(conflict.json.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    const fresh = u.json;
    fresh.spec.replicas = 5;
    expect((await t.req("PUT", `${DEPLOYS}/web`, fresh)).json.metadata.generation).toBe(2);
  });

  it("PUT creates a missing Service/Endpoints/Lease (AllowCreateOnUpdate) but not a Deployment", async () => {
    const ep = await t.req("PUT", "/api/v1/namespaces/default/endpoints/ep", { metadata: { name: "ep" }, subsets: [] });
    expect(ep.status).toBe(201);
    expect((await t.req("PUT", `${DEPLOYS}/ghost`, deployment("ghost"))).status).toBe(404);
  });

  it("a no-op write keeps the resourceVersion", async () => {
    const c = (await t.req("POST", DEPLOYS, deployment("web"))).json;
    const p = await t.req("PATCH", `${DEPLOYS}/web`, { spec: { replicas: 3 } }, { "Content-Type": "application/merge-patch+json" });
    expect(p.json.metadata.resourceVersion).toBe(c.metadata.resourceVersion);
  });

  it("the status subresource writes only status", async () => {
    const c = (await t.req("POST", DEPLOYS, deployment("web"))).json;
    c.status = { replicas: 3, observedGeneration: 1 };
    c.spec.replicas = 7;
    const s = await t.req("PUT", `${DEPLOYS}/web/status`, c);
    expect(s.status).toBe(200);
    expect(s.json.status).toEqual({ replicas: 3, observedGeneration: 1 });
    expect(s.json.spec.replicas).toBe(3);
    const p = await t.req(
      "PATCH",
      `${DEPLOYS}/web/status`,
      { status: { readyReplicas: 2 } },
      { "Content-Type": "application/merge-patch+json" },
    );
    expect(p.json.status).toMatchObject({ replicas: 3, readyReplicas: 2 });
  });

  it("the scale subresource reads and writes spec.replicas as autoscaling/v1 Scale", async () => {
    await t.req("POST", DEPLOYS, deployment("web"));
    const g = await t.req("GET", `${DEPLOYS}/web/scale`);
    expect(g.json).toMatchObject({
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      spec: { replicas: 3 },
      status: { replicas: 0, selector: "app=web" },
    });
    const p = await t.req("PATCH", `${DEPLOYS}/web/scale`, { spec: { replicas: 5 } }, { "Content-Type": "application/merge-patch+json" });
    expect(p.json.spec.replicas).toBe(5);
    const d = (await t.req("GET", `${DEPLOYS}/web`)).json;
    expect(d.spec.replicas).toBe(5);
    expect(d.metadata.generation).toBe(2);
    const bad = await t.req("PUT", `${DEPLOYS}/web/scale`, { ...g.json, spec: { replicas: -1 }, metadata: { name: "web" } });
    expect(bad.status).toBe(422);
  });

  it("binds pods to nodes and serves an empty log", async () => {
    await t.req("POST", "/api/v1/namespaces/default/pods", {
      metadata: { name: "p" },
      spec: { containers: [{ name: "c", image: "busybox" }] },
    });
    const b = await t.req("POST", "/api/v1/namespaces/default/pods/p/binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "p" },
      target: { kind: "Node", name: "node-1" },
    });
    expect(b.status).toBe(201);
    const pod = (await t.req("GET", "/api/v1/namespaces/default/pods/p")).json;
    expect(pod.spec.nodeName).toBe("node-1");
    expect(pod.status.conditions).toEqual([expect.objectContaining({ type: "PodScheduled", status: "True" })]);
    const again = await t.req("POST", "/api/v1/namespaces/default/pods/p/binding", { target: { name: "node-2" } });
    expect(again.status).toBe(409);
    const log = await t.req("GET", "/api/v1/namespaces/default/pods/p/log");
    expect(log).toMatchObject({ status: 200, text: "" });
  });

  it("serves events through core/v1 and events.k8s.io/v1 from one storage", async () => {
    await t.req("POST", "/api/v1/namespaces/default/events", {
      metadata: { name: "e1" },
      involvedObject: { kind: "Pod", name: "p", namespace: "default" },
      reason: "Started",
      message: "Started container",
      type: "Normal",
      source: { component: "kubelet" },
      count: 1,
    });
    const v1 = (await t.req("GET", "/apis/events.k8s.io/v1/namespaces/default/events/e1")).json;
    expect(v1).toMatchObject({
      apiVersion: "events.k8s.io/v1",
      regarding: { kind: "Pod", name: "p" },
      note: "Started container",
      reportingController: "kubelet",
      deprecatedCount: 1,
    });
    const byObj = await t.req("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dp,involvedObject.kind%3DPod");
    expect(byObj.json.items).toHaveLength(1);
    expect((await t.req("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dq")).json.items).toHaveLength(0);
  });
});

describe("server-side apply and dry run", () => {
  it("apply-patch+yaml creates when absent and merges when present", async () => {
    const yaml = (image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\nspec:\n  selector: {matchLabels: {app: ssa}}\n  template:\n    metadata: {labels: {app: ssa}}\n    spec: {containers: [{name: app, image: "${image}"}]}\n`;
    const h = { "Content-Type": "application/apply-patch+yaml" };
    const c = await t.req("PATCH", `${DEPLOYS}/ssa?fieldManager=kubectl`, yaml("nginx:1"), h);
    expect(c.status).toBe(201);
    const u = await t.req("PATCH", `${DEPLOYS}/ssa?fieldManager=kubectl&force=true`, yaml("nginx:2"), h);
    expect(u.status).toBe(200);
    expect(u.json.spec.template.spec.containers[0].image).toBe("nginx:2");
    expect(u.json.metadata.generation).toBe(2);
  });

  it("dryRun=All validates and answers without storing", async () => {
    const before = t.store.resourceVersion;
    const r = await t.req("POST", `${DEPLOYS}?dryRun=All`, deployment("dry"));
    expect(r.status).toBe(201);
    expect(r.json.spec.revisionHistoryLimit).toBe(10);
    expect(t.store.get("deployments", "default", "dry")).toBeUndefined();
    expect(t.store.resourceVersion).toBe(before);
    expect((await t.req("POST", `${DEPLOYS}?dryRun=Bogus`, deployment("dry"))).status).toBe(400);
  });
});

describe("selectors and paging", () => {
  beforeEach(async () => {
    for (const [name, tier] of [
      ["a", "fe"],
      ["b", "be"],
      ["c", undefined],
      ["d", "db"],
    ] as const) {
      await t.req("POST", DEPLOYS, deployment(name, { labels: tier ? { tier } : {} }));
    }
  });
  const names = async (q: string) =>
    (await t.req("GET", `${DEPLOYS}?${q}`)).json.items.map((o: { metadata: { name: string } }) => o.metadata.name);

  it("label selectors: equality, set-based, existence", async () => {
    expect(await names("labelSelector=tier%3Dfe")).toEqual(["a"]);
    expect(await names("labelSelector=tier!%3Dfe")).toEqual(["b", "c", "d"]);
    expect(await names(`labelSelector=${encodeURIComponent("tier in (fe,be)")}`)).toEqual(["a", "b"]);
    expect(await names(`labelSelector=${encodeURIComponent("tier notin (fe,be)")}`)).toEqual(["c", "d"]);
    expect(await names(`labelSelector=${encodeURIComponent("!tier")}`)).toEqual(["c"]);
    expect(await names("labelSelector=tier")).toEqual(["a", "b", "d"]);
    expect((await t.req("GET", `${DEPLOYS}?labelSelector=${encodeURIComponent("a in (")}`)).status).toBe(400);
  });

  it("field selectors: metadata.name, unknown fields are 400", async () => {
    expect(await names("fieldSelector=metadata.name%3Db")).toEqual(["b"]);
    expect(await names("fieldSelector=metadata.name!%3Db")).toEqual(["a", "c", "d"]);
    const bad = await t.req("GET", `${DEPLOYS}?fieldSelector=spec.foo%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"');
    const pods = await t.req("GET", "/api/v1/pods?fieldSelector=spec.foo%3Dx");
    expect(pods.json.message).toBe("field label not supported: spec.foo");
  });

  it("limit and continue page through the list", async () => {
    const p1 = (await t.req("GET", `${DEPLOYS}?limit=3`)).json;
    expect(p1.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(["a", "b", "c"]);
    expect(p1.metadata.remainingItemCount).toBe(1);
    const p2 = (await t.req("GET", `${DEPLOYS}?limit=3&continue=${encodeURIComponent(p1.metadata.continue)}`)).json;
    expect(p2.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(["d"]);
    expect(p2.metadata.continue).toBeUndefined();
    expect((await t.req("GET", `${DEPLOYS}?limit=3&continue=garbage`)).status).toBe(400);
  });
});

describe("delete", () => {
  it("background removes at once and answers a Success Status", async () => {
    const c = (await t.req("POST", DEPLOYS, deployment("web"))).json;
    const d = await t.req("DELETE", `${DEPLOYS}/web`);
    expect(d.status).toBe(200);
    expect(d.json).toMatchObject({
      kind: "Status",
      status: "Success",
      details: { name: "web", group: "apps", kind: "deployments", uid: c.metadata.uid },
    });
    expect((await t.req("GET", `${DEPLOYS}/web`)).status).toBe(404);
  });

  it("Foreground and Orphan set their finalizer and a deletionTimestamp; removing it completes the deletion", async () => {
    await t.req("POST", DEPLOYS, deployment("fg"));
    await t.req("POST", DEPLOYS, deployment("or"));
    const fg = await t.req("DELETE", `${DEPLOYS}/fg`, { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Foreground" });
    expect(fg.status).toBe(200);
    expect(fg.json.metadata).toMatchObject({ finalizers: ["foregroundDeletion"], deletionGracePeriodSeconds: 0 });
    expect(fg.json.metadata.deletionTimestamp).toBeTruthy();
    expect(fg.json.metadata.generation).toBe(2);
    const or = await t.req("DELETE", `${DEPLOYS}/or?propagationPolicy=Orphan`);
    expect(or.status).toBe(200);
    const od = deployment("od");
    (od.metadata as Record<string, unknown>).finalizers = ["example.com/hold"];
    await t.req("POST", DEPLOYS, od);
    // Only an explicit orphanDependents=false earns the 202 of the real handler.
    expect((await t.req("DELETE", `${DEPLOYS}/od`, { orphanDependents: false })).status).toBe(202);
    expect((await t.req("DELETE", `${DEPLOYS}/od`, { orphanDependents: false, propagationPolicy: "Foreground" })).status).toBe(422);
    expect(or.json.metadata.finalizers).toEqual(["orphan"]);
    // The garbage collector's part, done by hand: drop the finalizer through the Store.
    const stored = t.store.get("deployments", "default", "fg")!;
    t.store.update("deployments", "apps", { ...stored, metadata: { ...stored.metadata, finalizers: [] } });
    await new Promise((r) => setTimeout(r, 10));
    expect(t.store.get("deployments", "default", "fg")).toBeUndefined();
    expect(t.store.get("deployments", "default", "or")).toBeDefined();
  });

  it("pods bound to a node terminate gracefully; the kubelet's grace-0 delete removes them", async () => {
    await t.req("POST", "/api/v1/namespaces/default/pods", {
      metadata: { name: "p" },
      spec: { nodeName: "n1", containers: [{ name: "c", image: "busybox" }] },
    });
    const d = await t.req("DELETE", "/api/v1/namespaces/default/pods/p");
    expect(d.status).toBe(200);
    expect(d.json.metadata).toMatchObject({ deletionGracePeriodSeconds: 30, deletionTimestamp: "2026-01-01T00:00:30Z" });
    expect((await t.req("GET", "/api/v1/namespaces/default/pods/p")).status).toBe(200);
    const k = await t.req("DELETE", "/api/v1/namespaces/default/pods/p", { gracePeriodSeconds: 0 });
    expect(k.status).toBe(200);
    expect((await t.req("GET", "/api/v1/namespaces/default/pods/p")).status).toBe(404);
    await t.req("POST", "/api/v1/namespaces/default/pods", {
      metadata: { name: "unbound" },
      spec: { containers: [{ name: "c", image: "busybox" }] },
    });
    expect((await t.req("DELETE", "/api/v1/namespaces/default/pods/unbound")).status).toBe(200);
  });

  it("objects with other finalizers only get a deletionTimestamp", async () => {
    const d = deployment("fin");
    (d.metadata as Record<string, unknown>).finalizers = ["example.com/hold"];
    await t.req("POST", DEPLOYS, d);
    expect((await t.req("DELETE", `${DEPLOYS}/fin`)).status).toBe(200);
    expect(t.store.get("deployments", "default", "fin")!.metadata.deletionTimestamp).toBeTruthy();
  });

  it("deletecollection deletes what the selector matches", async () => {
    await t.req("POST", DEPLOYS, deployment("a", { labels: { x: "1" } }));
    await t.req("POST", DEPLOYS, deployment("b"));
    const r = await t.req("DELETE", `${DEPLOYS}?labelSelector=x%3D1`);
    expect(r.json.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(["a"]);
    expect(t.store.list("deployments").map((o) => o.metadata.name)).toEqual(["b"]);
  });

  it("protects system namespaces and empties others", async () => {
    expect((await t.req("DELETE", "/api/v1/namespaces/default")).json).toMatchObject({
      code: 403,
      message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    });
    await t.req("POST", "/api/v1/namespaces", { metadata: { name: "lab" } });
    await t.req("POST", "/apis/apps/v1/namespaces/lab/deployments", deployment("web"));
    await t.req("DELETE", "/api/v1/namespaces/lab");
    expect(t.store.get("namespaces", undefined, "lab")).toBeUndefined();
    expect(t.store.list("deployments", "lab")).toEqual([]);
  });
});

describe("bad input", () => {
  it("malformed JSON and YAML bodies are 400 BadRequest", async () => {
    const r = await t.req("POST", DEPLOYS, "{not json");
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ kind: "Status", reason: "BadRequest" });
    const y = await t.req("POST", DEPLOYS, "a: [1, 2", { "Content-Type": "application/yaml" });
    expect(y.status).toBe(400);
    expect((await t.req("POST", DEPLOYS, "[1,2]")).status).toBe(400);
    expect((await t.req("POST", DEPLOYS, { ...deployment("x"), kind: "Pod" })).json.message).toBe(
      "the kind in the data (Pod) does not match the expected kind (Deployment)",
    );
  });

  it("accepts YAML bodies", async () => {
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n";
    const r = await t.req("POST", "/api/v1/namespaces/default/configmaps", yaml, { "Content-Type": "application/yaml" });
    expect(r.status).toBe(201);
    expect(r.json.data).toEqual({ a: "b" });
  });

  it("bodies over 3 MiB are 413", async () => {
    const big = JSON.stringify({ metadata: { name: "big" }, data: { x: "a".repeat(3 * 1024 * 1024 + 10) } });
    const r = await t.req("POST", "/api/v1/namespaces/default/configmaps", big);
    expect(r.status).toBe(413);
    expect(r.json.reason).toBe("RequestEntityTooLarge");
  });

  it("methods a resource does not have are 405", async () => {
    expect((await t.req("PUT", DEPLOYS, {})).status).toBe(405);
  });
});

describe("tables", () => {
  it("serves server-side Tables like the real printers when kubectl asks", async () => {
    await t.req("POST", DEPLOYS, deployment("web"));
    const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    t.clock.advance(65_000);
    const r = await t.req("GET", DEPLOYS, undefined, { Accept: accept });
    expect(r.json.kind).toBe("Table");
    expect(r.json.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      "Name",
      "Ready",
      "Up-to-date",
      "Available",
      "Age",
      "Containers",
      "Images",
      "Selector",
    ]);
    expect(r.json.rows[0].cells).toEqual(["web", "0/3", 0, 0, "65s", "app", "nginx:1.27", "app=web"]);
    expect(r.json.rows[0].object).toMatchObject({ kind: "PartialObjectMetadata", metadata: { name: "web" } });
  });
});

/** The pod spec fields admission and defaulting add, beyond what kinds.ts's PodSpec holds. */
type AdmittedPodSpec = Omit<PodSpec, "containers"> & {
  automountServiceAccountToken?: boolean;
  tolerations?: unknown[];
  containers?: (ContainerSpec & { imagePullPolicy?: string; volumeMounts?: unknown[] })[];
};

describe("admission for in-process writers", () => {
  it("pods that controllers create straight in the Store get the API's defaults", () => {
    const pod = t.store.create<KObj<AdmittedPodSpec, PodStatus>>("pods", "", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "from-controller", namespace: "default" },
      spec: { containers: [{ name: "c", image: "busybox" }] },
    });
    expect(pod.metadata.generation).toBe(1);
    expect(pod.status).toMatchObject({ phase: "Pending", qosClass: "BestEffort" });
    expect(pod.spec).toMatchObject({
      serviceAccountName: "default",
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
    });
    expect(pod.spec!.tolerations).toHaveLength(2);
    expect(pod.spec!.containers![0]!.imagePullPolicy).toBe("Always");
    // ServiceAccount admission: projected token volume mounted read-only in every container.
    expect(pod.spec!.volumes![0]!.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec!.containers![0]!.volumeMounts).toEqual([
      { name: pod.spec!.volumes![0]!.name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
    ]);
    const noToken = t.store.create<KObj<AdmittedPodSpec, PodStatus>>("pods", "", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "nt", namespace: "default" },
      spec: { automountServiceAccountToken: false, containers: [{ name: "c", image: "i" }] },
    });
    expect(noToken.spec!.volumes).toBeUndefined();
  });
});
