/**
 * RSS and CPU time of a process and its descendants from /proc (Linux), so a child we spawned
 * is measured from outside without instrumenting it.
 */
import { readFileSync, readdirSync } from "node:fs";

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
const PAGE = 4096;

export interface ProcSample {
  /** Resident set size of the process tree, bytes. */
  rss: number;
  /** user + system CPU time of the process tree, ms. */
  cpuMs: number;
  at: number;
}

function children(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    try {
      const list = readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim();
      if (list) out.push(...list.split(/\s+/).map(Number));
    } catch {
      // the task ended while we read
    }
  }
  return out;
}

function one(pid: number): { rss: number; cpuMs: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may contain spaces, start after the last ")".
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(f[11]);
    const stime = Number(f[12]);
    const rssPages = Number(f[21]);
    return { rss: rssPages * PAGE, cpuMs: ((utime + stime) * 1000) / TICKS_PER_SECOND };
  } catch {
    return { rss: 0, cpuMs: 0 };
  }
}

/** RSS and CPU of `pid` and every descendant. */
export function sampleTree(pid: number): ProcSample {
  let rss = 0;
  let cpuMs = 0;
  const seen = new Set<number>();
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    const s = one(p);
    rss += s.rss;
    cpuMs += s.cpuMs;
    stack.push(...children(p));
  }
  return { rss, cpuMs, at: Date.now() };
}

/** Fraction of one core used between two samples (1 = one core busy all the time). */
export function coresBetween(a: ProcSample, b: ProcSample): number {
  return b.at > a.at ? (b.cpuMs - a.cpuMs) / (b.at - a.at) : NaN;
}

/** Peak RSS over a window, sampled every `everyMs` until `stop()` is called. */
export function rssPeakSampler(pid: number, everyMs = 250): { stop(): number } {
  let peak = sampleTree(pid).rss;
  const t = setInterval(() => {
    peak = Math.max(peak, sampleTree(pid).rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(t);
      return Math.max(peak, sampleTree(pid).rss);
    },
  };
}

/**
 * Time the process's main thread spent runnable but waiting for a CPU, ms (/proc/<pid>/schedstat,
 * second field). On a shared machine this shows when a process was starved rather than idle.
 */
export function runQueueWaitMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(/\s+/);
    return Number(f[1]) / 1e6;
  } catch {
    return NaN;
  }
}
