"use client";
import useSWR from "swr";

/** One row of lib/diagnose's triage checklist as GET /api/labs/triage serves it. */
export interface TriageRow {
  title: string;
  status: "pass" | "fail" | "unknown";
  /** What it shows now. */
  detail?: string;
  /** Where to look (a kubectl command). */
  command?: string;
}

async function fetchRows(url: string): Promise<TriageRow[] | null> {
  const res = await fetch(url, { cache: "no-store" });
  // 404/501: no checklist for this scenario (or lib/diagnose has none yet) — show nothing.
  if (!res.ok) return null;
  const body = (await res.json()) as { items?: TriageRow[] };
  return body.items ?? null;
}

const MARK = { pass: "✓", fail: "✖", unknown: "…" } as const;

/** The ordered checks an SRE walks through for this scenario, evaluated live by the server. */
export function TriagePanel({ scenario, namespace }: { scenario: string; namespace: string }) {
  const { data } = useSWR(`/api/labs/triage?scenario=${encodeURIComponent(scenario)}&namespace=${encodeURIComponent(namespace)}`, fetchRows, {
    refreshInterval: 3000,
  });
  if (!data || data.length === 0) return null;
  return (
    <section className="lab-triage" aria-label="triage checklist">
      <h4>Triage checklist</h4>
      <ol>
        {data.map((row, i) => (
          <li key={i} data-testid="lab-triage-item" data-status={row.status}>
            <span aria-hidden="true">{MARK[row.status]}</span> {row.title}
            {row.detail && <span className="muted small"> — {row.detail}</span>}
            {row.command && (
              <span className="small">
                {" "}
                <code>{row.command}</code>
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
