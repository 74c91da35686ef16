/**
 * The dashboard server (`rollscope serve`, production Next.js) on a lab cluster holding
 * 100 … 30,000 pods: startup, RSS and CPU of the server process under churn, SSE bytes per
 * event, write → SSE latency, and the CPU cost of 1 / 50 / 200 connected stream clients.
 */
import { sleep } from "./lib/clock";
import { progress } from "./lib/log";
import { coresBetween, rssPeakSampler, runQueueWaitMs, sampleTree } from "./lib/proc";
import { summarize } from "./lib/stats";
import { fmt, judge, type Figure } from "./lib/table";
import { waitFor } from "./lib/wait";
import { startLabDriver, type LabDriver } from "./lab/client";
import { startDashboard, type Dashboard } from "./server/dashboard";
import { WRITTEN_AT_ANNOTATION } from "./lib/synthetic";
import { openSse, type SseClient } from "./server/sse-client";

export interface ServerBenchOptions {
  quick: boolean;
  sizes: number[];
  /** Pod count at which 1 / 50 / 200 stream clients are measured. */
  classroomPods: number;
  classroomClients: number[];
}

const NS = "bench";
const MiB = 2 ** 20;
const STREAM = `/api/stream?namespace=${NS}`;

interface Window {
  cores: number;
  /** Fraction of the window the server's main thread waited for a CPU while runnable. */
  starved: number;
  labCores: number;
  rssPeak: number;
  writes: number;
  seconds: number;
}

async function churnWindow(driver: LabDriver, dash: Dashboard, rate: number, seconds: number): Promise<Window> {
  const peak = rssPeakSampler(dash.pid);
  const before = sampleTree(dash.pid);
  const labBefore = sampleTree(driver.pid);
  const waitBefore = runQueueWaitMs(dash.pid);
  await driver.send({ op: "churn", namespace: NS, rate }, "churning");
  await sleep(seconds * 1000);
  const stopped = await driver.send({ op: "stop-churn" }, "churn-stopped");
  const after = sampleTree(dash.pid);
  const labAfter = sampleTree(driver.pid);
  const starved = (runQueueWaitMs(dash.pid) - waitBefore) / (after.at - before.at);
  await sleep(300); // the last coalesced delta (50 ms) arrives
  return {
    cores: coresBetween(before, after),
    starved,
    labCores: coresBetween(labBefore, labAfter),
    rssPeak: peak.stop(),
    writes: stopped.writes,
    seconds: stopped.seconds,
  };
}

