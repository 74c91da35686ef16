/**
 * The classroom soak (issue 8): the lab cluster and `rollscope serve` (production build) as child
 * processes, a rollout every few seconds in a few namespaces for the whole run, 200 stream clients
 * that reconnect and resume like the page's EventSource, and a couple of real Chromium pages on the
 * dashboard, for `--minutes` (default 10). Every 30 s: server RSS (/proc/<pid>/status), its V8 heap
 * after a full collection (inspector), events per client, lag behind a plain kubectl watch, drops,
 * resyncs, clients alive. Prints the table and a verdict (memory growth, dropped connections).
 * Figures only: nothing here is asserted. See bench/README.md "Soak".
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright";
import { closeChromium, jsHeapUsed, launchChromium } from "./browser/chromium";
import { sleep } from "./lib/clock";
import { progress } from "./lib/log";
import { coresBetween, sampleTree, type ProcSample } from "./lib/proc";
import { percentile, summarize } from "./lib/stats";
import { fmt } from "./lib/table";
import { withTimeout } from "./lib/wait";
import { connectInspector, INSPECTOR_URL, type HeapSample, type Inspector } from "./soak/inspector";
import { openStreamClient, type StreamClient } from "./soak/stream-client";
import { kubectl, soakWorkload, startRollouts, watchDeployments, workloadManifest } from "./soak/workload";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = fileURLToPath(new URL("../bin/rollscope.mjs", import.meta.url));
const MiB = 2 ** 20;

export interface SoakOptions {
  minutes: number;
  clients: number;
  pages: number;
  namespaces: number;
  deploymentsPerNamespace: number;
  rolloutEveryMs: number;
  sampleEveryMs: number;
}

export const SOAK_DEFAULTS: SoakOptions = {
  minutes: 10,
  clients: 200,
  pages: 2,
  namespaces: 3,
  deploymentsPerNamespace: 2,
  rolloutEveryMs: 3000,
  sampleEveryMs: 30_000,
};

export interface SoakSample {
  /** Minutes since the clients connected and the rollouts began. */
  minute: number;
  serverRssMiB: number;
  serverHeapMiB: number;
  serverExternalMiB: number;
  serverSockets: number;
  serverCores: number;
  /** The in-memory recording for the download button (bounded by design), MiB. */
  recordingMiB: number;
  /** Kubernetes Event objects the server holds (the lab cluster never expires them). */
  eventObjects: number;
  /** Changes the server's hub has numbered so far (all kinds, before coalescing). */
  hubChanges: number;
  labRssMiB: number;
  /** Delta objects received per client in the window just ended: median of the clients of every namespace, … */
  eventsAllNs: number;
  /** … and the least and most of the clients of one namespace. */
  eventsOneNsMin: number;
  eventsOneNsMax: number;
  /** SSE receipt − kubectl-watch receipt of the same write, ms (p95 over the window). */
  lagP95: number;
  lagSamples: number;
  drops: number;
  resyncs: number;
  alive: number;
  pagesLive: number;
  pageDrops: number;
  pageHeapMiB: number[];
}

export interface SoakResult {
  options: SoakOptions;
  samples: SoakSample[];
  text: string;
}

interface Child {
  proc: ChildProcess;
  stderr: string[];
}

