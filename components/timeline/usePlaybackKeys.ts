"use client";
import { useEffect } from "react";
import type { PlaybackAction } from "./playback";

/** Space pauses, ←/→ step between handover steps, +/− change speed (not while typing). */
export function usePlaybackKeys(dispatch: (a: PlaybackAction) => void, step: (dir: 1 | -1) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && (target as HTMLInputElement).type !== "range") return;
      if (e.key === " ") dispatch({ type: "toggle" });
      else if (e.key === "ArrowRight") step(1);
      else if (e.key === "ArrowLeft") step(-1);
      else if (e.key === "+" || e.key === "=") dispatch({ type: "faster" });
      else if (e.key === "-" || e.key === "_") dispatch({ type: "slower" });
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dispatch, step]);
}
