/**
 * Where the RSS of `rollscope serve` goes: the real CLI (as server.bench.ts starts it) against a
 * lab cluster of N pods (0: an empty namespace, i.e. Next.js and the app before any pod), with
 * extra environment (NODE_OPTIONS, MALLOC_* …) to compare variants. Prints, per process of the
 * server's tree, VmRSS split into anonymous and file-backed memory, once synced and idle, and
 * again after one stream client took its snapshot. A tool, not part of `npm run bench`.
 * Usage: tsx bench/server/serve-probe.ts [--pods 30000] [--env NODE_OPTIONS=--max-semi-space-size=2 ...]
 */
import { readFileSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { sleep } from "../lib/clock";
import { WRITTEN_AT_ANNOTATION } from "../lib/synthetic";
import { startLabDriver } from "../lab/client";
import { startDashboard } from "./dashboard";
import { openSse } from "./sse-client";

const { values } = parseArgs({ options: { pods: { type: "string", default: "30000" }, env: { type: "string", multiple: true } } });
const NS = "bench";
const env = Object.fromEntries((values.env ?? []).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));

function tree(pid: number): number[] {
  const out = [pid];
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    const kids = readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim();
    if (kids) for (const k of kids.split(/\s+/)) out.push(...tree(Number(k)));
  }
  return out;
}

function report(label: string, pid: number): void {
  let total = 0;
  const rows = tree(pid).map((p) => {
    const status = readFileSync(`/proc/${p}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0) / 1024;
    const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").slice(0, 3).join(" ").slice(-70);
    total += kb("VmRSS");
    return `  ${p} rss ${kb("VmRSS").toFixed(0)} MiB (anon ${kb("RssAnon").toFixed(0)}, file ${kb("RssFile").toFixed(0)}) threads ${kb("Threads") * 1024} ${cmd}`;
  });
  console.log(`${label}: tree rss ${total.toFixed(0)} MiB\n${rows.join("\n")}`);
}

const driver = await startLabDriver();
try {
  await driver.send({ op: "fill", namespace: NS, pods: Number(values.pods) }, "filled");
  const dash = await startDashboard(driver.kubeconfig, NS, 300_000, { ROLLSCOPE_TRACE_ANNOTATIONS: WRITTEN_AT_ANNOTATION, ...env });
  try {
    for (;;) {
      const h = (await fetch(new URL("/healthz", dash.url)).then(
        (r) => r.json(),
        () => ({}),
      )) as { synced?: boolean };
      if (h.synced) break;
      await sleep(300);
    }
    console.log(`synced ${((Date.now() - dash.readyAt + dash.startupMs) / 1000).toFixed(1)} s after spawn`);
    await sleep(3000);
    report("idle", dash.pid);
    const c = await openSse(dash.url, `/api/stream?namespace=${NS}`, false);
    while (c.snapshotMs === undefined) await sleep(100);
    await sleep(2000);
    report(`after a snapshot (${(c.snapshotBytes / 2 ** 20).toFixed(1)} MiB)`, dash.pid);
    c.close();
  } finally {
    await dash.stop();
  }
} finally {
  await driver.stop();
}
