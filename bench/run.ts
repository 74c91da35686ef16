/**
 * `npm run bench`: runs the chosen benches one after another and prints one table of every
 * figure, targets of issue 7 beside the figures that judge them. Timings are printed, never
 * asserted. See bench/README.md.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { runBrowserBench } from "./browser.bench";
import { runK9sBench } from "./k9s.bench";
import { peerRatioRows } from "./k9s/ratio";
import { runLabBench } from "./labcluster.bench";
import { runModelBench } from "./model.bench";
import { runServerBench } from "./server.bench";
import { runSoak } from "./soak";
import { progress } from "./lib/log";
import { writeFiguresToReadme } from "./lib/readme";
import { renderTable, type Figure } from "./lib/table";

const BENCHES = ["model", "lab", "server", "browser", "k9s"] as const;
type BenchName = (typeof BENCHES)[number];

const HELP = `Usage: npm run bench -- [--quick] [--only model,lab,server,browser,k9s] [--json FILE]
       npm run bench -- --soak [--minutes N] [--clients N] [--pages N] [--json FILE]

  --quick        smaller sizes and shorter windows (under ~2 minutes)
  --only LIST    run only these benches (default: all)
  --json FILE    also write the figures as JSON
  --readme       also put the table into bench/README.md ("Latest figures")
  --server-sizes LIST  pod counts of the server bench (default 100,1000,5000,30000; quick: 1000)
  --sizes LIST   browser bench: only these pod counts (e.g. 5000,30000), with paint windows
  --fps LIST     browser bench: frame-rate runs at these pod counts (default 1000,10000; quick
                 1000; with --sizes none unless given)
  --soak         instead: the classroom soak (bench/soak.ts), 200 stream clients + 2 pages
                 through continuous rollouts for --minutes (default 10)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      json: { type: "string" },
      readme: { type: "boolean", default: false },
      sizes: { type: "string" },
      fps: { type: "string" },
      soak: { type: "boolean", default: false },
      minutes: { type: "string" },
      clients: { type: "string" },
      pages: { type: "string" },
      "server-sizes": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.soak) {
    const num = (v: string | undefined, flag: string) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a number, got "${v}"`);
      return n;
    };
    const soak = await runSoak({
      minutes: num(values.minutes, "--minutes"),
      clients: num(values.clients, "--clients"),
      pages: num(values.pages, "--pages"),
    });
    console.log(`\n${soak.text}`);
    if (values.json) await writeFile(values.json, JSON.stringify({ options: soak.options, samples: soak.samples }, null, 2) + "\n");
    return 0;
  }
  const chosen = (values.only?.split(",").map((s) => s.trim()) ?? [...BENCHES]) as BenchName[];
  const unknown = chosen.filter((c) => !BENCHES.includes(c));
  if (unknown.length) {
    console.error(`unknown bench: ${unknown.join(", ")} (choose from ${BENCHES.join(", ")})`);
    return 2;
  }
  const quick = values.quick!;
  const browserFlags = { sizes: podList(values.sizes, "--sizes"), fps: podList(values.fps, "--fps") };
  const serverSizes = podList(values["server-sizes"], "--server-sizes");
  const figures: Figure[] = [];
  const started = Date.now();
  for (const name of chosen) {
    const t0 = Date.now();
    progress(`bench ${name}…`);
    try {
      figures.push(...(await runOne(name, quick, browserFlags, serverSizes)));
    } catch (err) {
      figures.push({ section: name, name: "bench failed", value: err instanceof Error ? err.message.split("\n")[0]! : String(err) });
      console.error(err);
    }
    progress(`bench ${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const heading = `Rollscope bench — ${new Date().toISOString()} — ${quick ? "quick" : "full"} run (${chosen.join(", ")}), ${((Date.now() - started) / 1000).toFixed(0)} s`;
  figures.push(...peerRatioRows(figures));
  const table = renderTable(figures);
  console.log(`\n${heading}\n\n${table}`);
  if (values.readme) await writeFiguresToReadme(heading, table);
  if (values.json) await writeFile(values.json, JSON.stringify(figures, null, 2) + "\n");
  return 0;
}

/** A comma-separated list of pod counts ("5000,30000"), or undefined when the flag is absent. */
function podList(v: string | undefined, flag: string): number[] | undefined {
  if (v === undefined) return undefined;
  const list = v.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${flag} must be pod counts separated by commas (e.g. 5000,30000), got "${v}"`);
  return list;
}

interface BrowserFlags {
  sizes?: number[];
  fps?: number[];
}

async function runOne(name: BenchName, quick: boolean, browser: BrowserFlags, serverSizes?: number[]): Promise<Figure[]> {
  switch (name) {
    case "model":
      return runModelBench({ sizes: quick ? [100, 1_000, 5_000] : [100, 1_000, 5_000, 30_000], quick });
    case "lab":
      return runLabBench({ quick });
    case "server":
      return runServerBench({
        quick,
        sizes: serverSizes ?? (quick ? [1_000] : [100, 1_000, 5_000, 30_000]),
        classroomPods: 1_000,
        classroomClients: quick ? [1, 50] : [1, 50, 200],
      });
    case "browser":
      return runBrowserBench({
        quick,
        paintSizes: browser.sizes ?? (quick ? [1_000] : [100, 1_000, 5_000, 30_000]),
        rates: quick ? [200] : [20, 200],
        pictureSizes: browser.sizes ? [] : quick ? [] : [10_000],
        fpsPods: browser.fps ?? (browser.sizes ? [] : quick ? [1_000] : [1_000, 10_000]),
      });
    case "k9s":
      return runK9sBench({
        sizes: quick ? [1_000] : [100, 1_000, 5_000, 30_000],
        // 2/s over 40 pods: each pod flips once in 20 s, so k9s's 2 s redraw coalesces nothing.
        rate: 2,
        seconds: quick ? 10 : 20,
        lateDeadlineMs: 30_000,
        firstScreenDeadlineMs: quick ? 60_000 : 180_000,
      });
    default:
      return [{ section: name, name: "not implemented yet", value: "skipped" }];
  }
}

process.exitCode = await main();
