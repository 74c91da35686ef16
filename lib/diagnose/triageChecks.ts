/**
 * The individual checks of a triage checklist: each reads the live state, says what it shows
 * now, and judges ok / warn / fail. triage.ts orders them per scenario.
 */
import { isActivePod, podState } from "../model/pod";
import { compareStrings } from "../model/raw";
import { stringMap, templateLabels } from "../model/wire";
import { CANARY_MAX_SHARE, COLOUR_LABEL_KEYS, selectorText, servingColours } from "../model/traffic";
import type { Finding } from "../model/types";
import type { DeploymentFacts, DiagnoseContext, ServiceFacts } from "./context";
import { notReadyEvidence } from "./workloadFindings";

/** A check's verdict: ok (nothing to do), warn (look closer / in progress), fail (broken). */
export type CheckStatus = "ok" | "warn" | "fail";

/** One step an SRE walks: what to look at, the command, what it shows now, and the verdict. */
export interface TriageCheck {
  id: string;
  title: string;
  /** What to look at and why it matters. */
  look: string;
  command: string;
  /** What the command shows at this moment, in one or two lines. */
  shows: string;
  status: CheckStatus;
}

/** The objects a checklist is about, with the context and findings every check shares. */
export interface TriageTarget {
  ctx: DiagnoseContext;
  findings: Finding[];
  namespace: string;
  deployment?: DeploymentFacts;
  service?: ServiceFacts;
}

const missing = (id: string, title: string, what: string): TriageCheck => ({
  id,
  title,
  look: `Needs a ${what}.`,
  command: `kubectl get ${what}s -n <namespace>`,
  shows: `No ${what} found to check.`,
  status: "warn",
});

function matchLabels(d: DeploymentFacts): string {
  return selectorText(stringMap(d.raw.spec?.selector?.matchLabels));
}

function hasFinding(t: TriageTarget, code: Finding["code"], name?: string, severity?: Finding["severity"]): Finding | undefined {
  return t.findings.find(
    (f) => f.code === code && (name === undefined || f.object.name === name) && (severity === undefined || f.severity === severity),
  );
}

/** kubectl rollout status, judged by phase. */
export function rolloutStatusCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("rollout-status", "Is the rollout finished?", "deployment");
  const phase = d.view.phase;
  return {
    id: "rollout-status",
    title: "Is the rollout finished?",
    look: "kubectl's own verdict: waits while replicas are updated, old ones drain and new ones become available; errors once the progress deadline passes.",
    command: `kubectl rollout status deployment/${d.view.name} -n ${t.namespace}`,
    shows: `${d.view.rolloutStatus} (phase ${phase}: ${d.view.phaseReason})`,
    status: phase === "Complete" ? "ok" : phase === "Stuck" ? "fail" : "warn",
  };
}

/** The Progressing condition and the time left before the deadline. */
export function progressingCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("progressing", "What does the Progressing condition say?", "deployment");
  const c = d.view.conditions.find((x) => x.type === "Progressing");
  const left = d.view.deadlineSecondsLeft;
  return {
    id: "progressing",
    title: "What does the Progressing condition say?",
    look: `The controller's clock: it must see progress within progressDeadlineSeconds (${d.view.progressDeadlineSeconds ?? 600}s) or it sets Progressing=False ProgressDeadlineExceeded. It never rolls back by itself.`,
    command: `kubectl get deployment/${d.view.name} -n ${t.namespace} -o jsonpath='{.status.conditions[?(@.type=="Progressing")]}'`,
    shows: c
      ? `${c.status} ${c.reason ?? ""}: ${c.message ?? ""}${left !== undefined ? ` (${left}s left before the deadline)` : ""}`
      : "no Progressing condition (no progress deadline)",
    status:
      c?.reason === "ProgressDeadlineExceeded"
        ? "fail"
        : c?.reason === "NewReplicaSetAvailable" && d.view.phase === "Complete"
          ? "ok"
          : "warn",
  };
}

/** Which ReplicaSets hold pods, by revision. */
export function replicaSetsCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("replicasets", "Which ReplicaSets hold pods?", "deployment");
  const active = d.view.replicaSets.filter((r) => r.desired > 0 || r.current > 0);
  const mixed = active.length > 1;
  return {
    id: "replicasets",
    title: "Which ReplicaSets hold pods?",
    look: "Each revision is a ReplicaSet. During a rolling update the new one grows while old ones shrink; after it, only the new one holds pods.",
    command: `kubectl get rs -l ${matchLabels(d)} -n ${t.namespace} -L pod-template-hash`,
    shows:
      active
        .map(
          (r) =>
            `${r.name} (rev ${r.revision}${r.isNew ? ", new" : ""}${r.version ? `, ${r.version}` : ""}): ${r.ready}/${r.desired} ready${r.terminating ? `, ${r.terminating} terminating` : ""}`,
        )
        .join("; ") || "no ReplicaSet holds pods",
    status: d.view.phase === "Stuck" ? "fail" : mixed ? "warn" : "ok",
  };
}

