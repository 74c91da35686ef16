/**
 * A learner's place in a lab, per namespace (two terminals on two namespaces are two learners).
 * Pure reducer; components/labs/useLabProgress keeps it in localStorage.
 */
export interface LabProgress {
  /** Index of the step on screen. */
  step: number;
  /** Hints revealed so far, per step id. */
  hints: Record<string, number>;
  /** Step ids whose solution was revealed. */
  solutions: string[];
  /** Step ids whose checks all passed at least once (a later step may undo their state). */
  completed: string[];
}

export const EMPTY_PROGRESS: LabProgress = { step: 0, hints: {}, solutions: [], completed: [] };

export type ProgressAction =
  | { type: "goto"; step: number; steps: number }
  | { type: "hint"; stepId: string; available: number }
  | { type: "solution"; stepId: string }
  | { type: "completed"; stepId: string }
  | { type: "reset" };

export function progressReducer(p: LabProgress, a: ProgressAction): LabProgress {
  switch (a.type) {
    case "goto":
      return { ...p, step: Math.max(0, Math.min(a.steps - 1, a.step)) };
    case "hint": {
      const shown = p.hints[a.stepId] ?? 0;
      return shown >= a.available ? p : { ...p, hints: { ...p.hints, [a.stepId]: shown + 1 } };
    }
    case "solution":
      return p.solutions.includes(a.stepId) ? p : { ...p, solutions: [...p.solutions, a.stepId] };
    case "completed":
      return p.completed.includes(a.stepId) ? p : { ...p, completed: [...p.completed, a.stepId] };
    case "reset":
      return EMPTY_PROGRESS;
  }
}

/** localStorage key of one lab's progress in one namespace. */
export function progressKey(namespace: string, labId: string): string {
  return `rollscope.lab.${namespace}.${labId}`;
}

/** localStorage key of the lab last picked in a namespace. */
export function selectedLabKey(namespace: string): string {
  return `rollscope.lab.${namespace}.selected`;
}

/** Reads stored progress defensively: anything malformed starts the lab over. */
export function parseProgress(raw: string | null): LabProgress {
  if (!raw) return EMPTY_PROGRESS;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== "object" || v === null) return EMPTY_PROGRESS;
    const o = v as Record<string, unknown>;
    const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);
    const hints: Record<string, number> = {};
    if (typeof o.hints === "object" && o.hints !== null) {
      for (const [k, n] of Object.entries(o.hints)) if (typeof n === "number" && n >= 0) hints[k] = Math.floor(n);
    }
    return {
      step: typeof o.step === "number" && o.step >= 0 ? Math.floor(o.step) : 0,
      hints,
      solutions: strings(o.solutions),
      completed: strings(o.completed),
    };
  } catch {
    return EMPTY_PROGRESS;
  }
}
