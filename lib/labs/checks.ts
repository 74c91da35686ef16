/**
 * Evaluates lab checks against a RolloutsResponse — the same JSON the dashboard renders — so a
 * check ticks exactly when the stage shows the state it describes. Pure; runs in the browser.
 */
import type { DeploymentView, Finding, RolloutsResponse, ServiceView, Severity } from "@/lib/model/types";
import { compare, describeComparison, type Comparison } from "./compare";
import type { TrafficPicture } from "@/lib/traffic/picture";
import { describeRequestsCheck, evaluateRequests } from "./requestChecks";
import type { Check, DeploymentCheck, FindingCheck, NoFindingsCheck, ServiceCheck } from "./schema";

export interface CheckResult {
  /** What the check asks, in words ("Deployment inference: phase Complete, version v2"). */
  label: string;
  pass: boolean;
  /** What the cluster shows now ("phase Progressing, version v2, ready 2"). */
  observed: string;
  /** A requests check the caller had no traffic for: passed without being measured. */
  unmeasured?: boolean;
}

/** One field of a check: what it wants, what is there, whether they agree. */
interface Field {
  name: string;
  want: string;
  saw: string;
  ok: boolean;
}

function numberField(name: string, want: Comparison | undefined, actual: number): Field[] {
  if (want === undefined) return [];
  return [{ name, want: describeComparison(want), saw: String(actual), ok: compare(actual, want) }];
}

function stringField(name: string, want: string | boolean | undefined, actual: string | boolean | undefined): Field[] {
  if (want === undefined) return [];
  return [{ name, want: String(want), saw: actual === undefined ? "none" : String(actual), ok: want === actual }];
}

function result(label: string, fields: Field[]): CheckResult {
  return {
    label,
    pass: fields.every((f) => f.ok),
    observed: fields.map((f) => (f.ok ? `${f.name} ${f.saw}` : `${f.name} ${f.saw} (want ${f.want})`)).join(", "),
  };
}

function inNamespace<T extends { namespace: string }>(items: T[], namespace: string | undefined): T[] {
  return namespace ? items.filter((i) => i.namespace === namespace) : items;
}

/** Check text in words, from the fields the author set. */
export function describeCheck(check: Check): string {
  if (check.label) return check.label;
  if ("requests" in check) return describeRequestsCheck(check);
  const { label: _label, ...rest } = check;
  void _label;
  if ("deployment" in rest || "service" in rest) {
    const { deployment, service, exists, ...fields } = rest as Record<string, unknown>;
    const head = deployment !== undefined ? `Deployment ${String(deployment)}` : `Service ${String(service)}`;
    if (exists === false) return `${head} does not exist`;
    const parts = Object.entries(fields).map(([k, v]) =>
      typeof v === "object" && v !== null
        ? `${k} ${Object.entries(v as Record<string, unknown>)
            .map(([a, b]) => `${a}=${typeof b === "string" || typeof b === "number" ? describeComparison(b) : String(b)}`)
            .join(",")}`
        : `${k} ${typeof v === "string" || typeof v === "number" ? describeComparison(v) : String(v)}`,
    );
    return parts.length ? `${head}: ${parts.join(", ")}` : `${head} exists`;
  }
  if ("finding" in rest) {
    const on = rest.object ? ` on ${rest.kind ?? ""}${rest.kind ? "/" : ""}${rest.object}` : "";
    return rest.absent ? `No ${rest.finding} finding${on}` : `Rollscope reports ${rest.finding}${on}`;
  }
  return `No ${rest.noFindings === "info" ? "" : rest.noFindings === "warning" ? "warning or error " : "error "}findings in the namespace`;
}

function evaluateDeployment(c: DeploymentCheck, view: RolloutsResponse, ns: string | undefined): CheckResult {
  const label = describeCheck(c);
  const d = inNamespace(view.deployments, ns).find((x) => x.name === c.deployment);
  if (c.exists === false) return { label, pass: !d, observed: d ? `Deployment ${c.deployment} exists` : "absent" };
  if (!d) return { label, pass: false, observed: `no Deployment ${c.deployment} yet` };
  return result(label, deploymentFields(c, d));
}