/** The maxSurge / maxUnavailable budget. */
export function budgetCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("budget", "Is the rollout within its budget?", "deployment");
  const b = d.view.budget;
  return {
    id: "budget",
    title: "Is the rollout within its surge and availability budget?",
    look: `maxSurge ${d.view.maxSurgeRaw ?? d.view.maxSurge} → ${d.view.maxSurge} extra pod(s); maxUnavailable ${d.view.maxUnavailableRaw ?? d.view.maxUnavailable} → ${d.view.maxUnavailable} missing pod(s). Your nodes need room for R + maxSurge pods.`,
    command: `kubectl get deployment/${d.view.name} -n ${t.namespace} -o jsonpath='{.spec.strategy}{"\\n"}{.status}'`,
    shows: `${b.totalPods} pods of at most ${b.maxTotal} (R ${d.view.replicas} + surge ${d.view.maxSurge}); ${b.available} available, floor ${b.minAvailable}`,
    status: b.available < b.minAvailable ? "fail" : b.totalPods > b.maxTotal ? "warn" : "ok",
  };
}

/** Readiness of the new revision's pods, with the reason when they are not Ready. */
export function newPodsCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("new-pods", "Do the new pods become Ready?", "deployment");
  const pods = d.newPods.filter(isActivePod);
  const states = pods.map((p) => ({ p, s: podState(p, t.ctx.now) }));
  const stuck = d.view.phase === "Stuck";
  const failing = states.filter(
    (x) =>
      x.s.state === "Failed" ||
      (stuck && x.s.state !== "Ready") ||
      notReadyEvidence(t.ctx, x.p).some((e) => e.includes("status.conditions[Ready]=False for")),
  );
  const hash = d.newReplicaSet?.metadata.labels?.["pod-template-hash"];
  return {
    id: "new-pods",
    title: "Do the new pods become Ready?",
    look: "A pod serves and counts as available only once its readiness probe passes. New pods that never get there stall the rollout.",
    command: `kubectl get pods -l ${matchLabels(d)}${hash ? `,pod-template-hash=${hash}` : ""} -n ${t.namespace} -o wide`,
    shows:
      states.length === 0
        ? "no pods of the new revision yet"
        : states.map((x) => `${x.p.metadata.name}: ${x.s.state}${x.s.reason ? ` (${x.s.reason})` : ""}`).join("; "),
    status: failing.length > 0 ? "fail" : states.every((x) => x.s.state === "Ready") && states.length > 0 ? "ok" : "warn",
  };
}

/** Why the first failing new pod fails: probe, kubelet waiting reason, scheduler. */
export function whyCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("why", "Why is the new pod not Ready?", "deployment");
  const bad = d.newPods.find((p) => isActivePod(p) && podState(p, t.ctx.now).state !== "Ready");
  const evidence = bad ? notReadyEvidence(t.ctx, bad, d.view.phase === "Stuck") : [];
  return {
    id: "why",
    title: "Why is the new pod not Ready?",
    look: 'describe shows the probe, the container state and the kubelet\'s events ("Readiness probe failed: …", "Back-off pulling image", "Insufficient …").',
    command: bad
      ? `kubectl describe pod/${bad.metadata.name} -n ${t.namespace}`
      : `kubectl describe deployment/${d.view.name} -n ${t.namespace}`,
    shows: bad ? evidence.join("; ") || `${bad.metadata.name}: ${podState(bad, t.ctx.now).state}` : "every new pod is Ready",
    status: !bad ? "ok" : evidence.length > 0 ? "fail" : "warn",
  };
}

/** The readinessProbe exists. */
export function probeCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("probe", "Does the pod template have a readinessProbe?", "deployment");
  const f = hasFinding(t, "MissingReadinessProbe", d.view.name);
  const probe = d.view.replicaSets.find((r) => r.isNew)?.pods[0]?.readinessProbe;
  return {
    id: "probe",
    title: "Does the pod template have a readinessProbe?",
    look: "Without one a pod is Ready when its container starts, before the model is loaded: it takes traffic it cannot serve and old pods go too early.",
    command: `kubectl get deployment/${d.view.name} -n ${t.namespace} -o jsonpath='{.spec.template.spec.containers[*].readinessProbe}'`,
    shows: f
      ? "no readinessProbe"
      : probe
        ? `${probe.detail} every ${probe.periodSeconds}s, initialDelaySeconds ${probe.initialDelaySeconds}`
        : "readinessProbe set",
    status: f ? "warn" : "ok",
  };
}

