/**
 * Throws a few thousand random requests (paths, bodies, patches, content types) at the API
 * server, then checks it still serves and the store is consistent. Seeded: failures replay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCES } from "./registry";
import { deployment, startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

function rng(seed: number) {
  // mulberry32: 32-bit integer math only, so no precision loss and no short cycles.
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick, int: (n: number) => Math.floor(next() * n) };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20260101);
const REQUESTS = 3000;

describe("fuzz", () => {
  it("survives random requests with no unexpected 5xx and leaves a consistent store", async () => {
    const r = rng(SEED);
    const rvs: number[] = [];
    const unsub = t.store.subscribe((ev) => rvs.push(ev.rv));
    const names = ["web", "a", "b", "Bad_Name", "x".repeat(300), "%2e%2e", "..", "web-1"];
    const nss = ["default", "lab", "missing", "kube-system"];
    await t.req("POST", "/api/v1/namespaces", { metadata: { name: "lab" } });

    const randomValue = (depth: number): unknown => {
      switch (r.int(depth > 3 ? 5 : 8)) {
        case 0:
          return null;
        case 1:
          return r.int(2) === 0;
        case 2:
          return r.pick([0, -1, 1.5, 1e308, 3, 65536]);
        case 3:
          return r.pick(["", "25%", "150%", "x", "0%", "nginx:1.27", "\u0000\u{1F600}"]);
        case 4:
          return r.pick(["app", "web", "RollingUpdate", "Recreate"]);
        case 5:
          return Array.from({ length: r.int(4) }, () => randomValue(depth + 1));
        default: {
          const o: Record<string, unknown> = {};
          for (let i = r.int(5); i > 0; i--)
            o[
              r.pick([
                "metadata",
                "spec",
                "status",
                "name",
                "labels",
                "containers",
                "replicas",
                "selector",
                "template",
                "strategy",
                "ports",
                "env",
                "$patch",
                "finalizers",
                "x",
              ])
            ] = randomValue(depth + 1);
          return o;
        }
      }
    };

    const mutate = (obj: unknown, n: number): unknown => {
      const copy = structuredClone(obj) as Record<string, unknown>;
      for (let i = 0; i < n; i++) {
        let cur: Record<string, unknown> = copy;
        for (;;) {
          const keys = Object.keys(cur);
          if (!keys.length) break;
          const k = r.pick(keys);
          const v = cur[k];
          if (v && typeof v === "object" && r.int(3) > 0) cur = v as Record<string, unknown>;
          else {
            cur[k] = randomValue(2);
            break;
          }
        }
      }
      return copy;
    };

    const randomPath = (): string => {
      const ri = r.pick(RESOURCES);
      const base = ri.group ? `/apis/${ri.group}/${ri.version}` : `/api/${ri.version}`;
      const ns = r.pick(nss);
      const name = r.pick(names);
      switch (r.int(8)) {
        case 0:
          return `${base}/${ri.namespaced ? `namespaces/${ns}/` : ""}${ri.resource}`;
        case 1:
          return `${base}/${ri.namespaced ? `namespaces/${ns}/` : ""}${ri.resource}/${name}`;
        case 2:
          return `${base}/${ri.namespaced ? `namespaces/${ns}/` : ""}${ri.resource}/${name}/${r.pick(["status", "scale", "binding", "log", "nope", ""])}`;
        case 3:
          return `${base}/${ri.namespaced ? `namespaces/${ns}/` : ""}${ri.resource}?labelSelector=${encodeURIComponent(r.pick(["a=b", "a in (x,y)", "!a", "a notin ()", "==", "a,,b", "x>1", "a in (b"]))}&fieldSelector=${encodeURIComponent(r.pick(["metadata.name=web", "spec.nodeName=n", "x", "status.phase!=Running", "=="]))}&limit=${r.pick(["1", "0", "-1", "x", ""])}&continue=${r.pick(["", "abc", "eyJzdGFydCI6MX0="])}`;
        case 4:
          return `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;
        case 5:
          return r.pick([
            "/",
            "/api",
            "/apis",
            "/apis/apps",
            "/version",
            "/openapi/v3",
            "/openapi/v3/apis/apps/v1",
            "/openapi/v2",
            "/api/v1/namespaces",
            "/apis/apps/v1/namespaces/default/deployments/web/scale/extra",
            "//api//v1",
            "/api/v1/watch",
          ]);
        case 6:
          return `${base}/watch/${ri.namespaced ? `namespaces/${ns}/` : ""}${ri.resource}?timeoutSeconds=0&resourceVersion=${r.pick(["", "0", "1", "999999", "abc", "-1"])}`;
        default:
          return `/apis/apps/v1/namespaces/${ns}/deployments?watch=true&timeoutSeconds=0&labelSelector=${r.pick(["a", "a in ("])}`;
      }
    };

    const randomBody = (): { body?: string | Uint8Array; type?: string } => {
      switch (r.int(9)) {
        case 0:
          return {};
        case 1:
          return { body: JSON.stringify(deployment(r.pick(names))), type: "application/json" };
        case 2:
          return {
            body: JSON.stringify(mutate(deployment(r.pick(names)), 1 + r.int(4))),
            type: r.pick(["application/json", "application/strategic-merge-patch+json", "application/merge-patch+json"]),
          };
        case 3:
          return {
            body: JSON.stringify(randomValue(0)),
            type: r.pick([
              "application/json",
              "application/merge-patch+json",
              "application/strategic-merge-patch+json",
              "application/json-patch+json",
            ]),
          };
        case 4: {
          const s = JSON.stringify(deployment("web"));
          return { body: s.slice(0, r.int(s.length)), type: "application/json" };
        }
        case 5:
          return {
            body: r.pick(["a: [1", "- - -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n", "&a [*a, *a]", "!!binary x"]),
            type: "application/yaml",
          };
        case 6:
          return {
            body: JSON.stringify([
              {
                op: r.pick(["add", "remove", "replace", "move", "copy", "test", "bogus"]),
                path: r.pick(["/spec/replicas", "/metadata/name", "/spec/template/spec/containers/0", "/x/y/z", "", "/metadata/labels/a"]),
                from: "/spec",
                value: randomValue(1),
              },
            ]),
            type: "application/json-patch+json",
          };
        case 7:
          return {
            body: new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...Array.from({ length: r.int(64) }, () => r.int(256))]),
            type: "application/vnd.kubernetes.protobuf",
          };
        default:
          return {
            body: JSON.stringify({
              metadata: { name: r.pick(names), namespace: r.pick(nss), finalizers: r.pick([["orphan"], ["x"], "bad", undefined]) },
              spec: { containers: [{ name: "c", image: "i" }], nodeName: r.pick(["", "n1"]) },
            }),
            type: "application/json",
          };
      }
    };

    const failures: string[] = [];
    for (let batch = 0; batch < REQUESTS / 20; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const method = r.pick(["GET", "GET", "POST", "POST", "PUT", "PATCH", "PATCH", "DELETE"]);
          // A third of the requests aim at deployments with near-valid bodies, so writes succeed
          // and later requests hit existing, half-deleted and conflicting objects.
          const targeted = r.int(3) === 0;
          const name = r.pick(names.slice(1, 3));
          const ns = r.pick(nss.slice(0, 2));
          const path = !targeted
            ? randomPath()
            : method === "POST"
              ? `/apis/apps/v1/namespaces/${ns}/deployments`
              : `/apis/apps/v1/namespaces/${ns}/deployments/${name}${r.pick(["", "", "/status", "/scale"])}${method === "DELETE" ? `?propagationPolicy=${r.pick(["Background", "Foreground", "Orphan", "Bogus"])}` : ""}`;
          const { body, type } =
            method === "GET"
              ? {}
              : targeted && r.int(2) === 0
                ? {
                    body: JSON.stringify(mutate(deployment(name), r.int(2))),
                    type:
                      method === "PATCH"
                        ? r.pick(["application/strategic-merge-patch+json", "application/merge-patch+json"])
                        : "application/json",
                  }
                : randomBody();
          const headers: Record<string, string> = type ? { "Content-Type": type } : {};
          if (r.int(4) === 0) headers.Accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
          const res = await fetch(t.url + path, { method, headers, body: body as BodyInit | undefined });
          const text = await res.text();
          // One 500 is the real server's answer too: a strategic-merge list item without its merge key.
          if (res.status >= 500 && !text.includes("does not contain declared merge key"))
            failures.push(
              `${method} ${path} ${type ?? ""} ${typeof body === "string" ? body.slice(0, 200) : ""} -> ${res.status} ${text.slice(0, 300)}`,
            );
        }),
      );
    }
    unsub();
    expect(failures.slice(0, 5)).toEqual([]);
    expect((await t.req("GET", "/healthz")).text).toBe("ok");

    // Store consistency: every object is plain JSON with a name, resourceVersions unique and not
    // beyond the store's; the change log's versions strictly increase.
    const seen = new Set<string>();
    const current = Number(t.store.resourceVersion);
    for (const storage of new Set(RESOURCES.map((x) => x.storage))) {
      for (const o of t.store.list(storage)) {
        expect(JSON.parse(JSON.stringify(o))).toEqual(o);
        expect(typeof o.metadata.name).toBe("string");
        expect(seen.has(o.metadata.resourceVersion!)).toBe(false);
        seen.add(o.metadata.resourceVersion!);
        expect(Number(o.metadata.resourceVersion)).toBeLessThanOrEqual(current);
      }
    }
    for (let i = 1; i < rvs.length; i++) expect(rvs[i]!).toBeGreaterThan(rvs[i - 1]!);
    expect(rvs.length).toBeGreaterThan(20);
    if (process.env.FUZZ_SEED) console.log(`writes: ${rvs.length}`);
  });
});
