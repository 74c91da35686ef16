/**
 * The hub alone, in this process (no Next.js): a lab cluster of N pods, the process hub on it,
 * one stream of the namespace. Prints the settled heap before and after the list, a few encoded
 * deltas and the bytes per event of a churn window; optionally writes a heap snapshot
 * (--heap FILE) for DevTools. A tool for finding what holds memory and bytes, not part of
 * `npm run bench`.
 * Usage: tsx bench/server/hub-probe.ts [--pods 30000] [--rate 200] [--seconds 4] [--heap FILE] [--print 3]
 */
import { parseArgs } from "node:util";
import { writeHeapSnapshot } from "node:v8";
import { connectionFromEnv } from "@/lib/kube/process-hub";
import { startStreamSession } from "@/lib/kube/stream-session";
import { changesOf } from "@/lib/kube/stream-codec";
import type { DeltaMessage } from "@/lib/kube/stream-protocol";
import { sleep } from "../lib/clock";
import { settledHeap } from "../lib/heap";
import { WRITTEN_AT_ANNOTATION } from "../lib/synthetic";
import { startLabDriver } from "../lab/client";

const { values } = parseArgs({
  options: {
    pods: { type: "string", default: "30000" },
    rate: { type: "string", default: "200" },
    seconds: { type: "string", default: "4" },
    heap: { type: "string" },
    print: { type: "string", default: "3" },
  },
});
const MiB = 2 ** 20;
const NS = "bench";
const mib = (b: number) => `${(b / MiB).toFixed(1)} MiB`;

const driver = await startLabDriver();
try {
  await driver.send({ op: "fill", namespace: NS, pods: Number(values.pods) }, "filled");
  const heap0 = settledHeap();
  const rss0 = process.memoryUsage().rss;
  const conn = connectionFromEnv({
    ...process.env,
    ROLLSCOPE_KUBECONFIG: driver.kubeconfig,
    ROLLSCOPE_NAMESPACE: NS,
    ROLLSCOPE_TRACE_ANNOTATIONS: WRITTEN_AT_ANNOTATION,
  });
  const hub = conn.hub!;
  const t0 = performance.now();
  await hub.whenSynced(300_000);
  console.log(`synced in ${(performance.now() - t0).toFixed(0)} ms`);
  await sleep(500);
  const heap1 = settledHeap();
  console.log(JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mib(v)]))));
  console.log(
    `heap before hub ${mib(heap0)}, after list ${mib(heap1)} (+${mib(heap1 - heap0)}, ${((heap1 - heap0) / Number(values.pods)).toFixed(0)} B a pod); rss ${mib(rss0)} → ${mib(process.memoryUsage().rss)}`,
  );
  if (values.heap) console.log(`heap snapshot: ${writeHeapSnapshot(values.heap)}`);
  let snapshotBytes = 0;
  let deltaBytes = 0;
  let deltaEvents = 0;
  let printed = 0;
  const close = startStreamSession({
    hub,
    namespace: NS,
    write(chunk) {
      if (chunk.includes("event: snapshot\n")) return void (snapshotBytes = Buffer.byteLength(chunk));
      if (!chunk.includes("event: delta\n")) return;
      deltaBytes += Buffer.byteLength(chunk);
      const data = JSON.parse(chunk.slice(chunk.indexOf("data: ") + 6)) as DeltaMessage;
      deltaEvents += changesOf(data).length;
      if (printed++ < Number(values.print)) console.log(`${chunk.trimEnd()}\n  decoded: ${JSON.stringify(changesOf(data)).slice(0, 700)}`);
    },
    setTimer: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    setRepeating: (fn, ms) => {
      const t = setInterval(fn, ms);
      return () => clearInterval(t);
    },
    clock: () => ({ now: Date.now(), rate: 1 }),
  });
  console.log(`snapshot ${mib(snapshotBytes)}, ${(snapshotBytes / Number(values.pods)).toFixed(0)} B a pod`);
  const cpu0 = process.cpuUsage();
  await driver.send({ op: "churn", namespace: NS, rate: Number(values.rate) }, "churning");
  await sleep(Number(values.seconds) * 1000);
  const stopped = await driver.send({ op: "stop-churn" }, "churn-stopped");
  await sleep(300);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `churn: ${deltaEvents} / ${stopped.writes} events, ${(deltaBytes / deltaEvents).toFixed(0)} B an event, hub CPU ${((cpu.user + cpu.system) / 1000 / stopped.writes).toFixed(3)} ms an event`,
  );
  const heap2 = settledHeap();
  console.log(`heap after churn ${mib(heap2)}; rss ${mib(process.memoryUsage().rss)}`);
  close();
  hub.stop();
} finally {
  await driver.stop();
}
