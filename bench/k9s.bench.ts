/**
 * k9s beside kubectl on the lab cluster (issue 12 item 4): k9s in a tmux pane watching the
 * bench namespace, its screen read with `capture-pane`; event-to-screen is when a pod's row
 * shows the new READY value minus the write stamp, paired with the same write's receipt by
 * `kubectl get pods -w`. Churn writes only the first pods by name, the ones on k9s's screen.
 */
import { progress } from "./lib/log";
import { sleep, wallMs } from "./lib/clock";
import { summarize } from "./lib/stats";
import { fmt, type Figure } from "./lib/table";
import { waitFor } from "./lib/wait";
import { startLabDriver, type LabDriver } from "./lab/client";
import { startKubectlBaseline, type KubectlBaseline } from "./browser/kubectl-baseline";
import { baselineCount, matchPaints } from "./browser/match";
import { findK9s } from "./k9s/binary";
import { makeK9sHome } from "./k9s/config";
import { startScreenReader, type ScreenReader } from "./k9s/reader";
import type { ScreenChange } from "./k9s/screen";
import { startInTmux } from "./k9s/tmux";

export interface K9sBenchOptions {
  sizes: number[];
  /** Churn writes per second, all to pods on k9s's screen. */
  rate: number;
  seconds: number;
  /** After the churn, how long k9s may take to show the writes still missing. */
  lateDeadlineMs: number;
  /** How long k9s may take to show the whole namespace before the size is "not answered". */
  firstScreenDeadlineMs: number;
}

const NS = "bench";
const WIDTH = 250;
const HEIGHT = 80;
/** Pods churned: the first by name, well inside the ~75 rows k9s shows at 80 lines. */
export const K9S_CHURNED_PODS = 40;

export function k9sSection(pods: number): string {
  return `k9s ${pods.toLocaleString("en-US")} pods`;
}

type Stop = () => Promise<void> | void;

async function openK9s(k9s: string, driver: LabDriver, stops: Stop[]): Promise<{ reader: ScreenReader; startedAt: number }> {
  const home = await makeK9sHome(driver.kubeconfig);
  stops.unshift(() => home.remove());
  const startedAt = wallMs();
  const argv = [k9s, "--readonly", "--headless", "--logoless", "--crumbsless", "--splashless", "-n", NS, "-c", "pods"];
  const screen = await startInTmux({ argv, env: home.env, width: WIDTH, height: HEIGHT });
  stops.unshift(() => screen.kill());
  const reader = startScreenReader(screen);
  stops.unshift(() => reader.stop());
  return { reader, startedAt };
}

