"use client";
import { useCallback, useEffect, useState } from "react";
import { EMPTY_PROGRESS, parseProgress, progressKey, progressReducer, type LabProgress, type ProgressAction } from "@/lib/labs/progress";

/**
 * Progress of one lab in one namespace, kept in localStorage. Read after mount (the server
 * render has no storage), written whenever it changes.
 */
export function useLabProgress(namespace: string, labId: string | undefined): [LabProgress, (a: ProgressAction) => void] {
  const key = labId ? progressKey(namespace, labId) : undefined;
  const [state, setState] = useState<{ key?: string; progress: LabProgress }>({ progress: EMPTY_PROGRESS });

  useEffect(() => {
    setState({ key, progress: key ? parseProgress(safeGet(key)) : EMPTY_PROGRESS });
  }, [key]);

  useEffect(() => {
    // Only write progress that was loaded for this key, never the placeholder of the previous one.
    if (state.key && state.key === key) safeSet(state.key, JSON.stringify(state.progress));
  }, [state, key]);

  const dispatch = useCallback((a: ProgressAction) => setState((s) => ({ ...s, progress: progressReducer(s.progress, a) })), []);
  return [state.key === key ? state.progress : EMPTY_PROGRESS, dispatch];
}

export function safeGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function safeSet(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private mode or full storage: progress just is not kept.
  }
}
