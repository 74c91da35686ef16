/**
 * The process's one reader of Prometheus (`serve --prometheus`, issue 14 item 5): every second,
 * while a recording or a page's traffic stream holds it, it runs the two PromQL templates for each
 * Service in view and keeps (1) each Service's traffic picture for the cards, (2) the requests the
 * counters gained since the previous reading, queued as recorded traffic samples for the recorder,
 * so replay, the timeline and the rollout report show them like the lab's own traffic, and (3) a
 * state: waiting for the first answer, answering, or "Prometheus: <cause>". Never throws.
 */
import { DEFAULT_PROMQL, metricsPicture, type PromqlTemplates } from "./promql";
import { carryForward, counterReading, countsBetween, type CounterReading } from "./promCounts";
import { prometheusAnswers, type Fetch } from "./prometheusReader";
import type { PrometheusState, TrafficPicture } from "./picture";
import type { RecordedTraffic } from "./recorded";

export interface ServiceRef {
  namespace: string;
  service: string;
}

export interface PromPollerOptions {
  url: string;
  templates?: PromqlTemplates;
  /** The Services in view now (read on every poll). */
  services(): ServiceRef[];
  everyMs?: number;
  /** At most this many Services are read per poll (two queries each), the rest said so in the state. */
  maxServices?: number;
  /** Queued samples kept for the recorder beyond which the oldest are dropped. */
  maxQueued?: number;
  fetchFn?: Fetch;
  /** The clock samples are stamped with: the recorder's (the cluster's). */
  now?: () => number;
}

export interface PromPoller {
  readonly url: string;
  /** Starts polling while at least one holder has not released it. */
  acquire(): () => void;
  /** Every Service's latest picture (a "waiting" one until its first answer). */
  pictures(): TrafficPicture[];
  state(): PrometheusState;
  /** The samples queued since the previous call (the recorder's `traffic` feed), each stamped when read. */
  drain(): RecordedTraffic[];
  /** One reading of every Service now (what the timer does). */
  poll(): Promise<void>;
  stop(): void;
}

const CONCURRENCY = 4;

/** Runs `fn` over `items` with at most `n` at a time. */
async function eachLimited<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

const keyOf = (s: ServiceRef) => `${s.namespace}/${s.service}`;

export function startPromPoller(opts: PromPollerOptions): PromPoller {
  const templates = opts.templates ?? DEFAULT_PROMQL;
  const now = opts.now ?? Date.now;
  const maxServices = opts.maxServices ?? 200;
  const maxQueued = opts.maxQueued ?? 20_000;
  const readings = new Map<string, CounterReading>();
  const latest = new Map<string, TrafficPicture>();
  let queue: RecordedTraffic[] = [];
  let state: PrometheusState = { state: "waiting", url: opts.url };
  let holders = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let inFlight: Promise<void> | undefined;

  const enqueue = (s: RecordedTraffic) => {
    queue.push(s);
    if (queue.length > maxQueued) queue = queue.slice(queue.length - maxQueued);
  };

  const readOne = async (ref: ServiceRef, errors: string[]) => {
    try {
      const { total, rate } = await prometheusAnswers(opts.url, ref.namespace, ref.service, templates, opts.fetchFn);
      const picture = metricsPicture(ref.namespace, ref.service, total, rate);
      latest.set(keyOf(ref), picture);
      const at = now();
      const reading = counterReading(total, at);
      const before = readings.get(keyOf(ref));
      readings.set(keyOf(ref), before ? carryForward(before, reading, at) : reading);
      if (!before) return; // the first reading is the baseline: what came before is not this recording's
      const counts = countsBetween(before, reading);
      // Stamped when read (on the recorder's clock), not when the recorder next drains the queue.
      if (counts.sent > 0)
        enqueue({ t: at, ...ref, rate: picture.rate, requests: [], source: "prometheus", counts, pods: picture.pods ?? [] });
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  };

  const readAll = async () => {
    const all = opts.services();
    const refs = all.slice(0, maxServices);
    const errors: string[] = [];
    await eachLimited(refs, CONCURRENCY, (ref) => readOne(ref, errors));
    const at = now();
    if (errors.length) state = { state: "error", url: opts.url, cause: errors[0]!, at };
    else if (all.length > refs.length)
      state = { state: "error", url: opts.url, cause: `reading the first ${maxServices} of ${all.length} Services only`, at };
    else if (refs.length || state.state !== "waiting") state = { state: "answering", url: opts.url, at };
  };

  // One reading at a time: a slow Prometheus is not asked again before it answered.
  const poll = () => (inFlight ??= readAll().finally(() => (inFlight = undefined)));

  /** A Service's latest picture (an empty one before its first answer) with the reader's state. */
  const pictureOf = (ref: ServiceRef): TrafficPicture => ({
    ...(latest.get(keyOf(ref)) ?? metricsPicture(ref.namespace, ref.service, [], [])),
    prometheus: state,
    ...(state.state === "error" ? { error: `Prometheus: ${state.cause}` } : {}),
  });

  return {
    url: opts.url,
    acquire() {
      holders++;
      if (!timer) {
        void poll();
        timer = setInterval(() => void poll(), opts.everyMs ?? 1000);
        timer.unref?.();
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holders === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    pictures: () => opts.services().slice(0, maxServices).map(pictureOf),
    state: () => state,
    drain() {
      const out = queue;
      queue = [];
      return out;
    },
    poll,
    stop() {
      holders = 0;
      clearInterval(timer);
      timer = undefined;
    },
  };
}

const KEY = Symbol.for("rollscope.promPoller");
type WithPoller = typeof globalThis & { [KEY]?: PromPoller };

/** The process's poller for `url`, started on first use (`serve` and the traffic route share it). */
export function processPromPoller(opts: PromPollerOptions): PromPoller {
  const g = globalThis as WithPoller;
  if (g[KEY]?.url !== opts.url) {
    g[KEY]?.stop();
    g[KEY] = startPromPoller(opts);
  }
  return g[KEY];
}
