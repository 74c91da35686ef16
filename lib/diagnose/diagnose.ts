/**
 * diagnose: every Finding of docs/ARCHITECTURE.md for the objects in a store. Pure: `now` is passed
 * in. A healthy namespace (including a canary by design and a finished blue-green cut) yields
 * no finding of severity error.
 */
import { compareStrings } from "../model/raw";
import type { Store } from "../model/store";
import type { Finding, MalformedObject, Severity } from "../model/types";
import { diagnoseContext, type DiagnoseContext } from "./context";
import { SERVICE_CHECKS } from "./serviceFindings";
import { WORKLOAD_CHECKS } from "./checks";

/** One check: every finding of one code in a context. */
export type Check = (ctx: DiagnoseContext) => Finding[];

/** Options of diagnose: `now` in epoch ms; `namespace` limits the scope (all when absent). */
export interface DiagnoseOptions {
  namespace?: string;
  now: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** All findings: errors first, then by namespace, object name and code. */
export function diagnose(store: Store, opts: DiagnoseOptions): Finding[] {
  return findingsOf(diagnoseContext(store, opts.namespace, opts.now));
}

/**
 * The findings of an already built context (rolloutsResponse reuses the context's views). With
 * an `errors` collector, a check that throws on a broken object is reported there and the other
 * checks still run; without one the error propagates.
 */
export function findingsOf(ctx: DiagnoseContext, errors?: MalformedObject[]): Finding[] {
  return runChecks(ctx, [...WORKLOAD_CHECKS, ...SERVICE_CHECKS], errors).sort(compareFindings);
}

/** The findings of `checks` on `ctx`, unsorted; see findingsOf for `errors`. */
export function runChecks(ctx: DiagnoseContext, checks: readonly Check[], errors?: MalformedObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    if (!errors) {
      findings.push(...check(ctx));
      continue;
    }
    try {
      findings.push(...check(ctx));
    } catch (err) {
      errors.push({ kind: "diagnosis", namespace: "", name: check.name, error: String((err as Error | undefined)?.message ?? err) });
    }
  }
  return findings;
}

/** The order of findings: errors first, then by namespace, object name, code, kind and message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareStrings(a.object.namespace, b.object.namespace) ||
    compareStrings(a.object.name, b.object.name) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.object.kind, b.object.kind) ||
    compareStrings(a.message, b.message)
  );
}