/** Ready endpoints of the Service and who serves them. */
export function endpointsCheck(t: TriageTarget): TriageCheck {
  const s = t.service;
  if (!s) return missing("endpoints", "Who receives traffic?", "service");
  const v = s.view;
  const split = v.backends
    .filter((b) => b.readyEndpoints > 0)
    .map(
      (b) =>
        `${b.deployment ?? b.replicaSet ?? "?"}${b.revision ? ` rev ${b.revision}` : ""}${b.label ? ` ${b.labelKey}=${b.label}` : ""} ${Math.round(b.share * 100)}%`,
    );
  const mixedError = hasFinding(t, "ServiceSelectsMultipleVersions", v.name, "error");
  return {
    id: "endpoints",
    title: "Who receives traffic?",
    look: "A Service routes only to Ready endpoints. The split between backends is the traffic split.",
    command: `kubectl get endpointslices -l kubernetes.io/service-name=${v.name} -n ${t.namespace} -o wide`,
    shows: `${v.readyEndpoints} ready, ${v.notReadyEndpoints} not ready, ${v.terminatingEndpoints} terminating${split.length ? ` — ${split.join(", ")}` : ""}`,
    status: v.readyEndpoints === 0 || mixedError ? "fail" : "ok",
  };
}

/** What the Service's selector reaches. */
export function selectorCheck(t: TriageTarget): TriageCheck {
  const s = t.service;
  if (!s) return missing("selector", "What does the Service select?", "service");
  const v = s.view;
  const colourKey = COLOUR_LABEL_KEYS.find((k) => k in v.selector);
  const nothing = hasFinding(t, "ServiceSelectsNothing", v.name);
  const mixed = hasFinding(t, "ServiceSelectsMultipleVersions", v.name, "error");
  const port = hasFinding(t, "TargetPortMismatch", v.name);
  return {
    id: "selector",
    title: "What does the Service select?",
    look: "The selector decides which pods get traffic; in blue-green it carries the colour and editing it is the cut. targetPort must be a port the pods listen on.",
    command: `kubectl get service/${v.name} -n ${t.namespace} -o jsonpath='{.spec.selector}{"\\n"}{.spec.ports}'`,
    shows: `selector ${selectorText(v.selector) || "<none>"} matches ${v.matchedPods} pod(s)${colourKey ? `; colour key ${colourKey}=${v.selector[colourKey]}` : ""}; ports ${v.ports.map((p) => `${p.port}→${p.targetPort}`).join(", ")}`,
    status: nothing || mixed || port ? "fail" : "ok",
  };
}

/** Whether `kubectl rollout undo` has somewhere to go. */
export function historyCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("history", "Can you roll back?", "deployment");
  const target = d.rollbackRevision;
  const blocked = hasFinding(t, "NoRollbackTarget", d.view.name);
  return {
    id: "history",
    title: "Can you roll back?",
    look: `Old ReplicaSets are the rollback targets; revisionHistoryLimit (${d.raw.spec?.revisionHistoryLimit ?? 10}) decides how many are kept.`,
    command: `kubectl rollout history deployment/${d.view.name} -n ${t.namespace}`,
    shows:
      d.view.revisions.map((r) => `${r.revision} ${r.changeCause ?? "<none>"}`).join("; ") +
      (target !== undefined ? ` — undo goes to revision ${target}` : " — no older revision"),
    status: blocked ? "fail" : target === undefined ? "warn" : "ok",
  };
}

/** The command that ends a bad rollout, judged by whether it is needed. */
export function undoCheck(t: TriageTarget): TriageCheck {
  const d = t.deployment;
  if (!d) return missing("undo", "Abort the rollout", "deployment");
  const target = d.view.revisions.find((r) => r.revision === d.rollbackRevision);
  const needed =
    d.view.phase === "Stuck" ||
    t.findings.some((f) => f.severity === "error" && f.object.kind === "Deployment" && f.object.name === d.view.name);
  return {
    id: "undo",
    title: "Abort the rollout",
    look: "A rollback is itself a rolling update to an older template; the old ReplicaSet is reused and gets the next revision number.",
    command: target ? target.undoCommand : `kubectl rollout undo deployment/${d.view.name} -n ${t.namespace}`,
    shows: target ? `returns to revision ${target.revision} (${target.version ?? target.image})` : "no older revision to return to",
    status: needed ? (target ? "warn" : "fail") : "ok",
  };
}

