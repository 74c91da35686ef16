/**
 * Findings about Services: what their selector reaches, whether any endpoint is ready, how many
 * versions serve at once, and whether targetPort reaches a port the pods declare.
 */
import { podCondition } from "../model/pod";
import { compareStrings, selectorMatches } from "../model/raw";
import { records, serviceSelector, templateLabels } from "../model/wire";
import { templateContainers } from "../model/templates";
import { CANARY_MAX_SHARE, COLOUR_LABEL_KEYS, selectorText, servingColours, servingVersions } from "../model/traffic";
import type { Finding } from "../model/types";
import { deploymentsBehind, refOf, type DiagnoseContext, type ServiceFacts } from "./context";
import { notReadyEvidence } from "./workloadFindings";
import { patchServiceCommand, rollbackCommand } from "./remedy";
import { rolloutEmptiesService } from "./riskService";
import type { RawDeployment, RawPod, RawService } from "../model/rawKinds";

const MAX_EVIDENCE_PODS = 3;

function hasSelector(s: ServiceFacts): boolean {
  return Object.keys(s.view.selector).length > 0;
}

/** The Deployment whose template labels come closest to a selector (most equal key/values). */
function closestDeployment(ctx: DiagnoseContext, s: ServiceFacts): RawDeployment | undefined {
  let best: RawDeployment | undefined;
  let bestScore = 0;
  for (const d of ctx.deployments) {
    if (d.raw.metadata.namespace !== s.view.namespace) continue;
    const labels = templateLabels(d.raw);
    const keys = Object.keys(s.view.selector);
    if (!keys.every((k) => k in labels)) continue;
    // Exact values count 1, values equal but for case 0.9 (label values are case-sensitive, a
    // classic typo), and every candidate 0.5 so a Deployment with the right keys still wins.
    const score = keys.reduce(
      (n, k) => n + (labels[k] === s.view.selector[k] ? 1 : labels[k]?.toLowerCase() === s.view.selector[k].toLowerCase() ? 0.9 : 0),
      0.5,
    );
    if (score > bestScore) {
      best = d.raw;
      bestScore = score;
    }
  }
  return best;
}

function caseOnly(selector: Record<string, string>, suggested: Record<string, string | undefined>): boolean {
  return Object.keys(selector).some((k) => suggested[k] !== selector[k] && suggested[k]?.toLowerCase() === selector[k].toLowerCase());
}

/** ServiceSelectsNothing: a selector no pod carries (typo, wrong colour, missing label). */
export function serviceSelectsNothing(ctx: DiagnoseContext): Finding[] {
  return ctx.services
    .filter((s) => hasSelector(s) && s.view.matchedPods === 0)
    .map((s) => {
      const near = closestDeployment(ctx, s);
      const labels = near ? templateLabels(near) : {};
      const suggested = Object.fromEntries(Object.keys(s.view.selector).map((k) => [k, labels[k]]));
      return {
        code: "ServiceSelectsNothing",
        severity: "error",
        object: refOf(s.raw, "Service"),
        message: `Service ${s.view.name} selects ${selectorText(s.view.selector)} and no pod in ${s.view.namespace} has those labels, so it has no endpoints and every connection fails.${near ? ` Deployment ${near.metadata.name} labels its pods ${selectorText(suggested)}.` : ""}${caseOnly(s.view.selector, suggested) ? " Label values are case-sensitive." : ""}`,
        fix: near
          ? patchServiceCommand(s.view.name, s.view.namespace, { selector: suggested })
          : `kubectl edit service/${s.view.name} -n ${s.view.namespace}`,
        evidence: [
          `service/${s.view.name} spec.selector=${selectorText(s.view.selector)}`,
          `0 pods in namespace ${s.view.namespace} match it`,
          ...(near ? [`deployment/${near.metadata.name} spec.template.metadata.labels=${selectorText(labels)}`] : []),
        ],
      } satisfies Finding;
    });
}