/** Spawns a Node child running the CLI; resolves with the first match of `ready` on stdout. */
function startCli(args: string[], nodeArgs: string[], ready: RegExp, what: string): Promise<{ child: Child; match: RegExpExecArray }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  // A token in the shell running the bench would put the loopback server behind a token.
  delete env.ROLLSCOPE_TOKEN;
  const proc = spawn(process.execPath, [...nodeArgs, CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const child: Child = { proc, stderr: [] };
  proc.stderr!.on("data", (b: Buffer) => child.stderr.push(b.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${what} did not start in 180 s: ${child.stderr.join("").slice(-500)}`)), 180_000);
    proc.once("exit", (code) => fail(new Error(`${what} exited (${code}): ${child.stderr.join("").slice(-500)}`)));
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      const m = ready.exec(line);
      if (m) {
        clearTimeout(timer);
        ok({ child, match: m });
      }
    });
  });
}

async function stopChild(c: Child | undefined): Promise<void> {
  if (!c || c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  const exited = new Promise<void>((ok) => c.proc.once("exit", () => ok()));
  c.proc.kill("SIGTERM");
  const t = setTimeout(() => c.proc.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(t);
}

function statusRss(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? (Number(m[1]) * 1024) / MiB : NaN;
  } catch {
    return NaN;
  }
}

/** Loopback source address of client i (any 127.x.y.z works on Linux): one "machine" per client. */
function clientAddress(i: number): string {
  return `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

const PAGE_WATCH = `(() => {
  window.__soak = { drops: 0, state: document.querySelector('[data-testid=connection]')?.getAttribute('data-connection') };
  new MutationObserver(() => {
    const s = document.querySelector('[data-testid=connection]')?.getAttribute('data-connection');
    if (window.__soak.state === 'live' && s !== 'live') window.__soak.drops++;
    window.__soak.state = s;
  }).observe(document.body, { attributes: true, subtree: true, childList: true, attributeFilter: ['data-connection'] });
})()`;

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url, { timeout: 120_000 });
  await page.waitForSelector("[data-testid=connection][data-connection=live]", { timeout: 120_000 });
  await page.evaluate(PAGE_WATCH);
  return page;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den ? num / den : NaN;
}

export async function runSoak(opts: Partial<SoakOptions> = {}): Promise<SoakResult> {
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<SoakOptions>;
  const o: SoakOptions = { ...SOAK_DEFAULTS, ...given };
  const dir = mkdtempSync(join(tmpdir(), "rollscope-soak-"));
  const kubeconfig = join(dir, "kubeconfig");
  const workload = soakWorkload(o.namespaces, o.deploymentsPerNamespace);
  let lab: Child | undefined;
  let server: Child | undefined;
  let inspector: Inspector | undefined;
  let browser: Browser | undefined;
  const clients: StreamClient[] = [];
  const pages: Page[] = [];
  let watch: ReturnType<typeof watchDeployments> | undefined;
  let rollouts: ReturnType<typeof startRollouts> | undefined;
  try {
    progress("soak: lab cluster");
    const started = await startCli(
      ["lab-cluster", "--port", "0", "--kubeconfig-out", kubeconfig],
      [],
      /^ready kubeconfig=/,
      "rollscope lab-cluster",
    );
    lab = started.child;
    progress(`soak: ${workload.deployments.length} Deployments + Services in ${workload.namespaces.join(", ")}`);
    await kubectl(kubeconfig, ["apply", "-f", "-"], workloadManifest(workload));
    for (const d of workload.deployments)
      await kubectl(kubeconfig, ["rollout", "status", `deployment/${d.name}`, "-n", d.namespace, "--timeout=120s"]);

    progress("soak: rollscope serve (production build, inspector on loopback)");
    const s = await startCli(
      ["serve", "--kubeconfig", kubeconfig, "--port", "0"],
      ["--inspect=127.0.0.1:0"],
      /rollscope serving (http:\/\/\S+)/,
      "rollscope serve",
    );
    server = s.child;
    const url = s.match[1]!;
    const inspectorUrl = INSPECTOR_URL.exec(server.stderr.join(""))?.[1];
    if (inspectorUrl) inspector = await connectInspector(inspectorUrl);
    const serverPid = server.proc.pid!;
    let serverExit: string | undefined;
    server.proc.once(
      "exit",
      (code, signal) => (serverExit = `rollscope serve exited (${code ?? signal}) during the soak: ${server!.stderr.join("").slice(-300)}`),
    );

    watch = watchDeployments(kubeconfig);

    // SSE receipts of each write's stamp: when, and by how many clients.
    const receipts: { stamp: string; at: number }[] = [];
    const receivers = new Map<string, number>();
    progress(`soak: ${o.clients} stream clients`);
    const scopes = [...workload.namespaces, undefined];
    for (let i = 0; i < o.clients; i += 20) {
      const batch = [];
      for (let j = i; j < Math.min(o.clients, i + 20); j++) {
        batch.push(
          openStreamClient({
            base: url,
            namespace: scopes[j % scopes.length],
            localAddress: clientAddress(j),
            onStamp: (stamp, at) => {
              receipts.push({ stamp, at });
              receivers.set(stamp, (receivers.get(stamp) ?? 0) + 1);
            },
          }),
        );
      }
      clients.push(...(await Promise.all(batch)));
    }

    if (o.pages > 0) {
      progress(`soak: ${o.pages} Chromium page${o.pages === 1 ? "" : "s"}`);
      browser = await launchChromium();
      for (let i = 0; i < o.pages; i++) {
        const ns = i === 0 ? undefined : workload.namespaces[(i - 1) % workload.namespaces.length];
        pages.push(await openPage(browser, ns ? `${url}/?namespace=${ns}` : `${url}/`));
      }
    }

    progress(`soak: rollouts every ${o.rolloutEveryMs / 1000} s for ${o.minutes} min`);
    rollouts = startRollouts(kubeconfig, workload, o.rolloutEveryMs, (m) => progress(`soak: ${m}`));
    const t0 = Date.now();
    const samples: SoakSample[] = [];
    let lastEvents = clients.map(() => 0);
    let lastCpu: ProcSample = sampleTree(serverPid);
    let lagFrom = 0;

    const takeSample = async (): Promise<SoakSample> => {
      const now = Date.now();
      const rss = statusRss(serverPid);
      const cpu = sampleTree(serverPid);
      const heap: HeapSample | undefined = inspector
        ? await withTimeout(inspector.sample(), 20_000, "server heap").catch(() => undefined)
        : undefined;
      const events = clients.map((c) => c.events);
      const inWindow = (all: boolean) =>
        events
          .map((e, i) => e - lastEvents[i]!)
          .filter((_, i) => (clients[i]!.namespace === undefined) === all)
          .sort((a, b) => a - b);
      const allNs = inWindow(true);
      const oneNs = inWindow(false);
      lastEvents = events;
      // Lag of the stamps received since the last sample that the plain watch has also seen.
      const lags: number[] = [];
      const upTo = receipts.length;
      for (let i = lagFrom; i < upTo; i++) {
        const r = receipts[i]!;
        const base = watch!.receipts.get(r.stamp);
        // Only the soak's own writes (the manifest's initial stamp arrives with each snapshot).
        if (base !== undefined && rollouts!.stamps.has(r.stamp)) lags.push(r.at - base);
      }
      lagFrom = upTo;
      const pageStates = await Promise.all(
        pages.map(async (p) => {
          const st = await withTimeout(p.evaluate<{ drops: number; state: string }>("window.__soak"), 10_000, "page").catch(() => ({
            drops: NaN,
            state: "unresponsive",
          }));
          const heapUsed = await withTimeout(jsHeapUsed(p), 20_000, "page heap").catch(() => NaN);
          return { ...st, heapMiB: heapUsed / MiB };
        }),
      );
      const sample: SoakSample = {
        minute: (now - t0) / 60_000,
        serverRssMiB: rss,
        serverHeapMiB: heap ? heap.heapUsed / MiB : NaN,
        serverExternalMiB: heap ? heap.external / MiB : NaN,
        serverSockets: heap ? (heap.resources.TCPSocketWrap ?? 0) : NaN,
        serverCores: cpu.at - lastCpu.at >= 1000 ? coresBetween(lastCpu, cpu) : NaN,
        recordingMiB: heap?.recordingBytes !== undefined ? heap.recordingBytes / MiB : NaN,
        eventObjects: heap?.eventObjects ?? NaN,
        hubChanges: heap?.hubChanges ?? NaN,
        labRssMiB: lab ? statusRss(lab.proc.pid!) : NaN,
        eventsAllNs: percentile(allNs, 50),
        eventsOneNsMin: oneNs[0] ?? NaN,
        eventsOneNsMax: oneNs[oneNs.length - 1] ?? NaN,
        lagP95: percentile(
          lags.sort((a, b) => a - b),
          95,
        ),
        lagSamples: lags.length,
        drops: clients.reduce((a, c) => a + c.drops, 0),
        resyncs: clients.reduce((a, c) => a + c.resyncs, 0),
        alive: clients.filter((c) => c.alive()).length,
        pagesLive: pageStates.filter((p) => p.state === "live").length,
        pageDrops: pageStates.reduce((a, p) => a + p.drops, 0),
        pageHeapMiB: pageStates.map((p) => p.heapMiB),
      };
      lastCpu = cpu;
      progress(
        `soak: ${fmt(sample.minute)} min  RSS ${fmt(sample.serverRssMiB)} MiB  heap ${fmt(sample.serverHeapMiB)} MiB  sockets ${sample.serverSockets}  ` +
          `events/client ${sample.eventsAllNs} (all ns) ${sample.eventsOneNsMin}–${sample.eventsOneNsMax} (one ns)  lag p95 ${fmt(sample.lagP95)} ms  drops ${sample.drops}  resyncs ${sample.resyncs}  alive ${sample.alive}/${clients.length}  pages live ${sample.pagesLive}/${pages.length}`,
      );
      return sample;
    };

    samples.push(await takeSample());
    const end = t0 + o.minutes * 60_000;
    for (let next = t0 + o.sampleEveryMs; next <= end + 1000 && !serverExit; next += o.sampleEveryMs) {
      await sleep(Math.max(0, next - Date.now()));
      if (serverExit) break;
      samples.push(await takeSample());
    }
    await rollouts.stop();
    // Let the last writes arrive before counting who missed what.
    await sleep(5000);

    // Every write should reach every client whose scope holds its namespace.
    let expected = 0;
    let missed = 0;
    for (const [stamp, w] of rollouts.stamps) {
      const inScope = clients.filter((c) => c.namespace === undefined || c.namespace === w.namespace).length;
      expected += inScope;
      missed += Math.max(0, inScope - (receivers.get(stamp) ?? 0));
    }
    const writeToSse = summarize(
      receipts.map((r) => r.at - (rollouts!.stamps.get(r.stamp)?.writtenAt ?? NaN)).filter((x) => Number.isFinite(x)),
    );
    const writeToWatch = summarize(
      [...watch.receipts].map(([stamp, at]) => at - (rollouts!.stamps.get(stamp)?.writtenAt ?? NaN)).filter((x) => Number.isFinite(x)),
    );
    const reasons = new Map<string, number>();
    for (const c of clients) for (const [r, n] of c.dropReasons) reasons.set(r, (reasons.get(r) ?? 0) + n);

    const text = report(o, samples, {
      serverExit,
      rollouts: rollouts.rollouts,
      scales: rollouts.scales,
      writeFailures: rollouts.failures,
      kubectlMs: summarize(rollouts.kubectlMs),
      expected,
      missed,
      writeToSse,
      writeToWatch,
      refused: clients.reduce((a, c) => a + c.refused, 0),
      resumes: clients.reduce((a, c) => a + c.resumes, 0),
      reasons,
      url,
    });
    return { options: o, samples, text };
  } finally {
    await rollouts?.stop();
    for (const c of clients) c.close();
    watch?.stop();
    if (browser) await closeChromium(browser);
    inspector?.close();
    await stopChild(server);
    await stopChild(lab);
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Totals {
  serverExit?: string;
  rollouts: number;
  scales: number;
  writeFailures: number;
  kubectlMs: ReturnType<typeof summarize>;
  expected: number;
  missed: number;
  writeToSse: ReturnType<typeof summarize>;
  writeToWatch: ReturnType<typeof summarize>;
  refused: number;
  resumes: number;
  reasons: Map<string, number>;
  url: string;
}

/** Mean of `pick` over the samples whose minute lies in [from, to]. */
function windowMean(samples: SoakSample[], from: number, to: number, pick: (s: SoakSample) => number): number {
  return mean(
    samples
      .filter((s) => s.minute >= from - 1e-6 && s.minute <= to + 1e-6)
      .map(pick)
      .filter(Number.isFinite),
  );
}

function report(o: SoakOptions, samples: SoakSample[], t: Totals): string {
  const head = [
    "min",
    "server RSS",
    "heap after GC",
    "of it: recording",
    "Event objects",
    "sockets",
    "server CPU",
    "lab RSS",
    "events/client: all ns · one ns",
    "lag p95",
    "drops",
    "resyncs",
    "clients alive",
    "pages live",
    "page heaps",
  ];
  const rows = samples.map((s) => [
    fmt(s.minute),
    `${fmt(s.serverRssMiB)} MiB`,
    `${fmt(s.serverHeapMiB)} MiB`,
    `${fmt(s.recordingMiB)} MiB`,
    fmt(s.eventObjects),
    String(s.serverSockets),
    Number.isFinite(s.serverCores) ? `${fmt(s.serverCores)} cores` : "–",
    `${fmt(s.labRssMiB)} MiB`,
    `${fmt(s.eventsAllNs)} · ${fmt(s.eventsOneNsMin)}–${fmt(s.eventsOneNsMax)}`,
    s.lagSamples ? `${fmt(s.lagP95)} ms` : "–",
    String(s.drops),
    String(s.resyncs),
    `${s.alive}/${o.clients}`,
    `${s.pagesLive}/${o.pages}`,
    s.pageHeapMiB.length ? `${s.pageHeapMiB.map((h) => fmt(h)).join(", ")} MiB` : "–",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const table = [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");

  const N = samples.length ? samples[samples.length - 1]!.minute : 0;
  const [b0, b1, l0] = [0.2 * o.minutes, 0.4 * o.minutes, 0.8 * o.minutes];
  const change = (pick: (s: SoakSample) => number) => {
    const base = windowMean(samples, b0, b1, pick);
    return { base, last: windowMean(samples, l0, o.minutes + 1, pick), delta: windowMean(samples, l0, o.minutes + 1, pick) - base };
  };
  const signed = (x: number) => `${x >= 0 ? "+" : ""}${fmt(x)}`;
  const growth = (pick: (s: SoakSample) => number) => {
    const c = change(pick);
    return `${signed(c.delta)} MiB (${signed((100 * c.delta) / c.base)} %; ${fmt(c.base)} → ${fmt(c.last)} MiB)`;
  };
  const heapLessRecording = (s: SoakSample) => s.serverHeapMiB - (Number.isFinite(s.recordingMiB) ? s.recordingMiB : 0);
  const after = samples.filter((s) => s.minute >= b0 - 1e-6 && Number.isFinite(s.serverHeapMiB));
  const perMin = (pick: (s: SoakSample) => number) =>
    fmt(
      slope(
        after.map((s) => s.minute),
        after.map(pick),
      ),
    );
  const events = change((s) => s.eventObjects);
  const last = samples[samples.length - 1];
  const first = samples[0];
  const hubRate = last && first && last.minute > first.minute ? (last.hubChanges - first.hubChanges) / (last.minute - first.minute) : NaN;
  const allRate = mean(samples.slice(1).map((s) => s.eventsAllNs)) * (60_000 / o.sampleEveryMs);
  const drops = last?.drops ?? 0;
  const pageDrops = last?.pageDrops ?? 0;
  const reasons = [...t.reasons].map(([r, n]) => `${n}× ${r}`).join(", ");
  const windows = `minutes ${fmt(b0)}–${fmt(b1)} vs the last ${fmt(o.minutes - l0)} minutes`;
  return [
    `Rollscope soak — ${new Date().toISOString()} — ${fmt(N)} min, ${o.clients} stream clients + ${o.pages} Chromium page${o.pages === 1 ? "" : "s"}, ` +
      `${o.namespaces}×${o.deploymentsPerNamespace} Deployments, a write every ${o.rolloutEveryMs / 1000} s (${t.rollouts} rollouts, ${t.scales} scales${t.writeFailures ? `, ${t.writeFailures} failed` : ""})`,
    "",
    table,
    "",
    "- heap after GC: the server's V8 heap after a full collection forced through the inspector at each sample; of it, recording: the in-memory recording `serve` keeps for the download button (lib/timeline/recorder.ts, capped); Event objects: Kubernetes Events in the server's store.",
    "- events/client: delta objects (after the server's 50 ms coalescing) a stream client received in the 30 s before the sample: median of the clients of every namespace · least–most of the clients of one namespace.",
    "- lag p95: SSE receipt at the clients − receipt of the same write by `kubectl get deployments -A -w` beside them (what the dashboard adds over a plain watch, 50 ms coalescing included).",
    `- write → SSE (from the start of \`kubectl set env\`, kubectl itself ${fmt(t.kubectlMs.p50)} ms p50): p50 ${fmt(t.writeToSse.p50)} / p95 ${fmt(t.writeToSse.p95)} / max ${fmt(t.writeToSse.max)} ms over ${t.writeToSse.n} receipts; to the plain watch p50 ${fmt(t.writeToWatch.p50)} / p95 ${fmt(t.writeToWatch.p95)} ms.`,
    `- the server's hub numbered ${fmt(hubRate)} changes a minute (every kind, before coalescing); a client of every namespace received ${fmt(allRate)} a minute.`,
    `- writes delivered: ${t.expected - t.missed} of ${t.expected} (each stamped rollout × the clients whose namespace holds it); missed ${t.missed}.`,
    `- reconnects: ${drops} (${t.resumes} resumed with the missed deltas, ${last?.resyncs ?? 0} resynced with a snapshot, ${t.refused} attempts refused)${reasons ? `: ${reasons}` : ""}.`,
    ...(t.serverExit ? [`- ${t.serverExit}`] : []),
    "",
    `Verdict: memory, ${windows}: server RSS ${growth((s) => s.serverRssMiB)}; heap after GC ${growth((s) => s.serverHeapMiB)}, ` +
      `of which the recording ${growth((s) => s.recordingMiB)}; heap without the recording ${growth(heapLessRecording)} (${perMin(heapLessRecording)} MiB/min from minute ${fmt(b0)}), ` +
      `while the Event objects held went ${fmt(events.base)} → ${fmt(events.last)}. ` +
      `Dropped connections: ${drops} of ${o.clients} stream clients, ${pageDrops} of ${o.pages} pages; missed writes: ${t.missed}.`,
  ].join("\n");
}
