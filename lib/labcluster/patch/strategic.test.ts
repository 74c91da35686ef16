import { describe, expect, it } from "vitest";
import { jsonMergePatch, mergeKeyFor, strategicMerge } from "./strategic";

/** The value at `path` in decoded JSON (undefined where the path ends early). */
const at = (v: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((o, k) => (typeof o === "object" && o !== null ? (o as Record<string | number, unknown>)[k] : undefined), v);

describe("strategicMerge", () => {
  const pod = {
    metadata: {
      name: "p",
      finalizers: ["a"],
      ownerReferences: [
        { uid: "1", name: "rs1" },
        { uid: "2", name: "rs2" },
      ],
    },
    spec: {
      containers: [
        { name: "app", image: "v1", ports: [{ containerPort: 80, name: "http" }], volumeMounts: [{ mountPath: "/a", name: "va" }] },
        { name: "side", image: "s1" },
      ],
      tolerations: [{ key: "a" }, { key: "b" }],
      volumes: [{ name: "va", emptyDir: {} }],
    },
    status: {
      conditions: [
        { type: "Ready", status: "False" },
        { type: "PodScheduled", status: "True" },
      ],
    },
  };

  it("merges lists by their patchMergeKey and replaces lists without one", () => {
    const out = strategicMerge(
      pod,
      {
        metadata: { ownerReferences: [{ uid: "2", name: "renamed" }] },
        spec: {
          containers: [
            {
              name: "app",
              ports: [{ containerPort: 80, protocol: "TCP" }, { containerPort: 9090 }],
              volumeMounts: [{ mountPath: "/a", readOnly: true }],
            },
          ],
          tolerations: [{ key: "c" }],
        },
        status: { conditions: [{ type: "Ready", status: "True" }] },
      },
      "Pod",
    );
    expect(at(out, "metadata", "ownerReferences")).toEqual([
      { uid: "1", name: "rs1" },
      { uid: "2", name: "renamed" },
    ]);
    expect(at(out, "spec", "containers", 0, "ports")).toEqual([
      { containerPort: 80, name: "http", protocol: "TCP" },
      { containerPort: 9090 },
    ]);
    expect(at(out, "spec", "containers", 0, "volumeMounts")).toEqual([{ mountPath: "/a", name: "va", readOnly: true }]);
    expect(at(out, "spec", "containers", 1)).toEqual({ name: "side", image: "s1" });
    expect(at(out, "spec", "tolerations")).toEqual([{ key: "c" }]);
    expect(at(out, "status", "conditions")).toEqual([
      { type: "Ready", status: "True" },
      { type: "PodScheduled", status: "True" },
    ]);
    expect(pod.spec.containers[0]!.image).toBe("v1"); // original untouched
  });

  it("unions finalizers and supports $deleteFromPrimitiveList", () => {
    expect(at(strategicMerge(pod, { metadata: { finalizers: ["b", "a"] } }, "Pod"), "metadata", "finalizers")).toEqual(["a", "b"]);
    expect(
      at(strategicMerge(pod, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } }, "Pod"), "metadata", "finalizers"),
    ).toEqual([]);
  });

  it("null deletes a key; $patch replace/delete on maps and list items; $retainKeys; $setElementOrder reorders", () => {
    expect(at(strategicMerge(pod, { spec: { volumes: null } }, "Pod"), "spec", "volumes")).toBeUndefined();
    expect(at(strategicMerge(pod, { spec: { $patch: "replace", containers: [] } }, "Pod"), "spec")).toEqual({ containers: [] });
    expect(
      at(strategicMerge(pod, { spec: { containers: [{ name: "x", image: "x" }, { $patch: "replace" }] } }, "Pod"), "spec", "containers"),
    ).toEqual([{ name: "x", image: "x" }]);
    expect(at(strategicMerge(pod, { status: { $patch: "delete" } }, "Pod"), "status")).toBeUndefined();
    const strategy = { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } };
    expect(
      at(
        strategicMerge({ spec: strategy }, { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } }, "Deployment"),
        "spec",
        "strategy",
      ),
    ).toEqual({ type: "Recreate" });
    expect(
      (
        at(
          strategicMerge(pod, { spec: { "$setElementOrder/containers": [{ name: "side" }, { name: "app" }] } }, "Pod"),
          "spec",
          "containers",
        ) as { name: string }[]
      ).map((c: { name: string }) => c.name),
    ).toEqual(["side", "app"]);
    expect(
      at(
        strategicMerge(pod, { metadata: { "$setElementOrder/finalizers": ["b", "a"], finalizers: ["b"] } }, "Pod"),
        "metadata",
        "finalizers",
      ),
    ).toEqual(["b", "a"]);
  });

  it("service ports merge by port, endpoint slice ports are atomic", () => {
    expect(mergeKeyFor("Service", ["spec", "ports"])).toBe("port");
    expect(mergeKeyFor("Pod", ["spec", "containers", "ports"])).toBe("containerPort");
    expect(mergeKeyFor("EndpointSlice", ["ports"])).toBeUndefined();
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    expect(at(strategicMerge(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, "Service"), "spec", "ports")).toEqual([
      { port: 80, targetPort: 9090 },
      { port: 443 },
    ]);
  });

  it("rejects items without the merge key", () => {
    expect(() => strategicMerge(pod, { spec: { containers: [{ image: "x" }] } }, "Pod")).toThrow(/merge key: name/);
  });
});

describe("jsonMergePatch (RFC 7386)", () => {
  it("merges objects, replaces arrays, deletes on null", () => {
    expect(jsonMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
    expect(jsonMergePatch({ a: 1 }, "x")).toBe("x");
  });
});
