import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHub } from "../kube/hub";
import type { InformerIO, WatchHandle } from "../kube/informer";
import type { Kind } from "../model/raw";
import type { RawDeployment } from "../model/rawKinds";
import { deployment, podTemplate, T0 } from "@/test/support/model/objects";
import { startRecorder } from "./recorder";
import { parseRecording } from "./recording";

/** The hub applies watch events in batches once the current I/O turn is over. */
const hubTurn = () => new Promise((r) => setImmediate(r));

/** An informer I/O whose list answers at once and whose watch we drive by hand. */
function fakeIO(items: object[], watchers: ((type: string, obj: object) => void)[]): InformerIO {
  return {
    list: async () => ({ items: items as never, resourceVersion: "1" }),
    watch: (_rv, onEvent) => {
      watchers.push((type, obj) => onEvent(type as never, obj as never));
      return { abort() {} } satisfies WatchHandle;
    },
    setTimer: () => () => {},
  };
}

describe("startRecorder", () => {
  it("writes the snapshot then every change, and the file reads back through parseRecording", async () => {
    const d = deployment({
      name: "inference",
      template: podTemplate({ app: "inference" }),
      revision: 1,
      status: { replicas: 3, updated: 3, ready: 3, available: 3 },
    });
    const watchers: ((type: string, obj: object) => void)[] = [];
    const hub = createHub({ ioFor: (kind: Kind) => fakeIO(kind === "Deployment" ? [d] : [], kind === "Deployment" ? watchers : []) });
    await hub.whenSynced(2000);
    const file = join(mkdtempSync(join(tmpdir(), "rec-")), "rec.ndjson");
    let now = T0;
    const rec = startRecorder(hub, { file, source: "test", now: () => now });
    now += 1500;
    watchers[0]!("MODIFIED", { ...d, metadata: { ...d.metadata, resourceVersion: "99" }, spec: { ...d.spec, replicas: 5 } });
    await hubTurn();
    const parsed = parseRecording(readFileSync(file, "utf8"));
    expect(parsed.skipped).toEqual([]);
    expect(parsed.events.map((e) => [e.type, e.kind, e.t - T0])).toEqual([
      ["ADDED", "Deployment", 0],
      ["MODIFIED", "Deployment", 1500],
    ]);
    expect((parsed.events[1]!.object as RawDeployment).spec!.replicas).toBe(5);
    expect(rec.text()).toBe(readFileSync(file, "utf8"));
    rec.stop();
    hub.stop();
  });

  it("keeps memory under maxBytes by dropping the oldest changes, and still reads back", async () => {
    const d = deployment({
      name: "web",
      template: podTemplate({ app: "web" }),
      revision: 1,
      status: { replicas: 3, updated: 3, ready: 3, available: 3 },
    });
    const watchers: ((type: string, obj: object) => void)[] = [];
    const hub = createHub({ ioFor: (kind: Kind) => fakeIO(kind === "Deployment" ? [d] : [], kind === "Deployment" ? watchers : []) });
    await hub.whenSynced(2000);
    let now = T0;
    const rec = startRecorder(hub, { source: "test", now: () => now, maxBytes: 20_000 });
    const start = rec.bytes;
    for (let i = 1; i <= 100; i++) {
      now += 1000;
      watchers[0]!("MODIFIED", { ...d, metadata: { ...d.metadata, resourceVersion: String(100 + i) }, spec: { ...d.spec, replicas: i } });
      await hubTurn();
    }
    expect(rec.dropped).toBeGreaterThan(0);
    expect(rec.bytes - start).toBeLessThanOrEqual(20_000);
    expect(rec.bytes).toBe(rec.text().length);
    const parsed = parseRecording(rec.text());
    expect(parsed.skipped).toEqual([]);
    // The snapshot, then the newest changes, the last one intact.
    expect(parsed.events[0]!.type).toBe("ADDED");
    expect(parsed.events.length).toBe(1 + 100 - rec.dropped);
    expect((parsed.events[parsed.events.length - 1]!.object as RawDeployment).spec!.replicas).toBe(100);
    rec.stop();
    hub.stop();
  });

  it("samples the load generator's requests into the recording, in time order with the changes", async () => {
    const d = deployment({
      name: "inference",
      template: podTemplate({ app: "inference" }),
      revision: 1,
      status: { replicas: 3, updated: 3, ready: 3, available: 3 },
    });
    const watchers: ((type: string, obj: object) => void)[] = [];
    const hub = createHub({ ioFor: (kind: Kind) => fakeIO(kind === "Deployment" ? [d] : [], kind === "Deployment" ? watchers : []) });
    await hub.whenSynced(2000);
    let now = T0;
    const pending = [
      {
        namespace: "lab",
        service: "inference",
        rate: 20,
        requests: [
          { seq: 1, at: T0 + 100, version: "v1" },
          { seq: 2, at: T0 + 150, cause: "503 loading" },
        ],
      },
    ];
    const rec = startRecorder(hub, { source: "test", now: () => now, traffic: () => pending.splice(0), trafficEveryMs: 60_000 });
    now += 1000;
    rec.sampleTraffic();
    rec.sampleTraffic(); // nothing new: no line
    now += 500;
    watchers[0]!("MODIFIED", { ...d, metadata: { ...d.metadata, resourceVersion: "99" }, spec: { ...d.spec, replicas: 5 } });
    await hubTurn();
    rec.stop();
    const parsed = parseRecording(rec.text());
    expect(parsed.skipped).toEqual([]);
    expect(parsed.events.map((e) => e.t - T0)).toEqual([0, 1500]);
    expect(parsed.traffic).toEqual([
      {
        t: T0 + 1000,
        namespace: "lab",
        service: "inference",
        rate: 20,
        requests: [
          { seq: 1, at: T0 + 100, version: "v1" },
          { seq: 2, at: T0 + 150, cause: "503 loading" },
        ],
      },
    ]);
    // The live timeline's past reads the same samples as objects.
    expect(rec.trafficSamples()).toEqual(parsed.traffic);
    hub.stop();
  });

  it("keeps the newest traffic samples as objects within maxTrafficSamples", async () => {
    const hub = createHub({ ioFor: () => fakeIO([], []) });
    await hub.whenSynced(2000);
    let n = 0;
    const rec = startRecorder(hub, {
      source: "test",
      now: () => T0 + n * 1000,
      traffic: () => [{ namespace: "shop", service: "cart", rate: 1, requests: [{ seq: ++n, at: T0 + n * 1000, version: "v1" }] }],
      trafficEveryMs: 60_000,
      maxTrafficSamples: 10,
    });
    for (let i = 0; i < 25; i++) rec.sampleTraffic();
    rec.stop();
    const kept = rec.trafficSamples();
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.at(-1)?.requests[0]?.seq).toBe(26);
    expect(kept.map((s) => s.requests[0]!.seq)).toEqual(kept.map((_, i) => 26 - kept.length + 1 + i));
    // The recording itself keeps every sample.
    expect(parseRecording(rec.text()).traffic).toHaveLength(26);
    hub.stop();
  });
});