function deploymentFields(c: DeploymentCheck, d: DeploymentView): Field[] {
  const newRs = d.replicaSets.find((r) => r.isNew);
  const sum = (f: (r: DeploymentView["replicaSets"][number]) => number) => d.replicaSets.reduce((n, r) => n + f(r), 0);
  const readyVersions = [...new Set(d.replicaSets.filter((r) => r.ready > 0).map((r) => r.version ?? "none"))];
  const reasons = d.replicaSets.flatMap((r) => r.pods.map((p) => p.reason)).filter((r): r is string => !!r);
  return [
    ...stringField("phase", c.phase, d.phase),
    ...stringField("version", c.version, newRs?.version),
    ...(c.onlyVersion === undefined
      ? []
      : [
          {
            name: "ready versions",
            want: c.onlyVersion,
            saw: readyVersions.join("+") || "none",
            ok: readyVersions.length === 1 && readyVersions[0] === c.onlyVersion,
          },
        ]),
    ...stringField("image", c.image, newRs?.image),
    ...numberField("replicas", c.replicas, d.replicas),
    ...numberField(
      "ready",
      c.readyReplicas,
      sum((r) => r.ready),
    ),
    ...numberField("updated", c.updatedReplicas, newRs?.current ?? 0),
    ...numberField(
      "available",
      c.availableReplicas,
      sum((r) => r.available),
    ),
    ...numberField("revisions", c.revisions, d.revisions.length),
    ...numberField("revision", c.revision, newRs?.revision ?? 0),
    ...stringField("change-cause", c.changeCause, newRs?.changeCause),
    ...stringField("paused", c.paused, d.paused),
    ...(c.podReason === undefined
      ? []
      : [{ name: "pod reasons", want: c.podReason, saw: [...new Set(reasons)].join("+") || "none", ok: reasons.includes(c.podReason) }]),
  ];
}

function evaluateService(c: ServiceCheck, view: RolloutsResponse, ns: string | undefined): CheckResult {
  const label = describeCheck(c);
  const s = inNamespace(view.services, ns).find((x) => x.name === c.service);
  if (c.exists === false) return { label, pass: !s, observed: s ? `Service ${c.service} exists` : "absent" };
  if (!s) return { label, pass: false, observed: `no Service ${c.service} yet` };
  return result(label, serviceFields(c, s));
}

function serviceFields(c: ServiceCheck, s: ServiceView): Field[] {
  const fields: Field[] = [];
  if (c.selector) {
    // Subset: a check on {color: green} holds for the selector {app: inference, color: green}.
    const ok = Object.entries(c.selector).every(([k, v]) => s.selector[k] === v);
    const show = (m: Record<string, string>) =>
      Object.entries(m)
        .map(([k, v]) => `${k}=${v}`)
        .join(",") || "none";
    fields.push({ name: "selector", want: show(c.selector), saw: show(s.selector), ok });
  }
  fields.push(...numberField("ready endpoints", c.readyEndpoints, s.readyEndpoints));
  fields.push(...numberField("not-ready endpoints", c.notReadyEndpoints, s.notReadyEndpoints));
  fields.push(...stringField("pattern", c.pattern, s.pattern));
  for (const [key, want] of Object.entries(c.traffic ?? {})) {
    const share = s.backends.filter((b) => b.version === key || b.label === key).reduce((n, b) => n + b.share, 0);
    fields.push({ name: `traffic ${key}`, want: describeComparison(want), saw: share.toFixed(2), ok: compare(share, want) });
  }
  return fields;
}

function matchingFindings(c: FindingCheck, view: RolloutsResponse, ns: string | undefined): Finding[] {
  return view.findings.filter(
    (f) =>
      f.code === c.finding &&
      (!ns || f.object.namespace === ns) &&
      (!c.object || f.object.name === c.object) &&
      (!c.kind || f.object.kind === c.kind),
  );
}

function evaluateFinding(c: FindingCheck, view: RolloutsResponse, ns: string | undefined): CheckResult {
  const found = matchingFindings(c, view, ns);
  const observed = found.length ? found.map((f) => `${f.code} on ${f.object.kind}/${f.object.name}`).join("; ") : `no ${c.finding} finding`;
  return { label: describeCheck(c), pass: c.absent ? found.length === 0 : found.length > 0, observed };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function evaluateNoFindings(c: NoFindingsCheck, view: RolloutsResponse, ns: string | undefined): CheckResult {
  const found = view.findings.filter((f) => (!ns || f.object.namespace === ns) && RANK[f.severity] <= RANK[c.noFindings]);
  return {
    label: describeCheck(c),
    pass: found.length === 0,
    observed: found.length ? found.map((f) => `${f.severity} ${f.code} on ${f.object.kind}/${f.object.name}`).join("; ") : "none",
  };
}

/**
 * Evaluates one check against the live view, limited to `namespace` when given. Requests checks
 * read `traffic` (every Service's traffic picture); without it they pass as unmeasured.
 */
export function evaluateCheck(check: Check, view: RolloutsResponse, namespace?: string, traffic?: readonly TrafficPicture[]): CheckResult {
  if ("requests" in check) return evaluateRequests(check, traffic, namespace);
  if ("deployment" in check) return evaluateDeployment(check, view, namespace);
  if ("service" in check) return evaluateService(check, view, namespace);
  if ("finding" in check) return evaluateFinding(check, view, namespace);
  return evaluateNoFindings(check, view, namespace);
}

export function evaluateChecks(
  checks: Check[],
  view: RolloutsResponse,
  namespace?: string,
  traffic?: readonly TrafficPicture[],
): CheckResult[] {
  return checks.map((c) => evaluateCheck(c, view, namespace, traffic));
}
