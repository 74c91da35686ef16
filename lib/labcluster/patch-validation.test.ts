/** PATCH of every type and create/update validation, over HTTP against the lab API server. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deployment, startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(async () => {
  await t.close();
});

const DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";

describe("patch", () => {
  beforeEach(async () => {
    const d = deployment("web");
    d.spec.template.spec.containers.push({ name: "sidecar", image: "envoy:1", env: [{ name: "A", value: "1" }] });
    await t.req("POST", DEPLOYS, d);
  });

  it("strategic merge merges containers and env by name", async () => {
    const p = await t.req(
      "PATCH",
      `${DEPLOYS}/web`,
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "app",
                  image: "nginx:1.28",
                  env: [
                    { name: "VERSION", value: "v2" },
                    { name: "NEW", value: "x" },
                  ],
                },
              ],
            },
          },
        },
      },
      { "Content-Type": "application/strategic-merge-patch+json" },
    );
    expect(p.status).toBe(200);
    const cs = p.json.spec.template.spec.containers;
    expect(cs.map((c: { name: string }) => c.name)).toEqual(["app", "sidecar"]);
    expect(cs[0].image).toBe("nginx:1.28");
    expect(cs[0].env).toEqual([
      { name: "VERSION", value: "v2" },
      { name: "NEW", value: "x" },
    ]);
    expect(cs[1].env).toEqual([{ name: "A", value: "1" }]);
    expect(p.json.metadata.generation).toBe(2);
  });

  it("strategic merge honours $patch: delete in lists", async () => {
    const p = await t.req(
      "PATCH",
      `${DEPLOYS}/web`,
      { spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } } } },
      { "Content-Type": "application/strategic-merge-patch+json" },
    );
    expect(p.json.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(["app"]);
  });

  it("JSON merge patch replaces lists wholesale", async () => {
    const p = await t.req(
      "PATCH",
      `${DEPLOYS}/web`,
      { spec: { template: { spec: { containers: [{ name: "only", image: "x:1" }] } } } },
      { "Content-Type": "application/merge-patch+json" },
    );
    expect(p.json.spec.template.spec.containers).toHaveLength(1);
    expect(p.json.spec.template.spec.containers[0]).toMatchObject({ name: "only", imagePullPolicy: "IfNotPresent" });
  });

  it("JSON patch applies operations and rejects ones that do not apply", async () => {
    const ok = await t.req("PATCH", `${DEPLOYS}/web`, [{ op: "replace", path: "/spec/replicas", value: 4 }], {
      "Content-Type": "application/json-patch+json",
    });
    expect(ok.json.spec.replicas).toBe(4);
    const bad = await t.req("PATCH", `${DEPLOYS}/web`, [{ op: "replace", path: "/spec/nothere/x", value: 4 }], {
      "Content-Type": "application/json-patch+json",
    });
    expect(bad.status).toBe(422);
    const unk = await t.req("PATCH", `${DEPLOYS}/web`, "{}", { "Content-Type": "text/plain" });
    expect(unk.status).toBe(415);
  });

  it("patches that break validation get 422 with the real message", async () => {
    const p = await t.req(
      "PATCH",
      `${DEPLOYS}/web`,
      { spec: { selector: { matchLabels: { app: "other" } } } },
      { "Content-Type": "application/merge-patch+json" },
    );
    expect(p.status).toBe(422);
    expect(p.json.message).toContain('spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: field is immutable');
  });
});

describe("validation", () => {
  const post = (strategy: unknown) => t.req("POST", DEPLOYS, deployment("bad", { strategy }));

  it("maxSurge and maxUnavailable both 0", async () => {
    const r = await post({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ reason: "Invalid", details: { name: "bad", group: "apps", kind: "Deployment" } });
    expect(r.json.message).toBe(
      'Deployment.apps "bad" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
    );
    expect((await post({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "1%" } })).status).toBe(201);
  });

  it("maxUnavailable over 100%", async () => {
    const r = await post({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: "150%" } });
    expect(r.json.causes ?? r.json.details.causes).toEqual([
      {
        reason: "FieldValueInvalid",
        field: "spec.strategy.rollingUpdate.maxUnavailable",
        message: 'Invalid value: "150%": must not be greater than 100%',
      },
    ]);
    expect((await post({ type: "RollingUpdate", rollingUpdate: { maxSurge: "150%" } })).status).toBe(201);
  });

  it("Recreate with rollingUpdate", async () => {
    const r = await post({ type: "Recreate", rollingUpdate: { maxSurge: 1 } });
    expect(r.json.message).toBe(
      "Deployment.apps \"bad\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    );
  });

  it("selector must match template labels; containers and names are required", async () => {
    const d = deployment("Bad_Name");
    d.spec.template.metadata.labels = { app: "x" };
    (d.spec.template.spec as { containers: unknown[] }).containers = [];
    const r = await t.req("POST", DEPLOYS, d);
    const fields = r.json.details.causes.map((c: { field: string }) => c.field);
    expect(fields).toEqual(["metadata.name", "spec.template.metadata.labels", "spec.template.spec.containers"]);
    expect(r.json.details.causes[1].message).toBe('Invalid value: {"app":"x"}: `selector` does not match template `labels`');
    expect(r.json.details.causes[2].message).toBe("Required value");
  });
});

describe("label validation", () => {
  it("rejects bad label keys and values with the real messages", async () => {
    const r = await t.req("POST", DEPLOYS, deployment("web", { labels: { "bad key": "ok", good: "bad value!" } }));
    expect(r.status).toBe(422);
    expect(r.json.details.causes.map((c: { message: string }) => c.message.split(":").slice(0, 2).join(":"))).toEqual([
      'Invalid value: "bad key"',
      'Invalid value: "bad value!"',
    ]);
    expect(r.json.details.causes[1].message).toContain("a valid label must be an empty string or consist of alphanumeric characters");
    expect((await t.req("POST", DEPLOYS, deployment("ok", { labels: { "app.kubernetes.io/name": "web", empty: "" } }))).status).toBe(201);
  });
});

describe("metadata updates", () => {
  it("uid and deletionTimestamp are immutable; a stale resourceVersion is a conflict first", async () => {
    await t.req("POST", DEPLOYS, deployment("m"));
    const merge = { "Content-Type": "application/merge-patch+json" };
    const uid = await t.req("PATCH", `${DEPLOYS}/m`, { metadata: { uid: "x" } }, merge);
    expect(uid.json.message).toBe('Deployment.apps "m" is invalid: metadata.uid: Invalid value: "x": field is immutable');
    const del = await t.req("PATCH", `${DEPLOYS}/m`, { metadata: { deletionTimestamp: "2020-01-01T00:00:00Z" } }, merge);
    expect(del.status).toBe(422);
    const stale = await t.req("PATCH", `${DEPLOYS}/m`, { metadata: { uid: "x", resourceVersion: "1" } }, merge);
    expect(stale.status).toBe(409);
  });
});
