/**
 * Keyed enter / update / leave for pod glyphs (the visx spring-config idea, without a browser):
 * pods that vanished from the view stay one more beat as "leaving" so they can animate out.
 */
export interface Presence<T> {
  key: string;
  item: T;
  phase: "enter" | "update" | "leave";
}

/**
 * Next presence list from the previous one and the current items. Leaving items keep their
 * position in the order; they are dropped by `dropLeft` once their exit animation ended.
 */
export function nextPresence<T>(prev: readonly Presence<T>[], items: readonly T[], keyOf: (t: T) => string): Presence<T>[] {
  const current = new Map(items.map((t) => [keyOf(t), t]));
  const known = new Set(prev.map((p) => p.key));
  const out: Presence<T>[] = [];
  // An entry whose item and phase did not change stays the same object, so memoised glyphs skip.
  for (const p of prev) {
    const now = current.get(p.key);
    if (now !== undefined) out.push(p.item === now && p.phase === "update" ? p : { key: p.key, item: now, phase: "update" });
    else out.push(p.phase === "leave" ? p : { key: p.key, item: p.item, phase: "leave" });
  }
  for (const t of items) {
    const k = keyOf(t);
    if (!known.has(k)) out.push({ key: k, item: t, phase: "enter" });
  }
  // Present items follow the current order; leaving ones stay where they were.
  const order = new Map(items.map((t, i) => [keyOf(t), i]));
  const present = out.filter((p) => p.phase !== "leave").sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  let i = 0;
  return out.map((p) => (p.phase === "leave" ? p : present[i++]));
}

export function dropLeft<T>(list: readonly Presence<T>[], keys: ReadonlySet<string>): Presence<T>[] {
  return list.filter((p) => !(p.phase === "leave" && keys.has(p.key)));
}
