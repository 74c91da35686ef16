import { describe, expect, it } from "vitest";
import type { RawObject } from "@/lib/model/raw";
import { fixtureNames, isMomentFolder, loadFixture, loadMoments } from "@/test/support/model/fixtures";
import { listKind } from "@/lib/model/store";
import { projectObject } from "@/lib/model/projection";
import { KINDS, type Kind } from "@/lib/model/raw";
import { decodeChanges, decodeSnapshotObjects, encodeChange, encodeSnapshotList, type SnapshotItem } from "./stream-codec";

const pod = (name: string, rv: string, ready: string, extra: Record<string, string> = {}): RawObject => ({
  kind: "Pod",
  metadata: { name, namespace: "lab", uid: `u-${name}`, resourceVersion: rv, labels: { app: "web", ...extra } },
  status: {
    phase: "Running",
    conditions: [
      { type: "Ready", status: ready },
      { type: "PodScheduled", status: "True" },
    ],
  },
});

describe("encodeChange / decodeChanges", () => {
  it("a change against the version the client holds travels as a patch and decodes to the new version", () => {
    const held = pod("a", "1", "False");
    const next = pod("a", "2", "True");
    const c = encodeChange("MODIFIED", "Pod", next, held);
    expect(c).toMatchObject({ t: "P", k: "Pod", u: "u-a", b: "1" });
    expect(JSON.stringify(c).length).toBeLessThan(JSON.stringify(next).length);
    const { events, missingBase } = decodeChanges((k, key) => (k === "Pod" && key === "u-a" ? held : undefined), [c]);
    expect(missingBase).toBe(0);
    expect(events).toEqual([{ type: "MODIFIED", kind: "Pod", object: next }]);
  });

  it("a client without the base, or at another version, skips the patch and says so: never a wrong merge", () => {
    const c = encodeChange("MODIFIED", "Pod", pod("a", "3", "True"), pod("a", "2", "False"));
    expect(decodeChanges(() => undefined, [c])).toEqual({ events: [], missingBase: 1 });
    expect(decodeChanges(() => pod("a", "1", "False"), [c])).toEqual({ events: [], missingBase: 1 });
  });

  it("new objects travel whole; deletions name the object and hand back the client's copy", () => {
    const a = pod("a", "1", "True");
    expect(encodeChange("ADDED", "Pod", a, undefined)).toEqual({ t: "A", k: "Pod", o: a });
    const d = encodeChange("DELETED", "Pod", pod("a", "2", "True"), a);
    expect(d).toEqual({ t: "D", k: "Pod", m: { name: "a", namespace: "lab", uid: "u-a", resourceVersion: "2" } });
    expect(decodeChanges(() => a, [d]).events).toEqual([{ type: "DELETED", kind: "Pod", object: a }]);
    expect(decodeChanges(() => undefined, [d]).events[0]!.object.metadata.uid).toBe("u-a");
  });

  it("an object a patch cannot express (a null) travels whole", () => {
    const held = {
      kind: "Deployment",
      metadata: { name: "d", uid: "d", resourceVersion: "1" },
      spec: { template: { metadata: {} } },
    } as RawObject;
    const next = {
      ...held,
      metadata: { ...held.metadata, resourceVersion: "2" },
      spec: { template: { metadata: { creationTimestamp: null } } },
    } as RawObject;
    expect(encodeChange("MODIFIED", "Deployment", next, held)).toEqual({ t: "M", k: "Deployment", o: next });
  });
});

describe("snapshot chains", () => {
  it("every fixture's objects survive the chain, and sibling pods cost a fraction of their JSON", () => {
    const fixtures = fixtureNames().flatMap((n) => (isMomentFolder(n) ? loadMoments(n) : [loadFixture(n)]));
    let whole = 0;
    let chained = 0;
    for (const f of fixtures) {
      const chains: Partial<Record<Kind, SnapshotItem[]>> = {};
      const lists: Partial<Record<Kind, RawObject[]>> = {};
      for (const kind of KINDS) {
        const items = listKind(f.store, kind).map((o) => projectObject(kind, o));
        if (!items.length) continue;
        lists[kind] = items;
        chains[kind] = encodeSnapshotList(items);
      }
      expect(decodeSnapshotObjects(JSON.parse(JSON.stringify(chains)))).toEqual(lists);
      whole += JSON.stringify(lists.Pod ?? []).length;
      chained += JSON.stringify(chains.Pod ?? []).length;
    }
    expect(chained).toBeLessThan(whole * 0.6);
  });
});
