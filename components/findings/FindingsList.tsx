import type { Finding } from "@/lib/model";
import { CopyButton } from "../deployment/CopyButton";

const ICON = { error: "✖", warning: "⚠", info: "ℹ" } as const;

/** Findings of lib/diagnose where they apply: what is wrong, the evidence, the command that fixes it. */
export function FindingsList({ findings, title }: { findings: Finding[]; title?: string }) {
  if (findings.length === 0) return null;
  return (
    <section className="findings" aria-label={title ?? "findings"}>
      {title && <h3>{title}</h3>}
      <ul>
        {findings.map((f) => (
          <li
            key={`${f.code}/${f.object.kind}/${f.object.namespace}/${f.object.name}`}
            className={`finding finding-${f.severity}`}
            data-code={f.code}
          >
            <span className="finding-head">
              <span aria-hidden="true">{ICON[f.severity]}</span> <strong>{f.code}</strong>{" "}
              <span className="muted">
                {f.severity} · {f.object.kind.toLowerCase()}/{f.object.name}
              </span>
            </span>
            <span>{f.message}</span>
            {f.evidence.length > 0 && <span className="muted small">evidence: {f.evidence.join(" · ")}</span>}
            {f.fix && (
              <span className="finding-fix">
                <code>{f.fix}</code>
                <CopyButton text={f.fix} label={`copy fix for ${f.code}`} />
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
