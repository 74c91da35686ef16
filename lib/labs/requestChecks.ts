/**
 * Lab checks on the requests the dashboard's load generator sent through a Service (issue 14):
 * how many were sent and failed since the learner pressed Send requests, how many failed in the
 * lane's window, and which versions answered in it. Pure; runs in the browser beside checks.ts.
 */
import type { TrafficPicture } from "@/lib/traffic/picture";
import { compare, describeComparison, type Comparison } from "./compare";
import type { RequestsCheck } from "./schema";

export interface RequestsResult {
  label: string;
  pass: boolean;
  observed: string;
  /** True when the caller has no traffic to look at (a walk with kubectl, a real cluster). */
  unmeasured?: boolean;
}

interface Field {
  name: string;
  want: Comparison;
  saw: number;
  text: string;
}

/** "Requests through inference: failed 0, answered v2=1" */
export function describeRequestsCheck(c: RequestsCheck): string {
  if (c.label) return c.label;
  const parts = [
    ...(c.sent !== undefined ? [`sent ${describeComparison(c.sent)}`] : []),
    ...(c.failed !== undefined ? [`failed ${describeComparison(c.failed)}`] : []),
    ...(c.recentFailed !== undefined ? [`failed in the last seconds ${describeComparison(c.recentFailed)}`] : []),
    ...Object.entries(c.answered ?? {}).map(([v, want]) => `answered by ${v} ${describeComparison(want)}`),
  ];
  return `Requests through ${c.requests}${parts.length ? `: ${parts.join(", ")}` : " are sent"}`;
}

function fields(c: RequestsCheck, p: TrafficPicture): Field[] {
  const answered = p.observed.reduce((n, o) => n + o.count, 0);
  const out: Field[] = [];
  if (c.sent !== undefined) out.push({ name: "sent", want: c.sent, saw: p.sent, text: String(p.sent) });
  if (c.failed !== undefined) out.push({ name: "failed", want: c.failed, saw: p.failed, text: `${p.failed} of ${p.sent}` });
  if (c.recentFailed !== undefined)
    out.push({ name: "failed in the last seconds", want: c.recentFailed, saw: p.windowFailed, text: String(p.windowFailed) });
  for (const [version, want] of Object.entries(c.answered ?? {})) {
    const share = answered ? (p.observed.find((o) => o.version === version)?.count ?? 0) / answered : 0;
    out.push({ name: `answered by ${version}`, want, saw: share, text: `${Math.round(share * 100)}%` });
  }
  return out;
}

/**
 * Evaluates a requests check against every Service's traffic picture. `pictures` undefined: the
 * caller cannot see traffic, so the check passes as unmeasured (said so in `observed`).
 */
export function evaluateRequests(c: RequestsCheck, pictures: readonly TrafficPicture[] | undefined, namespace?: string): RequestsResult {
  const label = describeRequestsCheck(c);
  if (!pictures) return { label, pass: true, unmeasured: true, observed: "not measured here: no Rollscope request traffic on this view" };
  const p = pictures.find((x) => x.service === c.requests && (!namespace || x.namespace === namespace));
  if (!p) return { label, pass: false, observed: `no requests sent to ${c.requests} yet — press Send requests` };
  if (p.error) return { label, pass: false, observed: p.error };
  const fs = fields(c, p);
  const ok = (f: Field) => compare(f.saw, f.want);
  // Shares need a sample: an empty window says nothing about who answers.
  const sampled = !c.answered || p.observed.length > 0;
  const observed = fs.map((f) => (ok(f) ? `${f.name} ${f.text}` : `${f.name} ${f.text} (want ${describeComparison(f.want)})`)).join(", ");
  return {
    label,
    pass: sampled && fs.every(ok),
    observed: sampled ? observed || `${p.sent} sent` : `${observed}; no request answered in the last seconds`,
  };
}
