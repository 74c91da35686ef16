/**
 * Issue 18 item 2: every captured real object sent to the lab as protobuf reads back (as JSON) the
 * same as when it was sent as JSON; and what the lab writes in protobuf — object, list, watch —
 * decodes to what it writes in JSON.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeObject, decodeWatchFrames, encodeObject, PROTOBUF } from "./protobuf/envelope";
import { lookupResource } from "./registry";
import { startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXTURES = join(__dirname, "../model/fixtures");
const captured: { fixture: string; object: Obj }[] = readdirSync(FIXTURES)
  .filter((d) => d.startsWith("captured-"))
  .flatMap((fixture) =>
    (JSON.parse(readFileSync(join(FIXTURES, fixture, "objects.json"), "utf8")) as { items: Obj[] }).items.map((object) => ({
      fixture,
      object,
    })),
  );

function collectionPath(o: Obj): string {
  const [group, version] = String(o.apiVersion).includes("/") ? String(o.apiVersion).split("/") : ["", String(o.apiVersion)];
  const ri = [...["pods", "services", "events", "deployments", "replicasets", "endpointslices"]]
    .map((r) => lookupResource(group!, version!, r))
    .find((r) => r?.kind === o.kind)!;
  return `${group ? `/apis/${group}/${version}` : "/api/v1"}/namespaces/${o.metadata.namespace}/${ri.resource}`;
}

/**
 * The object as a Go client holds it after decoding JSON: zero values filled in (status.replicas
 * 0 where the JSON had `status: {}`), which a protobuf body carries explicitly.
 */
const goView = (o: Obj) => decodeObject(encodeObject(o));

/** What the lab makes of an object, minus what it assigns itself. */
function served(o: Obj): Obj {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...metadata } = o.metadata ?? {};
  return { ...o, metadata };
}

async function createAll(t: TestApi, body: (o: Obj) => { body: BodyInit; type: string }): Promise<Map<string, Obj>> {
  const out = new Map<string, Obj>();
  for (const { fixture, object } of captured) {
    const ns = `${object.metadata.namespace}-${fixture.length}-${fixture.slice(-12)}`
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-")
      .slice(0, 63)
      .replace(/-+$/, "");
    const o: Obj = {
      ...object,
      metadata: { ...object.metadata, namespace: ns },
    };
    // Every fixture's Service holds its captured cluster IP; let the lab allocate them instead.
    if (o.kind === "Service") o.spec = { ...o.spec, clusterIP: undefined, clusterIPs: undefined };
    await t.req("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns },
    });
    const b = body(o);
    const res = await fetch(t.url + collectionPath(o), {
      method: "POST",
      body: b.body,
      headers: { "Content-Type": b.type },
    });
    expect(res.status, `${fixture} ${o.kind} ${o.metadata.name}: ${await res.clone().text()}`).toBe(201);
    const back = await t.req("GET", `${collectionPath(o)}/${o.metadata.name}`);
    out.set(`${fixture}/${o.kind}/${o.metadata.name}`, served(back.json));
  }
  return out;
}

