import { CopyButton } from "@/components/deployment/CopyButton";
import { renderCommand } from "@/lib/labs/commands";
import type { LabCommand } from "@/lib/labs/schema";
import { InlineText } from "./Explanation";
import { parseInline } from "@/lib/labs/markdown";

/** kubectl lines with the learner's namespace filled in, each with a copy button. */
export function CommandList({ commands, namespace, label }: { commands: LabCommand[]; namespace: string; label: string }) {
  if (commands.length === 0) return null;
  return (
    <ol className="lab-commands" aria-label={label}>
      {commands.map((c, i) => {
        const line = renderCommand(c.run, namespace);
        return (
          <li key={i} className="lab-command" data-testid="lab-command" data-observe={c.observe ? "true" : "false"}>
            <span className="lab-command-line">
              <code>{line}</code>
              <CopyButton text={line} label={`copy: ${line}`} />
            </span>
            {(c.note || c.observe || c.expect === "failure") && (
              <span className="muted small">
                {[c.observe ? "watch" : "", c.expect === "failure" ? "expected to fail" : ""].filter(Boolean).join(" · ")}
                {(c.observe || c.expect === "failure") && c.note ? " · " : ""}
                {c.note && <InlineText parts={parseInline(c.note)} />}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