/** ServiceNoReadyEndpoints: pods are selected but none is Ready, so nothing serves. */
export function serviceNoReadyEndpoints(ctx: DiagnoseContext): Finding[] {
  return ctx.services
    .filter((s) => s.view.matchedPods > 0 && s.view.readyEndpoints === 0)
    .map((s) => {
      const notReady = s.matched.slice(0, MAX_EVIDENCE_PODS);
      const owner = deploymentsBehind(ctx, s)[0];
      return {
        code: "ServiceNoReadyEndpoints",
        severity: "error",
        object: refOf(s.raw, "Service"),
        message: `Service ${s.view.name} selects ${s.view.matchedPods} pod(s) but none is Ready: it has no ready endpoint and every request fails. A Service routes only to pods whose Ready condition is True.`,
        fix: owner ? rollbackCommand(owner) : `kubectl get pods -l ${selectorText(s.view.selector)} -n ${s.view.namespace}`,
        evidence: [
          `service/${s.view.name} ${s.view.endpointSource}: 0 ready, ${s.view.notReadyEndpoints} not ready, ${s.view.terminatingEndpoints} terminating endpoints`,
          ...notReady.flatMap((p) => {
            const e = notReadyEvidence(ctx, p);
            return e.length > 0 ? e : [`pod/${p.metadata.name} status.conditions[Ready]=${podCondition(p, "Ready")?.status ?? "Unknown"}`];
          }),
        ],
      } satisfies Finding;
    });
}

/**
 * ServiceSelectsMultipleVersions. Severity depends on intent, because two versions behind one
 * Service is sometimes the point:
 * - error: the serving Deployments differ by a colour label (a blue-green pair) — the selector
 *   lost its colour key and users get both versions, which blue-green exists to prevent;
 * - info: one Deployment mid rolling update (expected until it completes), or a canary by
 *   design (Deployments told apart by a track label, or one holding ≤ CANARY_MAX_SHARE of the
 *   ready endpoints, like 9 + 1);
 * - warning: any other mix (two Deployments splitting traffic evenly with nothing marking
 *   either as the canary).
 */
export function serviceSelectsMultipleVersions(ctx: DiagnoseContext): Finding[] {
  const out: Finding[] = [];
  for (const s of ctx.services) {
    const versions = servingVersions(s.view.backends);
    if (versions.length < 2) continue;
    const serving = s.view.backends.filter((b) => b.readyEndpoints > 0);
    const split = serving.map(
      (b) =>
        `${b.deployment ?? b.replicaSet ?? "?"}${b.revision ? ` rev ${b.revision}` : ""}${b.label ? ` ${b.labelKey}=${b.label}` : ""}: ${b.readyEndpoints} ready (${Math.round(b.share * 100)}%)`,
    );
    const deployments = new Set(serving.map((b) => b.deployment ?? b.replicaSet));
    const colours = servingColours(serving);
    const evidence = [`service/${s.view.name} spec.selector=${selectorText(s.view.selector)}`, ...split];
    const base = { code: "ServiceSelectsMultipleVersions" as const, object: refOf(s.raw, "Service"), evidence };
    if (colours.size >= 2) {
      const key = serving.find((b) => b.labelKey && (COLOUR_LABEL_KEYS as readonly string[]).includes(b.labelKey))?.labelKey ?? "color";
      const newest = newestColour(ctx, s, key);
      out.push({
        ...base,
        severity: "error",
        message: `Service ${s.view.name} sends traffic to ${[...colours].sort().join(" and ")} at once (${versions.join(", ")}). Its selector has no ${key} key, so the blue-green cut is not atomic: clients get either version at random. Add the ${key} label to the selector to choose one colour.`,
        fix: patchServiceCommand(s.view.name, s.view.namespace, { selector: { ...s.view.selector, [key]: newest } }),
      });
    } else if (deployments.size < 2) {
      out.push({
        ...base,
        severity: "info",
        message: `Service ${s.view.name} serves ${versions.join(" and ")} from one Deployment: a rolling update is under way, and both versions answer until it completes (bounded by maxSurge / maxUnavailable).`,
        fix: `kubectl rollout status deployment/${serving[0]?.deployment ?? ""} -n ${s.view.namespace}`,
      });
    } else {
      const smallest = Math.min(...serving.map((b) => b.share));
      const tracked = serving.some((b) => b.labelKey === "track");
      const canary = tracked || smallest <= CANARY_MAX_SHARE;
      const small = serving.find((b) => b.share === smallest);
      out.push({
        ...base,
        severity: canary ? "info" : "warning",
        message: canary
          ? `Service ${s.view.name} is a canary by design: ${small?.deployment ?? "?"} (${small?.version ?? small?.label ?? "?"}) gets ${Math.round(smallest * 100)}% of ready endpoints, so about that share of requests. The split follows replica counts; compare its error rate before scaling it up.`
          : `Service ${s.view.name} splits traffic between ${[...deployments].join(" and ")} (${versions.join(", ")}) with no track label marking a canary: if this is not a deliberate canary, add a label that tells them apart to the selector.`,
        fix: canary
          ? `kubectl scale deployment/${small?.deployment ?? ""} --replicas=0 -n ${s.view.namespace}`
          : `kubectl edit service/${s.view.name} -n ${s.view.namespace}`,
      });
    }
  }
  return out;
}

