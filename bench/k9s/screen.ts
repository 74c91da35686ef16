/**
 * Reads k9s's pods table from a `tmux capture-pane -p` text dump: which pods are on screen with
 * which READY value, and the row count k9s prints in its title (`pods(bench)[1,000]`).
 */

export interface ScreenRow {
  pod: string;
  /** READY column as k9s prints it: "1/1" is ready. */
  ready: boolean;
}

export interface PodsScreen {
  rows: ScreenRow[];
  /** The count in the table title, when the title is on screen. */
  total?: number;
}

// A pod name (DNS label parts) followed, after other cells of the row, by the READY cell "n/m".
const ROW = /^[\s│|]*([a-z0-9]([-a-z0-9]*[a-z0-9])?)\s+(?:\S{1,2}\s+)?(\d+)\/(\d+)\s/;
const TITLE = /\bpods\(([^)]*)\)\[([\d,]+)\]/i;

export function parsePodsScreen(text: string): PodsScreen {
  const rows: ScreenRow[] = [];
  let total: number | undefined;
  for (const line of text.split("\n")) {
    const t = TITLE.exec(line);
    if (t) {
      total = Number(t[2]!.replaceAll(",", ""));
      continue;
    }
    const m = ROW.exec(line);
    if (!m) continue;
    rows.push({ pod: m[1]!, ready: m[3] === m[4] && m[4] !== "0" });
  }
  return total === undefined ? { rows } : { rows, total };
}

export interface ScreenChange {
  pod: string;
  ready: boolean;
  /** When the capture that first showed it completed (wall-clock ms). */
  seenAt: number;
}

/**
 * Folds successive screens into READY changes: a pod whose READY differs from the last screen
 * it was on. A pod's first appearance is not a change.
 */
export function screenDiffer(): (screen: PodsScreen, seenAt: number) => ScreenChange[] {
  const last = new Map<string, boolean>();
  return (screen, seenAt) => {
    const changes: ScreenChange[] = [];
    for (const r of screen.rows) {
      const before = last.get(r.pod);
      if (before !== undefined && before !== r.ready) changes.push({ pod: r.pod, ready: r.ready, seenAt });
      last.set(r.pod, r.ready);
    }
    return changes;
  };
}
