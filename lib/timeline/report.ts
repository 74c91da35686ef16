/**
 * The rollout report of one Deployment, from a recorded event log: each rollout (revision) with
 * when it started and ended and how, every new pod's wait for readiness, the scaling steps, and
 * the findings at the end. Pure; the JSON shape is `reportSchema`, the Markdown is for tickets.
 */
import { z } from "zod";
import { diagnose } from "../diagnose/diagnose";
import { controllerRef, objectKey, type RawObject } from "../model/raw";
import { applyEvent, emptyStore, type Store } from "../model/store";
import { trafficBetween, type RecordedTraffic } from "../traffic/recorded";
import type { RecordedEvent } from "./recording";
import { filedAs, type RawDeployment, type RawPod } from "../model/rawKinds";

const iso = z.string();

export const reportSchema = z.object({
  deployment: z.object({ namespace: z.string(), name: z.string() }),
  recordedFrom: iso,
  recordedTo: iso,
  rollouts: z.array(
    z.object({
      revision: z.number().int(),
      replicaSet: z.string().optional(),
      changeCause: z.string().optional(),
      startedAt: iso,
      endedAt: iso.optional(),
      outcome: z.enum(["complete", "stuck", "superseded", "in-progress", "initial"]),
      durationSeconds: z.number().optional(),
      steps: z.array(z.object({ at: iso, replicaSet: z.string(), from: z.number().int(), to: z.number().int() })),
      readinessWaits: z.array(z.object({ pod: z.string(), createdAt: iso, readyAt: iso.optional(), waitedSeconds: z.number().optional() })),
      /**
       * Requests through the Deployment's Services while this revision rolled out: sent by Rollscope's
       * load generator (lab traffic), or with `source: "prometheus"` observed by a real cluster's Prometheus.
       */
      requests: z
        .array(
          z.object({
            service: z.string(),
            source: z.literal("prometheus").optional(),
            sent: z.number().int(),
            failed: z.number().int(),
            byVersion: z.record(z.string(), z.number().int()),
            failures: z.record(z.string(), z.number().int()),
          }),
        )
        .optional(),
    }),
  ),
  findings: z.array(z.object({ code: z.string(), severity: z.enum(["error", "warning", "info"]), message: z.string(), fix: z.string() })),
});

export type RolloutReport = z.infer<typeof reportSchema>;
type Rollout = RolloutReport["rollouts"][number];

const isoAt = (t: number) => new Date(t).toISOString();
const progressingReason = (d: RawDeployment | undefined): string | undefined =>
  (d?.status?.conditions as { type: string; reason?: string }[] | undefined)?.find((c) => c.type === "Progressing")?.reason;
