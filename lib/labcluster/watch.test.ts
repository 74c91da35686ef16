import { afterEach, describe, expect, it, vi } from "vitest";
import { deployment, startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

let t: TestApi;
afterEach(async () => {
  await t?.close();
});

const DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";

interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    metadata: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
    code?: number;
    reason?: string;
    rows?: { cells: unknown[] }[];
  };
}

/** Opens a watch and collects its events; `until` resolves when `n` events arrived. */
function openWatch(path: string, headers: Record<string, string> = {}) {
  const events: WatchEvent[] = [];
  const ctl = new AbortController();
  let ended = false;
  let waiter: (() => void) | undefined;
  const done = (async () => {
    const res = await fetch(t.url + path, { signal: ctl.signal, headers });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = "";
    try {
      for (;;) {
        const { value, done: d } = await reader.read();
        if (d) break;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n")) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)) as WatchEvent);
          buf = buf.slice(i + 1);
          waiter?.();
        }
      }
    } catch {
      /* aborted */
    }
    ended = true;
    waiter?.();
  })();
  return {
    events,
    get ended() {
      return ended;
    },
    async until(pred: () => boolean): Promise<void> {
      while (!pred() && !ended) await new Promise<void>((r) => (waiter = r));
      waiter = undefined;
    },
    async close() {
      ctl.abort();
      await done;
    },
  };
}

describe("watch", () => {
  it("resourceVersion unset or 0: synthetic ADDED of current state, then live events", async () => {
    t = await startTestApi();
    await t.req("POST", DEPLOYS, deployment("a"));
    for (const q of ["", "&resourceVersion=0"]) {
      const w = openWatch(`${DEPLOYS}?watch=true${q}`);
      await w.until(() => w.events.length >= 1);
      expect(w.events[0]).toMatchObject({ type: "ADDED", object: { metadata: { name: "a" } } });
      await w.close();
    }
    const w = openWatch(`/apis/apps/v1/watch/namespaces/default/deployments`);
    await w.until(() => w.events.length >= 1);
    await t.req("POST", DEPLOYS, deployment("b"));
    await t.req("PATCH", `${DEPLOYS}/b`, { spec: { replicas: 1 } }, { "Content-Type": "application/merge-patch+json" });
    await t.req("DELETE", `${DEPLOYS}/b`);
    await w.until(() => w.events.length >= 4);
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED a", "ADDED b", "MODIFIED b", "DELETED b"]);
    await w.close();
  });

  it("resumes after a resourceVersion and gets 410 Gone as an ERROR event once compacted", async () => {
    t = await startTestApi();
    const a = (await t.req("POST", DEPLOYS, deployment("a"))).json;
    await t.req("POST", DEPLOYS, deployment("b"));
    await t.req("POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "other" } });
    const w = openWatch(`${DEPLOYS}?watch=true&resourceVersion=${a.metadata.resourceVersion}`);
    await w.until(() => w.events.length >= 1);
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED b"]);
    await w.close();

    t.store.compact();
    const gone = openWatch(`${DEPLOYS}?watch=true&resourceVersion=${a.metadata.resourceVersion}`);
    await gone.until(() => gone.ended);
    expect(gone.events).toHaveLength(1);
    expect(gone.events[0]).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
  });

  it("label-selected watches see objects enter as ADDED and leave as DELETED", async () => {
    t = await startTestApi();
    await t.req("POST", DEPLOYS, deployment("a"));
    const w = openWatch(`${DEPLOYS}?watch=true&labelSelector=tier%3Dfe`);
    const merge = { "Content-Type": "application/merge-patch+json" };
    await t.req("PATCH", `${DEPLOYS}/a`, { metadata: { labels: { tier: "fe" } } }, merge);
    await t.req("PATCH", `${DEPLOYS}/a`, { metadata: { labels: { x: "y" } } }, merge);
    await t.req("PATCH", `${DEPLOYS}/a`, { metadata: { labels: { tier: "be" } } }, merge);
    await w.until(() => w.events.length >= 3);
    expect(w.events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    await w.close();
  });

  it("sends periodic BOOKMARKs when allowed, and one at the timeout before closing", async () => {
    t = await startTestApi({ bookmarkIntervalMs: 20 });
    const w = openWatch(`${DEPLOYS}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1`);
    await w.until(() => w.events.length >= 2);
    expect(w.events[0]).toMatchObject({
      type: "BOOKMARK",
      object: { kind: "Deployment", metadata: { resourceVersion: t.store.resourceVersion } },
    });
    await w.until(() => w.ended);
    expect(w.events.every((e) => e.type === "BOOKMARK")).toBe(true);
  });

  it("sendInitialEvents ends the initial list with an initial-events-end bookmark", async () => {
    t = await startTestApi({ bookmarkIntervalMs: 0 });
    await t.req("POST", DEPLOYS, deployment("a"));
    const w = openWatch(`${DEPLOYS}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`);
    await w.until(() => w.events.length >= 2);
    expect(w.events[1]).toMatchObject({ type: "BOOKMARK", object: { metadata: { annotations: { "k8s.io/initial-events-end": "true" } } } });
    await w.close();
  });

  it("serializes each event once per shape, however many watchers share it", async () => {
    t = await startTestApi();
    const watches = Array.from({ length: 20 }, () => openWatch(`${DEPLOYS}?watch=true`));
    const tables = Array.from({ length: 5 }, () =>
      openWatch(`${DEPLOYS}?watch=true`, { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io" }),
    );
    await vi.waitFor(() => expect(t.api.hub.size).toBe(25));
    const encode = vi.spyOn(t.api.hub, "encode");
    await t.req("POST", DEPLOYS, deployment("a"));
    for (const w of [...watches, ...tables]) await w.until(() => w.events.length >= 1);
    expect(encode).toHaveBeenCalledTimes(2);
    expect(tables[0]!.events[0]!.object).toMatchObject({
      kind: "Table",
      rows: [{ cells: ["a", "0/3", 0, 0, "0s", "app", "nginx:1.27", "app=a"] }],
    });
    // Like the real server, only a watch's first Table event carries the column definitions.
    await t.req("POST", DEPLOYS, deployment("b"));
    for (const w of tables) await w.until(() => w.events.length >= 2);
    expect(encode).toHaveBeenCalledTimes(4);
    const first = tables[0]!.events[0]!.object as unknown as { columnDefinitions: unknown[] };
    const second = tables[0]!.events[1]!.object as unknown as { columnDefinitions: unknown };
    expect(first.columnDefinitions).toHaveLength(8);
    expect(second.columnDefinitions).toBeNull();
    for (const w of [...watches, ...tables]) await w.close();
    await vi.waitFor(() => expect(t.api.hub.size).toBe(0));
  });

  it("stop() closes watch connections promptly", async () => {
    t = await startTestApi();
    const w = openWatch(`${DEPLOYS}?watch=true`);
    await vi.waitFor(() => expect(t.api.hub.size).toBe(1));
    await t.close();
    await w.until(() => w.ended);
    expect(w.ended).toBe(true);
  });
});