async function churnWindow(
  driver: LabDriver,
  reader: ScreenReader,
  kubectl: KubectlBaseline,
  o: K9sBenchOptions,
  section: string,
): Promise<Figure[]> {
  const onScreen = new Set(reader.latest.rows.map((r) => r.pod));
  kubectl.byPod.clear();
  reader.takeChanges();
  reader.takePeriods();
  const churn = await driver.send({ op: "churn", namespace: NS, rate: o.rate, subset: K9S_CHURNED_PODS }, "churning");
  await sleep(o.seconds * 1000);
  const stopped = await driver.send({ op: "stop-churn" }, "churn-stopped");
  // k9s shows a write seconds late (2–7 s measured): wait until every write to a pod on its
  // screen has shown, or the deadline passed (the rest count as not seen).
  const visibleWrites = () => [...kubectl.byPod].filter(([pod]) => onScreen.has(pod)).reduce((n, [, list]) => n + list.length, 0);
  const changes: ScreenChange[] = [];
  const lateUntil = Date.now() + o.lateDeadlineMs;
  do {
    await sleep(500);
    changes.push(...reader.takeChanges());
  } while (changes.length < visibleWrites() && Date.now() < lateUntil);
  const periods = summarize(reader.takePeriods());
  const matched = matchPaints(
    changes.map((c) => ({ pod: c.pod, state: c.ready ? "Ready" : "NotReady", mutatedAt: 0, paintedAt: c.seenAt })),
    kubectl.byPod,
  );
  const behind = summarize(matched.map((m) => m.behindKubectl));
  const screen = summarize(matched.map((m) => m.pageLatency));
  const base = summarize(matched.map((m) => m.kubectlLatency));
  const at = `churn ${o.rate}/s`;
  return [
    { section, name: `${at}: screen − kubectl p50/p95/p99`, value: `${fmt(behind.p50)} / ${fmt(behind.p95)} / ${fmt(behind.p99)} ms` },
    { section, name: `${at}: write→screen p50 (k9s)`, value: screen.p50, unit: "ms" },
    {
      section,
      name: `${at}: write→screen p95 (k9s)`,
      value: matched.length ? screen.p95 : `none shown within ${o.lateDeadlineMs / 1000} s of the churn's end`,
      unit: "ms",
    },
    { section, name: `${at}: write→kubectl p50/p95 (baseline)`, value: `${fmt(base.p50)} / ${fmt(base.p95)} ms` },
    {
      section,
      name: `${at}: changes seen / written to pods on screen / written / seen by kubectl`,
      value: `${matched.length} / ${visibleWrites()} / ${stopped.writes} / ${baselineCount(kubectl.byPod)}`,
      note: `${churn.pods} pods churned (each flipped about every ${fmt(churn.pods / o.rate)} s), ${onScreen.size} rows on k9s's screen; a change not on screen ${o.lateDeadlineMs / 1000} s after the churn stopped counts as not seen, and the latencies above cover only the changes seen`,
    },
    { section, name: "screen read period p50 / p95 (capture-pane)", value: `${fmt(periods.p50)} / ${fmt(periods.p95)} ms` },
  ];
}

async function measureSize(k9s: string, pods: number, o: K9sBenchOptions): Promise<Figure[]> {
  const section = k9sSection(pods);
  const stops: Stop[] = [];
  try {
    progress(`${section}: lab cluster`);
    const driver = await startLabDriver();
    stops.unshift(() => driver.stop());
    await driver.send({ op: "fill", namespace: NS, pods }, "filled");
    const kubectl = startKubectlBaseline(driver.kubeconfig, NS);
    stops.unshift(() => kubectl.stop());
    progress(`${section}: k9s in tmux`);
    const { reader, startedAt } = await openK9s(k9s, driver, stops);
    const complete = () => reader.latest.total === pods && reader.latest.rows.length > 0;
    try {
      await waitFor(complete, o.firstScreenDeadlineMs, "k9s's first complete screen");
    } catch {
      const last = reader.text
        .split("\n")
        .filter((l) => l.trim())
        .slice(0, 3)
        .join(" ⏎ ")
        .slice(0, 160);
      return [
        {
          section,
          name: "k9s start → first complete screen",
          value: `not within ${o.firstScreenDeadlineMs / 1000} s`,
          note: `k9s did not answer: title count ${reader.latest.total ?? "none"}, ${reader.latest.rows.length} rows; screen: ${last}`,
        },
      ];
    }
    const first: Figure = {
      section,
      name: "k9s start → first complete screen",
      value: wallMs() - startedAt,
      unit: "ms",
      note: "upper bound: the capture that first showed the whole namespace's count in the title",
    };
    await waitFor(() => kubectl.count >= pods, 120_000, "kubectl's initial list");
    await sleep(2500);
    progress(`${section}: churn ${o.rate}/s`);
    return [first, ...(await churnWindow(driver, reader, kubectl, o, section))];
  } finally {
    for (const stop of stops) await stop();
  }
}

export async function runK9sBench(o: K9sBenchOptions): Promise<Figure[]> {
  const bin = await findK9s((l) => progress(`k9s build: ${l.trim()}`));
  if ("missing" in bin)
    return [{ section: "k9s", name: "event-to-screen", value: `not measured: ${bin.missing}`, verdict: "not measured" }];
  const figures: Figure[] = [];
  for (const pods of o.sizes) {
    try {
      figures.push(...(await measureSize(bin.path, pods, o)));
    } catch (err) {
      figures.push({ section: k9sSection(pods), name: "failed", value: err instanceof Error ? err.message.split("\n")[0]! : String(err) });
    }
  }
  return figures;
}