const revisionOf = (o: RawObject | undefined) => Number(o?.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
const isReady = (p: RawPod | undefined) =>
  Boolean(
    (p?.status?.conditions as { type: string; status: string }[] | undefined)?.some((c) => c.type === "Ready" && c.status === "True"),
  );

/**
 * Services whose selector picked the Deployment's pods (by its pod template labels) at some point
 * of the recording: a blue-green cut or a deleted Service does not hide the requests it carried.
 */
function servicesOf(selectors: Map<string, Record<string, string>[]>, deployment: RawDeployment | undefined): string[] {
  const labels = (deployment?.spec?.template as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata?.labels ?? {};
  const picks = (sel: Record<string, string>) => Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v);
  return [...selectors].filter(([, seen]) => seen.some(picks)).map(([name]) => name);
}

const observedByPrometheus = (traffic: readonly RecordedTraffic[], namespace: string, service: string) =>
  traffic.some((s) => s.source === "prometheus" && s.namespace === namespace && s.service === service);

/** Per revision rolled out during the recording: the requests through the Deployment's Services from its start to its end. */
function addRequests(rollouts: Rollout[], traffic: readonly RecordedTraffic[], namespace: string, services: string[], end: number): void {
  for (const r of rollouts) {
    if (r.outcome === "initial") continue;
    const from = Date.parse(r.startedAt);
    const to = r.endedAt ? Date.parse(r.endedAt) : end;
    const requests = services
      .map((service) => ({
        service,
        ...(observedByPrometheus(traffic, namespace, service) ? { source: "prometheus" as const } : {}),
        ...trafficBetween(traffic, namespace, service, from, to),
      }))
      .filter((x) => x.sent > 0);
    if (requests.length) r.requests = requests;
  }
}

/**
 * Builds the report of `namespace/name` from the events (in time order); with the recording's
 * traffic samples, each rollout also states the requests sent, failed and answered per version.
 */
export function rolloutReport(
  events: readonly RecordedEvent[],
  namespace: string,
  name: string,
  traffic: readonly RecordedTraffic[] = [],
): RolloutReport {
  let store: Store = emptyStore();
  const rollouts: Rollout[] = [];
  const rsRevision = new Map<string, number>(); // RS uid → revision
  const rsName = new Map<string, string>();
  const podRollout = new Map<string, Rollout>(); // pod uid → rollout it was created in
  let deployUid: string | undefined;
  let deployment: RawDeployment | undefined;
  const selectors = new Map<string, Record<string, string>[]>(); // Service name → every selector it had
  const current = () => rollouts[rollouts.length - 1];
  /** Ends a rollout. The baseline ("initial": complete before the recording began) keeps its outcome. */
  const finish = (r: Rollout | undefined, t: number, outcome: Rollout["outcome"]) => {
    if (!r || r.endedAt) return;
    r.endedAt = isoAt(t);
    if (r.outcome === "initial") return;
    r.outcome = outcome;
    r.durationSeconds = (t - Date.parse(r.startedAt)) / 1000;
  };

  for (const e of events) {
    const before = store.objects[e.kind][objectKey(e.object)];
    store = applyEvent(store, e);
    const o = e.object;
    if (o.metadata.namespace !== namespace) continue;
    if (e.kind === "Service")
      selectors.set(o.metadata.name ?? "", [
        ...(selectors.get(o.metadata.name ?? "") ?? []),
        (filedAs(e.kind, o).spec?.selector as Record<string, string> | undefined) ?? {},
      ]);
    if (e.kind === "Deployment" && o.metadata.name === name && e.type !== "DELETED") {
      deployUid = o.metadata.uid;
      deployment = filedAs(e.kind, o);
      const rev = revisionOf(o);
      if (rev > 0 && rev !== current()?.revision) {
        const first = rollouts.length === 0 && !before;
        finish(current(), e.t, "superseded");
        rollouts.push({
          revision: rev,
          startedAt: isoAt(e.t),
          outcome: first && progressingReason(deployment) === "NewReplicaSetAvailable" ? "initial" : "in-progress",
          steps: [],
          readinessWaits: [],
        });
      }
      const reason = progressingReason(deployment);
      if (reason !== progressingReason(filedAs(e.kind, before))) {
        if (reason === "NewReplicaSetAvailable" && current()?.outcome === "in-progress") finish(current(), e.t, "complete");
        if (reason === "ProgressDeadlineExceeded") finish(current(), e.t, "stuck");
      }
    } else if (e.kind === "ReplicaSet" && deployUid && controllerRef(o)?.uid === deployUid && e.type !== "DELETED") {
      const rev = revisionOf(o);
      rsRevision.set(o.metadata.uid ?? "", rev);
      rsName.set(o.metadata.uid ?? "", o.metadata.name ?? "");
      const r = current();
      if (r && rev === r.revision) {
        r.replicaSet = o.metadata.name;
        // The controller copies the Deployment's change-cause to the new RS on every sync, so the
        // RS, not the Deployment mid-edit, says which cause belongs to which revision.
        const cause = o.metadata.annotations?.["kubernetes.io/change-cause"];
        if (cause) r.changeCause = cause;
      }
      const from = filedAs(e.kind, before)?.spec?.replicas ?? 0;
      const to = filedAs(e.kind, o).spec?.replicas ?? 0;
      if (r && r.outcome !== "initial" && from !== to) r.steps.push({ at: isoAt(e.t), replicaSet: o.metadata.name ?? "", from, to });
    } else if (e.kind === "Pod" && e.type !== "DELETED") {
      const owner = controllerRef(o)?.uid;
      if (!owner || !rsRevision.has(owner)) continue;
      const r = current();
      if (!before && r && rsRevision.get(owner) === r.revision && r.outcome !== "initial") {
        r.readinessWaits.push({ pod: o.metadata.name ?? "", createdAt: isoAt(e.t) });
        podRollout.set(o.metadata.uid ?? "", r);
      }
      if (isReady(filedAs(e.kind, o)) && !isReady(filedAs(e.kind, before))) {
        const w = podRollout.get(o.metadata.uid ?? "")?.readinessWaits.find((x) => x.pod === o.metadata.name && !x.readyAt);
        if (w) {
          w.readyAt = isoAt(e.t);
          w.waitedSeconds = (e.t - Date.parse(w.createdAt)) / 1000;
        }
      }
    }
  }
  const end = events[events.length - 1]?.t ?? 0;
  if (traffic.length)
    addRequests(rollouts, traffic, namespace, servicesOf(selectors, deployment), Math.max(end, traffic[traffic.length - 1]!.t));
  const findings = diagnose(store, { namespace, now: end })
    .filter((f) => f.object.name === name || f.object.kind !== "Deployment")
    .map(({ code, severity, message, fix }) => ({ code, severity, message, fix }));
  return {
    deployment: { namespace, name },
    recordedFrom: isoAt(events[0]?.t ?? 0),
    recordedTo: isoAt(end),
    rollouts,
    findings,
  };
}

const fmtS = (s: number | undefined) => (s === undefined ? "—" : `${s.toFixed(1)} s`);

/**
 * "240 sent, 12 failed (503 loading 12); answered: v1 100, v2 128" — or, read from a real cluster's
 * metrics, "240 observed by Prometheus, 12 failed (503 Service Unavailable 12); answered: …".
 */
export function requestsLine(q: NonNullable<Rollout["requests"]>[number]): string {
  const causes = Object.entries(q.failures)
    .map(([c, n]) => `${c} ${n}`)
    .join(", ");
  const answered = Object.entries(q.byVersion)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([v, n]) => `${v} ${n}`)
    .join(", ");
  const counted = q.source === "prometheus" ? "observed by Prometheus" : "sent";
  return `${q.sent} ${counted}, ${q.failed} failed${causes ? ` (${causes})` : ""}; answered: ${answered || "none"}`;
}

