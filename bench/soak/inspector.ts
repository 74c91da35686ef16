/**
 * The server's V8 heap, read from outside through the inspector (the server runs with
 * `--inspect=127.0.0.1:0`): a full collection first, so the figure is what is still reachable —
 * the number that grows when something leaks — and the open handles by type (sockets, timers).
 */
export interface HeapSample {
  /** V8 heap in use after a full collection, bytes. */
  heapUsed: number;
  /** Memory held outside the V8 heap by Buffers/ArrayBuffers (stream chunks), bytes. */
  external: number;
  /** Active libuv resources by type (TCPSocketWrap = open sockets, Timeout = timers). */
  resources: Record<string, number>;
  /** The in-memory recording `serve` keeps for the download button (lib/timeline/recorder), characters. */
  recordingBytes?: number;
  /** Kubernetes Event objects in the process hub's store. */
  eventObjects?: number;
  /** Changes the hub has numbered since it started (every kind, before any coalescing). */
  hubChanges?: number;
}

export interface Inspector {
  sample(): Promise<HeapSample>;
  close(): void;
}

/** The `ws://…` URL Node prints on stderr ("Debugger listening on ws://…"). */
export const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/;

export async function connectInspector(url: string): Promise<Inspector> {
  const ws = new WebSocket(url);
  await new Promise<void>((ok, fail) => {
    ws.onopen = () => ok();
    ws.onerror = () => fail(new Error(`inspector at ${url}: cannot connect`));
  });
  let next = 0;
  const waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id === undefined) return;
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error) w?.fail(new Error(msg.error.message));
    else w?.ok(msg.result);
  };
  ws.onclose = () => {
    for (const w of waiting.values()) w.fail(new Error("inspector closed"));
    waiting.clear();
  };
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((ok, fail) => {
      const id = ++next;
      waiting.set(id, { ok: ok as (v: unknown) => void, fail });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async sample() {
      await send("HeapProfiler.collectGarbage");
      const { usedSize } = await send<{ usedSize: number }>("Runtime.getHeapUsage");
      // The recorder and the hub sit on globalThis under these symbols (lib/timeline/recorder.ts,
      // lib/kube/process-hub.ts); absent ones read as null.
      const expression = `(() => {
        const rec = globalThis[Symbol.for("rollscope.recorder")];
        const hub = globalThis[Symbol.for("rollscope.connection")]?.hub;
        return JSON.stringify({
          external: process.memoryUsage().external,
          resources: process.getActiveResourcesInfo(),
          recordingBytes: typeof rec?.bytes === "number" ? rec.bytes : null,
          eventObjects: hub ? Object.keys(hub.store.objects.Event ?? {}).length : null,
          hubChanges: typeof hub?.seq === "number" ? hub.seq : null,
        });
      })()`;
      const r = await send<{ result: { value: string } }>("Runtime.evaluate", { expression, returnByValue: true });
      const v = JSON.parse(r.result.value) as {
        external: number;
        resources: string[];
        recordingBytes: number | null;
        eventObjects: number | null;
        hubChanges: number | null;
      };
      const byType: Record<string, number> = {};
      for (const t of v.resources) byType[t] = (byType[t] ?? 0) + 1;
      return {
        heapUsed: usedSize,
        external: v.external,
        resources: byType,
        recordingBytes: v.recordingBytes ?? undefined,
        eventObjects: v.eventObjects ?? undefined,
        hubChanges: v.hubChanges ?? undefined,
      };
    },
    close: () => ws.close(),
  };
}
