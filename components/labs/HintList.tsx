import { InlineText } from "./Explanation";
import { parseInline } from "@/lib/labs/markdown";

/** Hints revealed one at a time, so the learner asks only for as much help as needed. */
export function HintList({ hints, shown, onMore }: { hints: string[]; shown: number; onMore: () => void }) {
  if (hints.length === 0) return null;
  return (
    <div className="lab-hints">
      {shown > 0 && (
        <ol aria-label="hints">
          {hints.slice(0, shown).map((h, i) => (
            <li key={i} data-testid="lab-hint">
              <InlineText parts={parseInline(h)} />
            </li>
          ))}
        </ol>
      )}
      {shown < hints.length && (
        <button type="button" className="btn btn-small" onClick={onMore}>
          {shown === 0 ? "Show a hint" : `Another hint (${hints.length - shown} left)`}
        </button>
      )}
    </div>
  );
}