/** The report as Markdown (for a ticket or a post-incident review). */
export function reportMarkdown(r: RolloutReport): string {
  const out = [
    `# Rollout report: deployment/${r.deployment.name} (namespace ${r.deployment.namespace})`,
    "",
    `Recorded ${r.recordedFrom} → ${r.recordedTo}.`,
    "",
  ];
  out.push("| revision | change-cause | started | ended | outcome | duration |", "|---|---|---|---|---|---|");
  for (const x of r.rollouts)
    out.push(
      `| ${x.revision} | ${x.changeCause ?? "—"} | ${x.startedAt} | ${x.endedAt ?? "—"} | ${x.outcome} | ${fmtS(x.durationSeconds)} |`,
    );
  for (const x of r.rollouts.filter((y) => y.outcome !== "initial")) {
    out.push("", `## Revision ${x.revision}${x.replicaSet ? ` (${x.replicaSet})` : ""}`, "");
    if (x.steps.length) out.push("Steps:", ...x.steps.map((s) => `- ${s.at}: ${s.replicaSet} ${s.from} → ${s.to}`), "");
    if (x.readinessWaits.length)
      out.push(
        "Readiness waits:",
        ...x.readinessWaits.map((w) => `- ${w.pod}: ${w.readyAt ? `Ready after ${fmtS(w.waitedSeconds)}` : "never Ready"}`),
      );
    for (const q of x.requests ?? []) out.push("", `Requests through service/${q.service}: ${requestsLine(q)}`);
  }
  out.push("", "## Findings at the end", "");
  if (r.findings.length === 0) out.push("None.");
  for (const f of r.findings) out.push(`- **${f.severity} ${f.code}**: ${f.message} Fix: \`${f.fix}\``);
  return out.join("\n") + "\n";
}
