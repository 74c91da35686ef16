/** Query parameters shared by the routes. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespace from `?namespace=`; undefined for all; an Error message when malformed. */
export function namespaceParam(url: URL, scope?: string): { namespace?: string; error?: string } {
  const raw = url.searchParams.get("namespace");
  const ns = raw === null || raw === "" || raw === "*" ? scope : raw;
  if (ns !== undefined && (ns.length > 63 || !DNS_LABEL.test(ns))) return { error: `"${ns}" is not a valid namespace name` };
  if (scope && ns !== scope) return { error: `this dashboard was started for namespace "${scope}" only (rollscope serve -n ${scope})` };
  return { namespace: ns };
}
