import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { decodeObject, decodeWatchFrames, encodeObject, encodeWatchFrame } from "./envelope";
import { messageToJson } from "./json-codec";
import { loadProtoRoot } from "./proto-files";
import protobuf from "protobufjs";
import { RESOURCES, apiVersionOf } from "../registry";
import { fullName, goFields, kindMessage } from "./schema";
import { SPECIAL } from "./special";
import descriptor from "./descriptor.json";

const FIXTURES = join(__dirname, "../../model/fixtures");
/** Every object captured from the real control plane, by fixture. */
function capturedObjects(): {
  fixture: string;
  object: Record<string, unknown>;
}[] {
  return readdirSync(FIXTURES)
    .filter((d) => d.startsWith("captured-"))
    .flatMap((fixture) =>
      (JSON.parse(readFileSync(join(FIXTURES, fixture, "objects.json"), "utf8")) as { items: Record<string, unknown>[] }).items.map(
        (object) => ({ fixture, object }),
      ),
    );
}

describe("protobuf schema", () => {
  it("descriptor.json is exactly what protobufjs makes of the vendored generated.proto files", () => {
    const fresh = JSON.parse(JSON.stringify(loadProtoRoot(join(__dirname, "proto")).toJSON({ keepComments: false })));
    expect(fresh).toEqual(descriptor);
  });
});

describe("protobuf schema coverage", () => {
  it("every served kind, its list, and every message inside them has a Go field table or its own JSON form", () => {
    const missing: string[] = [];
    const seen = new Set<string>();
    const walk = (t: protobuf.Type) => {
      const name = fullName(t);
      if (seen.has(name)) return;
      seen.add(name);
      if (SPECIAL[name]) return;
      const wrapper = t.fieldsArray.length === 1 && t.fieldsArray[0]!.name === "items";
      if (!goFields(name) && !wrapper) missing.push(name);
      for (const f of t.fieldsArray) if (f.resolvedType instanceof protobuf.Type) walk(f.resolvedType);
    };
    for (const ri of RESOURCES) {
      for (const kind of ri.verbs.includes("list") ? [ri.kind, `${ri.kind}List`] : [ri.kind]) {
        const t = kindMessage(apiVersionOf(ri), kind);
        if (!t) missing.push(`${apiVersionOf(ri)} ${kind}: no message`);
        else walk(t);
      }
    }
    for (const kind of ["Status", "DeleteOptions", "APIResourceList", "APIGroupList", "WatchEvent"])
      walk(kindMessage("meta.k8s.io/v1", kind)!);
    walk(kindMessage("autoscaling/v1", "Scale")!);
    expect(missing).toEqual([]);
    expect(seen.size).toBeGreaterThan(200);
  });
});

describe("protobuf codec", () => {
  const objects = capturedObjects();
  it("covers every captured kind", () => {
    expect(new Set(objects.map((o) => `${String(o.object.apiVersion)} ${String(o.object.kind)}`))).toEqual(
      new Set(["v1 Event", "v1 Pod", "apps/v1 ReplicaSet", "apps/v1 Deployment", "v1 Service", "discovery.k8s.io/v1 EndpointSlice"]),
    );
  });

  it("decodes what it encodes to the same JSON, for every captured object", () => {
    // Key order aside (the proto declares Event's fields in another order than Go's struct).
    const differing = objects.filter(({ object }) => !isDeepStrictEqual(decodeObject(encodeObject(object)), object));
    expect(differing.map((o) => `${o.fixture}: ${String(o.object.kind)} ${String((o.object.metadata as { name: string }).name)}`)).toEqual(
      [],
    );
  });

  it("writes JSON as Go does: pointer zeros kept, omitempty zeros dropped, inlined handlers, empty structs", () => {
    const deploy = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "d" } },
        strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: "d" } },
          spec: {
            containers: [
              {
                name: "c",
                image: "i",
                readinessProbe: {
                  exec: { command: ["cat", "/tmp/ready"] },
                  periodSeconds: 1,
                },
                resources: {},
              },
            ],
            volumes: [{ name: "v", emptyDir: {} }],
          },
        },
      },
    };
    const back = decodeObject(encodeObject(deploy)) as typeof deploy & {
      status: unknown;
    };
    expect(back.spec.replicas).toBe(0);
    expect(back.spec.strategy.rollingUpdate).toEqual({
      maxSurge: "25%",
      maxUnavailable: 0,
    });
    expect(back.spec.template.spec.containers[0]!.readinessProbe).toEqual({
      exec: { command: ["cat", "/tmp/ready"] },
      periodSeconds: 1,
    });
    expect(back.spec.template.spec.containers[0]!.resources).toEqual({});
    expect(back.spec.template.spec.volumes[0]).toEqual({
      name: "v",
      emptyDir: {},
    });
    expect(back.status).toEqual({}); // a non-pointer struct: Go always writes it
    expect(back.metadata).toEqual({ name: "d" }); // creationTimestamp is omitzero
  });

  it("fills Go's zero values the wire leaves out, and keeps whole seconds of a Time", () => {
    const rs = kindMessage("apps/v1", "ReplicaSet")!;
    expect(messageToJson(rs, rs.decode(new Uint8Array()) as never)).toEqual({
      metadata: {},
      spec: {
        selector: null,
        template: { metadata: {}, spec: { containers: null } },
      },
      status: { replicas: 0 },
    });
    const ev = decodeObject(
      encodeObject({
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: "e" },
        involvedObject: {},
        firstTimestamp: "2026-01-02T03:04:05.678Z",
        eventTime: "2026-01-02T03:04:05.678901Z",
      }),
    );
    expect(ev.firstTimestamp).toBe("2026-01-02T03:04:05Z");
    expect(ev.eventTime).toBe("2026-01-02T03:04:05.678901Z");
  });

  it("frames watch events with a length prefix around an enveloped object", () => {
    const pod = objects.find((o) => o.object.kind === "Pod")!.object;
    const stream = Buffer.concat([encodeWatchFrame("ADDED", pod), encodeWatchFrame("DELETED", pod)]);
    expect(stream.readUInt32BE(0)).toBe(encodeWatchFrame("ADDED", pod).length - 4);
    expect(decodeWatchFrames(stream)).toEqual([
      { type: "ADDED", object: pod },
      { type: "DELETED", object: pod },
    ]);
  });

  it("refuses bodies that are not a Kubernetes protobuf object", () => {
    expect(() => decodeObject(Buffer.from("{}"))).toThrow(/missing k8s magic/);
    expect(() => decodeObject(encodeObject({ apiVersion: "v1", kind: "Status" }).subarray(0, 8))).toThrow();
  });
});

describe("protobuf from a Go client", () => {
  it("reads a zero Time sent as an empty message (Go writes non-pointer structs always) as no time", () => {
    const t = kindMessage("apps/v1", "ReplicaSet")!;
    // What client-go sends for a pod template: metadata.creationTimestamp present, zero length.
    const bytes = t.encode({ spec: { template: { metadata: { name: "", creationTimestamp: {} } } } }).finish();
    const json = messageToJson(t, t.decode(bytes) as never) as { spec: { template: { metadata: Record<string, unknown> } } };
    expect(json.spec.template.metadata).toEqual({});
  });
});
