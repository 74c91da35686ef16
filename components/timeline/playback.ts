/**
 * Playback of a timeline as a pure reducer: the component only feeds it animation-frame ticks
 * and key presses. Speeds are the ones an instructor needs: slow enough to narrate, fast enough
 * to skip a 30 s model load.
 */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export interface Playback {
  t: number;
  start: number;
  end: number;
  playing: boolean;
  speed: (typeof SPEEDS)[number];
}

export type PlaybackAction =
  | { type: "tick"; dtMs: number }
  | { type: "toggle" }
  | { type: "seek"; t: number }
  | { type: "faster" }
  | { type: "slower" }
  | { type: "speed"; speed: (typeof SPEEDS)[number] }
  | { type: "load"; start: number; end: number };

const clamp = (p: Playback, t: number) => Math.min(p.end, Math.max(p.start, t));

export function initialPlayback(start: number, end: number): Playback {
  return { t: start, start, end, playing: false, speed: 1 };
}

export function playbackReducer(p: Playback, a: PlaybackAction): Playback {
  switch (a.type) {
    case "tick": {
      if (!p.playing) return p;
      const t = clamp(p, p.t + a.dtMs * p.speed);
      return { ...p, t, playing: t < p.end };
    }
    case "toggle":
      // Play from the start again when at the end.
      return p.playing ? { ...p, playing: false } : { ...p, playing: true, t: p.t >= p.end ? p.start : p.t };
    case "seek":
      return { ...p, t: clamp(p, a.t) };
    case "faster":
    case "slower": {
      const i = SPEEDS.indexOf(p.speed) + (a.type === "faster" ? 1 : -1);
      return { ...p, speed: SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, i))]! };
    }
    case "speed":
      return { ...p, speed: a.speed };
    case "load":
      return initialPlayback(a.start, a.end);
  }
}
