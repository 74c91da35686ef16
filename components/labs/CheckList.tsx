import type { CheckResult } from "@/lib/labs/checks";

/** The step's checks as they stand now: ✓ or ○, what is asked, what the cluster shows. */
export function CheckList({ results }: { results: CheckResult[] }) {
  return (
    <ul className="lab-checks" aria-label="checks">
      {results.map((r, i) => (
        <li
          key={i}
          className={r.pass ? "lab-check lab-check-pass" : "lab-check"}
          data-testid="lab-check"
          data-pass={r.pass ? "true" : "false"}
        >
          <span aria-hidden="true">{r.pass ? "✓" : "○"}</span> <span>{r.label}</span>
          <span className="muted small"> — now: {r.observed}</span>
          <span className="lab-sr-only">{r.pass ? "passed" : "not yet"}</span>
        </li>
      ))}
    </ul>
  );
}
