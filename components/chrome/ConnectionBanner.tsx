import type { RolloutsResponse } from "@/lib/model";
import type { StreamState } from "../stream/streamState";
import { clockTime } from "../format";

/**
 * Kinds only the capacity and disruption-budget findings read: RBAC limited to a namespace often
 * forbids Nodes, and that turns those findings off without making the picture wrong (a quiet note).
 */
const CAPACITY_KINDS = new Set(["Node", "PodDisruptionBudget"]);

/** Says when the picture may be wrong: stream broken, cluster watch broken, kinds unreadable, fatal config. */
export function ConnectionBanner({ state, response }: { state: StreamState; response: RolloutsResponse }) {
  if (state.connection === "fatal") {
    return (
      <div className="banner banner-error" role="alert" data-testid="banner-fatal">
        <strong>Cannot read a cluster.</strong> {state.fatal}
      </div>
    );
  }
  const items: { cls: string; text: string; id: string }[] = [];
  if (state.connection === "reconnecting" && state.lastMessageAt) {
    items.push({ id: "stale", cls: "banner-warn", text: `showing data from ${clockTime(state.lastMessageAt)} — watch reconnecting` });
  } else if (state.connection === "connecting" && !state.hasData) {
    items.push({ id: "connecting", cls: "banner-info", text: "connecting to the dashboard server…" });
  }
  // "Unreachable" already says it all when nothing answers; staleness matters when some data is in.
  if (response.stale && !state.status?.unreachable) {
    items.push({
      id: "cluster-stale",
      cls: "banner-warn",
      text: `showing data from ${clockTime(Date.parse(response.stale.since))} — the cluster watch is reconnecting: ${response.stale.reason}`,
    });
  }
  if (state.status?.unreachable) {
    // Unreachable after having read it: say since when the picture is frozen.
    const since = response.stale ? ` since ${clockTime(Date.parse(response.stale.since))} — showing data from then` : "";
    items.push({ id: "unreachable", cls: "banner-error", text: `cluster unreachable${since}: ${state.status.unreachable}` });
  }
  for (const d of response.degraded)
    items.push(
      CAPACITY_KINDS.has(d.kind)
        ? { id: `deg-${d.kind}`, cls: "banner-info", text: `${d.kind}: ${d.message} — findings about room and disruption budgets are off.` }
        : { id: `deg-${d.kind}`, cls: "banner-warn", text: `${d.kind}: ${d.message} — this part of the view is missing.` },
    );
  if (items.length === 0) return null;
  return (
    <div className="banners" role="status" aria-live="polite">
      {items.map((i) => (
        <div key={i.id} className={`banner ${i.cls}`} data-testid={`banner-${i.id}`}>
          {i.text}
        </div>
      ))}
    </div>
  );
}