/** Deployments behind the Service (blue-green pair, canary pair), with readiness. */
export function pairCheck(t: TriageTarget, pattern: "blue-green" | "canary"): TriageCheck {
  const s = t.service;
  if (!s) return missing("pair", "Are both Deployments up?", "service");
  const ns = t.namespace;
  const appKeys = Object.fromEntries(
    Object.entries(s.view.selector).filter(([k]) => !(COLOUR_LABEL_KEYS as readonly string[]).includes(k)),
  );
  const related = t.ctx.deployments.filter(
    (d) => d.raw.metadata.namespace === ns && Object.entries(appKeys).every(([k, v]) => templateLabels(d.raw)[k] === v),
  );
  const lines = related.map((d) => `${d.view.name}: ${d.view.budget.available}/${d.view.replicas} available, ${d.view.phase}`);
  const allUp = related.length >= 2 && related.every((d) => d.view.phase === "Complete");
  return {
    id: "pair",
    title: pattern === "blue-green" ? "Are both colours deployed and Ready?" : "Are the stable and canary Deployments healthy?",
    look:
      pattern === "blue-green"
        ? "Blue-green needs the idle colour fully Ready before the cut: 2N pods for the window."
        : "A canary is a second Deployment behind the same Service; both must be healthy for the split to mean anything.",
    command: `kubectl get deployments -l ${selectorText(appKeys)} -n ${ns} -L ${pattern === "blue-green" ? "color" : "track"}`,
    shows: lines.join("; ") || "no Deployment carries the Service's labels",
    status: allUp ? "ok" : related.length < 2 ? "warn" : "fail",
  };
}

/** The canary's share of ready endpoints. */
export function splitCheck(t: TriageTarget): TriageCheck {
  const s = t.service;
  if (!s) return missing("split", "How much traffic does the canary get?", "service");
  const serving = s.view.backends.filter((b) => b.readyEndpoints > 0);
  const smallest = serving.length > 1 ? serving.reduce((a, b) => (b.share < a.share ? b : a)) : undefined;
  return {
    id: "split",
    title: "How much traffic does the canary get?",
    look: "The split is the share of ready endpoints (9 + 1 ≈ 10%), so it moves whenever a pod becomes Ready or NotReady.",
    command: `kubectl get pods -l ${selectorText(s.view.selector)} -n ${t.namespace} -L track,version`,
    shows: smallest
      ? `${smallest.deployment ?? "?"} has ${smallest.readyEndpoints} of ${s.view.readyEndpoints} ready endpoints (${Math.round(smallest.share * 100)}%)`
      : "only one backend serves",
    status: !smallest ? "warn" : smallest.share <= CANARY_MAX_SHARE ? "ok" : "warn",
  };
}

/** For blue-green: whether one colour serves, and the command that cuts over. */
export function cutCheck(t: TriageTarget): TriageCheck {
  const s = t.service;
  if (!s) return missing("cut", "Cut over", "service");
  const key = COLOUR_LABEL_KEYS.find((k) => k in s.view.selector) ?? "color";
  const current = s.view.selector[key];
  // Newest first: with no colour selected yet, the cut goes to the most recently deployed colour.
  const byAge = [...t.ctx.deployments].sort((a, b) =>
    compareStrings(b.raw.metadata.creationTimestamp ?? "", a.raw.metadata.creationTimestamp ?? ""),
  );
  const colours = byAge.map((d) => templateLabels(d.raw)[key]).filter((c): c is string => Boolean(c));
  const other = colours.find((c) => c !== current);
  const serving = servingColours(s.view.backends);
  return {
    id: "cut",
    title: "Cut over (or back) atomically",
    look: "Changing the selector's colour moves all traffic at once; switching back is the rollback. Keep the old colour running until you are sure.",
    command: `kubectl patch service/${s.view.name} -n ${t.namespace} -p '${JSON.stringify({ spec: { selector: { ...s.view.selector, [key]: other ?? "<colour>" } } })}'`,
    shows: current
      ? `selects ${key}=${current}; serving colours: ${[...serving].join(", ") || "none"}${other ? `; the other colour is ${other}` : ""}`
      : `the selector has no ${key} key; serving colours: ${[...serving].join(", ") || "none"}`,
    status: serving.size > 1 ? "fail" : current ? "ok" : "warn",
  };
}