/** Polls /healthz until the hub has listed every kind; the time from spawn, ms. */
async function waitSynced(dash: Dashboard, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    // A busy server (listing 30,000 pods) may drop a poll: ask again until the deadline.
    const health = (await fetch(new URL("/healthz", dash.url)).then(
      (r) => r.json(),
      () => ({}),
    )) as { synced?: boolean };
    if (health.synced) return dash.startupMs + (Date.now() - dash.readyAt);
    if (Date.now() > end) throw new Error(`the hub did not sync within ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function connect(dash: Dashboard, parse: boolean, timeoutMs: number, localAddress?: string): Promise<SseClient> {
  const c = await openSse(dash.url, STREAM, parse, localAddress);
  await waitFor(() => c.snapshotMs !== undefined, timeoutMs, "the stream snapshot");
  return c;
}

export async function runServerBench(o: ServerBenchOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const seconds = o.quick ? 4 : 8;
  for (const pods of o.sizes) {
    const section = `server ${pods.toLocaleString("en-US")} pods`;
    progress(`${section}: lab cluster and dashboard`);
    const driver = await startLabDriver();
    let dash: Dashboard | undefined;
    const clients: SseClient[] = [];
    try {
      await driver.send({ op: "fill", namespace: NS, pods }, "filled");
      // The write stamp travels through the hub's projection only when asked for (a trace annotation).
      dash = await startDashboard(driver.kubeconfig, NS, 120_000, { ROLLSCOPE_TRACE_ANNOTATIONS: WRITTEN_AT_ANNOTATION });
      // `rollscope serve` waits at most 10 s for the initial list; the figures below need all of it.
      const syncedMs = await waitSynced(dash, 300_000);
      await sleep(1000);
      figures.push(
        { section, name: "startup to serving", value: dash.startupMs, unit: "ms" },
        { section, name: "startup to every kind listed (/healthz synced)", value: syncedMs, unit: "ms" },
        { section, name: "RSS idle, no client", value: sampleTree(dash.pid).rss / MiB, unit: "MiB" },
      );
      const probe = await connect(dash, true, 120_000);
      clients.push(probe);
      figures.push(
        { section, name: "stream snapshot size", value: probe.snapshotBytes / MiB, unit: "MiB" },
        {
          section,
          name: "stream snapshot bytes per pod",
          value: probe.snapshotBytes / pods,
          unit: "B",
          target: "< 400 B a pod",
          verdict: judge(probe.snapshotBytes / pods < 400),
        },
        { section, name: "stream connect → snapshot received", value: probe.snapshotMs!, unit: "ms" },
      );
      for (const rate of [20, 200]) {
        progress(`${section}: churn ${rate}/s`);
        probe.reset();
        const w = await churnWindow(driver, dash, rate, seconds);
        const lat = summarize(probe.latencies);
        const at = `churn ${rate}/s`;
        const rssTarget = pods >= 30_000 && rate === 200;
        figures.push(
          { section, name: `${at}: server CPU (1 client)`, value: w.cores, unit: "cores" },
          { section, name: `${at}: lab cluster CPU (for attribution)`, value: w.labCores, unit: "cores" },
          {
            section,
            name: `${at}: server main thread waiting for a CPU`,
            value: w.starved * 100,
            unit: "% of window",
            note:
              pods === o.sizes[0]
                ? "runnable but not running (/proc/<pid>/schedstat): high values mean the machine, not the server, set the pace"
                : undefined,
          },
          {
            section,
            name: `${at}: server RSS peak`,
            value: w.rssPeak / MiB,
            unit: "MiB",
            ...(rssTarget ? { target: "< 300 MiB at 30,000 pods", verdict: judge(w.rssPeak < 300 * MiB) } : {}),
          },
          {
            section,
            name: `${at}: SSE bytes per event`,
            value: probe.deltaEvents ? probe.deltaBytes / probe.deltaEvents : NaN,
            unit: "B",
            target: "< 300 B an event",
            verdict: judge(probe.deltaEvents > 0 && probe.deltaBytes / probe.deltaEvents < 300),
          },
          {
            section,
            name: `${at}: events delivered / written`,
            value: `${probe.deltaEvents} / ${w.writes}`,
            note:
              probe.deltaEvents < 0.9 * w.writes
                ? "the server fell behind: the latencies below cover only the events that arrived"
                : undefined,
          },
          { section, name: `${at}: write→SSE latency p50/p95/p99`, value: `${fmt(lat.p50)} / ${fmt(lat.p95)} / ${fmt(lat.p99)} ms` },
        );
      }
      if (pods === o.classroomPods) {
        for (const n of o.classroomClients) {
          progress(`${section}: ${n} stream clients`);
          // One loopback address per client, like one machine per student.
          while (clients.length < n) clients.push(await connect(dash, false, 60_000, `127.0.1.${clients.length + 1}`));
          await sleep(500);
          const w = await churnWindow(driver, dash, 100, seconds);
          const isClassroom = n === Math.max(...o.classroomClients);
          figures.push({
            section,
            name: `${n} stream client${n === 1 ? "" : "s"}, churn 100/s: server CPU`,
            value: w.cores,
            unit: "cores",
            ...(isClassroom && n >= 200 ? { target: "< 0.3 cores with 200 browsers", verdict: judge(w.cores < 0.3) } : {}),
            ...(isClassroom
              ? { note: "plain HTTP readers of /api/stream stand in for browsers: the server's per-connection work is the same" }
              : {}),
          });
          figures.push({
            section,
            name: `${n} stream client${n === 1 ? "" : "s"}, churn 100/s: server RSS peak`,
            value: w.rssPeak / MiB,
            unit: "MiB",
          });
        }
      }
    } catch (err) {
      // One size failing (a refused stream, a timeout) must not cost the other sizes' figures.
      figures.push({ section, name: "failed", value: err instanceof Error ? err.message.split("\n")[0]! : String(err) });
    } finally {
      for (const c of clients) c.close();
      await dash?.stop();
      await driver.stop();
    }
  }
  return figures;
}
