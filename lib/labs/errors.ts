/** One problem in one lab file, pinned to a line. */
export interface LabIssue {
  /** Path relative to the repo root, e.g. "labs/rollout/lab.yaml". */
  file: string;
  line: number;
  column: number;
  /** "steps[2].checks[0].phase", or "(file)". */
  field: string;
  message: string;
}

export function formatIssue(i: LabIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.field}: ${i.message}`;
}

/** Thrown by the loader; `issues` lists every problem found, not just the first. */
export class LabLoadError extends Error {
  readonly issues: LabIssue[];
  constructor(issues: LabIssue[]) {
    super(`invalid lab content:\n${issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`);
    this.name = "LabLoadError";
    this.issues = issues;
  }
}
