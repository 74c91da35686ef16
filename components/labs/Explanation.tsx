import { Fragment } from "react";
import { parseBlocks, type Inline } from "@/lib/labs/markdown";

function InlineText({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === "code" ? (
          <code key={i}>{p.text}</code>
        ) : p.kind === "bold" ? (
          <strong key={i}>{p.text}</strong>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}

/** A step's explanation (lib/labs/markdown's subset). */
export function Explanation({ source }: { source: string }) {
  return (
    <div className="lab-explanation">
      {parseBlocks(source).map((b, i) =>
        b.kind === "paragraph" ? (
          <p key={i}>
            <InlineText parts={b.inline} />
          </p>
        ) : (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <InlineText parts={item} />
              </li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}

export { InlineText };
