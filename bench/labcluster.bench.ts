/**
 * The lab cluster's watch fan-out (issue 2): 1,000 pods, 20 concurrent HTTP watches of the
 * namespace's pods, churn at fixed rates. Figures: RSS of the lab-cluster process, its CPU, the
 * events/s delivered to all watchers together, and write → receipt latency at each watcher.
 */
import { sleep } from "./lib/clock";
import { coresBetween, rssPeakSampler, sampleTree } from "./lib/proc";
import { summarize } from "./lib/stats";
import type { Figure } from "./lib/table";
import { startLabDriver } from "./lab/client";
import { openWatch, type WatchClient } from "./lab/watch-client";

export interface LabBenchOptions {
  quick: boolean;
}

const NS = "bench";
const PODS = 1_000;
const WATCHERS = 20;

export async function runLabBench(o: LabBenchOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const section = `lab cluster ${PODS.toLocaleString("en-US")} pods, ${WATCHERS} watches`;
  const driver = await startLabDriver();
  try {
    const idle = sampleTree(driver.pid).rss;
    const filled = await driver.send({ op: "fill", namespace: NS, pods: PODS }, "filled");
    await sleep(500);
    const afterFill = sampleTree(driver.pid).rss;
    figures.push(
      { section, name: "RSS empty cluster", value: idle / 2 ** 20, unit: "MiB" },
      { section, name: "RSS with 1,000 pods, no watch", value: afterFill / 2 ** 20, unit: "MiB" },
      { section, name: "fill 1,000 pods into the Store", value: filled.ms, unit: "ms" },
    );
    const path = `/api/v1/namespaces/${NS}/pods?watch=1&resourceVersion=${filled.resourceVersion}&allowWatchBookmarks=true`;
    const watchers: WatchClient[] = await Promise.all(Array.from({ length: WATCHERS }, () => openWatch(driver.server, path)));
    await sleep(300);
    figures.push({ section, name: `RSS with ${WATCHERS} idle watches`, value: sampleTree(driver.pid).rss / 2 ** 20, unit: "MiB" });
    const seconds = o.quick ? 4 : 10;
    for (const rate of o.quick ? [200] : [200, 1_000]) {
      for (const w of watchers) {
        w.events = 0;
        w.latencies.length = 0;
      }
      const peak = rssPeakSampler(driver.pid);
      const before = sampleTree(driver.pid);
      const self = sampleTree(process.pid);
      await driver.send({ op: "churn", namespace: NS, rate }, "churning");
      await sleep(seconds * 1000);
      const stopped = await driver.send({ op: "stop-churn" }, "churn-stopped");
      const after = sampleTree(driver.pid);
      const selfAfter = sampleTree(process.pid);
      await sleep(500); // let the last lines drain
      const rss = peak.stop();
      const delivered = watchers.reduce((n, w) => n + w.events, 0);
      const lat = summarize(watchers.flatMap((w) => w.latencies));
      const lost = stopped.writes * WATCHERS - delivered;
      const at = `churn ${rate}/s`;
      figures.push(
        {
          section,
          name: `${at}: events/s delivered (all watches)`,
          value: delivered / stopped.seconds,
          unit: "ev/s",
          note: lost > 0 ? `${lost} events not received within 0.5 s of the end` : undefined,
        },
        {
          section,
          name: `${at}: write→watch latency p50/p95/p99`,
          value: `${lat.p50.toFixed(1)} / ${lat.p95.toFixed(1)} / ${lat.p99.toFixed(1)} ms`,
        },
        { section, name: `${at}: lab process CPU`, value: coresBetween(before, after), unit: "cores" },
        { section, name: `${at}: lab process RSS peak`, value: rss / 2 ** 20, unit: "MiB" },
        { section, name: `${at}: bench process CPU (the ${WATCHERS} watch readers)`, value: coresBetween(self, selfAfter), unit: "cores" },
      );
      if (stopped.lagMaxMs > 100)
        figures.push({
          section,
          name: `${at}: churn writer lag max`,
          value: stopped.lagMaxMs,
          unit: "ms",
          note: "the writer fell behind its schedule (machine busy)",
        });
    }
    for (const w of watchers) w.close();
  } finally {
    await driver.stop();
  }
  return figures;
}