describe("protobuf through the lab cluster, over every captured kind", () => {
  let viaJson: TestApi;
  let viaProto: TestApi;
  beforeAll(async () => {
    [viaJson, viaProto] = await Promise.all([startTestApi(), startTestApi()]);
  });
  afterAll(async () => {
    await Promise.all([viaJson?.close(), viaProto?.close()]);
  });

  it("protobuf → lab → JSON equals JSON → lab → JSON", async () => {
    const fromJson = await createAll(viaJson, (o) => ({
      body: JSON.stringify(o),
      type: "application/json",
    }));
    const fromProto = await createAll(viaProto, (o) => ({
      body: new Uint8Array(encodeObject(o)),
      type: PROTOBUF,
    }));
    expect(fromProto.size).toBe(captured.length);
    for (const [key, o] of fromJson) expect(fromProto.get(key), key).toEqual(o);
  });

  it("objects, lists and watch events read in protobuf equal the same read in JSON", async () => {
    const pb = { Accept: `${PROTOBUF}, application/json` };
    for (const path of [
      "/apis/apps/v1/deployments",
      "/apis/apps/v1/replicasets",
      "/api/v1/pods",
      "/api/v1/services",
      "/apis/discovery.k8s.io/v1/endpointslices",
      "/api/v1/events",
      "/apis/events.k8s.io/v1/events",
    ]) {
      const json = (await viaProto.req("GET", path)).json as Obj;
      const res = await fetch(viaProto.url + path, { headers: pb });
      expect(res.headers.get("content-type")).toBe(PROTOBUF);
      expect(json.items.length).toBeGreaterThan(0);
      expect(decodeObject(new Uint8Array(await res.arrayBuffer()))).toEqual(goView(json));

      const first = json.items[0];
      const one = await fetch(
        `${viaProto.url}${path.replace(/\/(\w+)$/, `/namespaces/${first.metadata.namespace}/$1`)}/${first.metadata.name}`,
        { headers: pb },
      );
      const typed = (i: Obj) =>
        goView({
          apiVersion: json.apiVersion,
          kind: json.kind.replace(/List$/, ""),
          ...i,
        });
      expect(decodeObject(new Uint8Array(await one.arrayBuffer()))).toEqual(typed(first));

      const ctl = new AbortController();
      const watch = await fetch(`${viaProto.url}${path}?watch=true&resourceVersion=0`, { headers: pb, signal: ctl.signal });
      expect(watch.headers.get("content-type")).toBe(`${PROTOBUF};stream=watch`);
      const reader = watch.body!.getReader();
      let buf = new Uint8Array();
      while (decodeWatchFrames(buf).length < json.items.length) buf = Buffer.concat([buf, (await reader.read()).value!]);
      ctl.abort();
      expect(decodeWatchFrames(buf).map((e) => e.object)).toEqual(json.items.map(typed));
    }
  });

  it("subresources speak protobuf too: status, scale, binding, delete options", async () => {
    const t = viaJson;
    const pb = (method: string, path: string, body?: Obj) =>
      fetch(t.url + path, {
        method,
        headers: { Accept: PROTOBUF, ...(body ? { "Content-Type": PROTOBUF } : {}) },
        body: body ? new Uint8Array(encodeObject(body)) : undefined,
      }).then(async (r) => ({ status: r.status, object: decodeObject(new Uint8Array(await r.arrayBuffer())) as Obj }));
    await t.req("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "sub" } });
    const deploy = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "d" } },
        template: { metadata: { labels: { app: "d" } }, spec: { containers: [{ name: "c", image: "i" }] } },
      },
    };
    expect((await pb("POST", "/apis/apps/v1/namespaces/sub/deployments", deploy)).status).toBe(201);
    const got = (await pb("GET", "/apis/apps/v1/namespaces/sub/deployments/d")).object;
    const status = await pb("PUT", "/apis/apps/v1/namespaces/sub/deployments/d/status", {
      ...got,
      status: { observedGeneration: 1, replicas: 0 },
    });
    expect(status).toMatchObject({ status: 200, object: { status: { observedGeneration: 1 } } });
    expect(await pb("GET", "/apis/apps/v1/namespaces/sub/deployments/d/scale")).toMatchObject({
      status: 200,
      object: { apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 2 } },
    });

    await t.req("POST", "/api/v1/namespaces/sub/pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { containers: [{ name: "c", image: "i" }] },
    });
    const bound = await pb("POST", "/api/v1/namespaces/sub/pods/p/binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "p" },
      target: { kind: "Node", name: "node-1" },
    });
    expect(bound).toMatchObject({ status: 201, object: { kind: "Status", status: "Success" } });
    expect((await t.req("GET", "/api/v1/namespaces/sub/pods/p")).json.spec.nodeName).toBe("node-1");

    const deleted = await pb("DELETE", "/api/v1/namespaces/sub/pods/p", { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 });
    expect(deleted.status).toBe(200);
    expect((await t.req("GET", "/api/v1/namespaces/sub/pods/p")).status).toBe(404);
  });

  it("errors go out as a protobuf Status to a protobuf client", async () => {
    const res = await fetch(`${viaProto.url}/api/v1/namespaces/nope/pods/nope`, { headers: { Accept: PROTOBUF } });
    expect(res.status).toBe(404);
    expect(decodeObject(new Uint8Array(await res.arrayBuffer()))).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "NotFound",
      code: 404,
    });
  });
});
