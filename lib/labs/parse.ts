/**
 * Parses and validates one lab.yaml source. Pure (no fs) so tests feed it strings; load.ts adds
 * the file system: manifest files, folder names, cross-references.
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import type { LabIssue } from "./errors";
import { formatPath, locate, type FieldPath } from "./locate";
import { labSchema, type LabFile } from "./schema";

export interface ParsedLab {
  lab?: LabFile;
  issues: LabIssue[];
  /** Positions of fields in the source, for issues found later (missing manifest files…). */
  at: (path: FieldPath) => { line: number; column: number };
}

export function parseLabSource(file: string, source: string): ParsedLab {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(source, { lineCounter });
  const at = (path: FieldPath) => locate(doc, lineCounter, path);
  const issues: LabIssue[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      file,
      line: pos.line,
      column: pos.col,
      field: "(file)",
      message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
    };
  });
  if (issues.length > 0) return { issues, at };
  const result = labSchema.safeParse(doc.toJS());
  if (result.success) return { lab: result.data, issues, at };
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const pos = at(path);
    issues.push({ file, line: pos.line, column: pos.column, field: formatPath(path), message: issue.message });
  }
  return { issues, at };
}
