/**
 * Reads k9s's screen in a tight loop (`capture-pane` back to back) and keeps every READY change
 * it sees, stamped with the wall-clock time the capture that first showed it completed.
 */
import { sleep, wallMs } from "../lib/clock";
import { parsePodsScreen, screenDiffer, type PodsScreen, type ScreenChange } from "./screen";
import type { TmuxScreen } from "./tmux";

export interface ScreenReader {
  /** The last screen read. */
  readonly latest: PodsScreen;
  /** The last capture as text (for error messages). */
  readonly text: string;
  /** Changes since the last call. */
  takeChanges(): ScreenChange[];
  /** Time between two completed captures, ms (the resolution of every stamp). */
  takePeriods(): number[];
  stop(): Promise<void>;
}

export function startScreenReader(screen: TmuxScreen, pauseMs = 5): ScreenReader {
  const differ = screenDiffer();
  let changes: ScreenChange[] = [];
  let periods: number[] = [];
  let latest: PodsScreen = { rows: [] };
  let text = "";
  let running = true;
  const loop = (async () => {
    let last = wallMs();
    while (running) {
      text = await screen.capture().catch(() => text);
      const at = wallMs();
      periods.push(at - last);
      last = at;
      latest = parsePodsScreen(text);
      changes.push(...differ(latest, at));
      await sleep(pauseMs);
    }
  })();
  return {
    get latest() {
      return latest;
    },
    get text() {
      return text;
    },
    takeChanges() {
      const out = changes;
      changes = [];
      return out;
    },
    takePeriods() {
      const out = periods;
      periods = [];
      return out;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}