function newestColour(ctx: DiagnoseContext, s: ServiceFacts, key: string): string {
  const candidates = deploymentsBehind(ctx, s).sort((a, b) =>
    compareStrings(b.raw.metadata.creationTimestamp ?? "", a.raw.metadata.creationTimestamp ?? ""),
  );
  return (candidates[0] ? templateLabels(candidates[0].raw)[key] : undefined) ?? "<colour>";
}

interface PortDecl {
  containerPort?: number;
  name?: string;
}

/**
 * TargetPortMismatch. A named targetPort no selected container declares is always broken (the
 * endpoints get no port). A numeric one is flagged only when every selected pod declares ports
 * and none is it: Kubernetes does not require declaring ports, so silence proves nothing.
 */
export function targetPortMismatch(ctx: DiagnoseContext): Finding[] {
  const out: Finding[] = [];
  for (const s of ctx.services) {
    if (s.matched.length === 0) continue;
    s.view.ports.forEach((p, i) => {
      const target = p.targetPort;
      const declared = s.matched.map((pod) => templateContainers({ spec: pod.spec }).flatMap((c) => records<PortDecl>(c.ports)));
      const named = typeof target === "string";
      const hit = (ds: PortDecl[]): boolean => ds.some((d) => (named ? d.name === target : d.containerPort === target));
      const broken = named ? declared.every((ds) => !hit(ds)) : declared.every((ds) => ds.length > 0 && !hit(ds));
      if (!broken) return;
      const first = s.matched[0];
      const offered = declared[0] ?? [];
      const suggestion = offered[0]?.containerPort;
      out.push({
        code: "TargetPortMismatch",
        severity: "error",
        object: refOf(s.raw, "Service"),
        message: `Service ${s.view.name} forwards port ${p.port} to targetPort ${target}, but the selected pods ${offered.length > 0 ? `declare only ${offered.map((d) => `${d.containerPort}${d.name ? `/${d.name}` : ""}`).join(", ")}` : "declare no such port"}. The endpoints look Ready, yet connections are refused.`,
        fix:
          suggestion !== undefined
            ? `kubectl patch service/${s.view.name} -n ${s.view.namespace} --type=json -p '${JSON.stringify([{ op: "replace", path: `/spec/ports/${i}/targetPort`, value: suggestion }])}'`
            : `kubectl edit service/${s.view.name} -n ${s.view.namespace}`,
        evidence: [
          `service/${s.view.name} spec.ports[${p.name ?? i}].targetPort=${target}`,
          `pod/${first.metadata.name} spec.containers[*].ports=${offered.map((d) => `${d.containerPort}${d.name ? `(${d.name})` : ""}`).join(",") || "<none>"}`,
        ],
      });
    });
  }
  return out;
}

/** Every Service check, one function per finding code. */
export const SERVICE_CHECKS: readonly ((ctx: DiagnoseContext) => Finding[])[] = [
  serviceSelectsNothing,
  serviceNoReadyEndpoints,
  serviceSelectsMultipleVersions,
  targetPortMismatch,
  rolloutEmptiesService,
];

/** Every Service finding. */
export function serviceFindings(ctx: DiagnoseContext): Finding[] {
  return SERVICE_CHECKS.flatMap((check) => check(ctx));
}

/** Whether a pod is selected by a Service's selector (exported for triage). */
export function serviceSelects(service: RawService, pod: RawPod): boolean {
  return service.metadata.namespace === pod.metadata.namespace && selectorMatches(serviceSelector(service), pod.metadata.labels);
}
