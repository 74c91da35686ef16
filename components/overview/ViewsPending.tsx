import type { LiveProgress } from "@/lib/response";

/**
 * Stands where the views still being computed will appear (after a snapshot they come in slices,
 * top of the page first), saying how many are done. `announce` makes it the page's one live status.
 */
export function ViewsPending({ progress, as: Tag, announce = false }: { progress: LiveProgress; as: "li" | "p"; announce?: boolean }) {
  if (progress.complete) return null;
  const text = `computing the views: ${progress.done.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")}…`;
  // The status sits inside the list item: a list holds list items only (axe's "list" rule).
  return (
    <Tag className="views-pending muted" data-views-pending="">
      {announce ? <span role="status">{text}</span> : <span aria-hidden="true">{text}</span>}
    </Tag>
  );
}
