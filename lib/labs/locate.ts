/**
 * Maps a field path (from zod or our own checks) to the line it sits on in the YAML source, so
 * a lab author reads "lab.yaml:42:9 steps[2].checks[0].phase" and not just a message.
 */
import { isCollection, isNode, isPair, isScalar, type Document, type LineCounter } from "yaml";

export type FieldPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/** "steps[2].checks[0].phase"; "(file)" for the root. */
export function formatPath(path: FieldPath): string {
  if (path.length === 0) return "(file)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/**
 * Where `path` is written in `doc`: the value's position when it exists, else the key's or the
 * nearest enclosing node's (a missing field is reported on the map that should hold it).
 */
export function locate(doc: Document, lineCounter: LineCounter, path: FieldPath): Position {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const segment of path) {
    if (!isCollection(node)) break;
    const items: unknown[] = node.items;
    let next: unknown;
    if (typeof segment === "number") {
      next = items[segment];
    } else {
      const pair = items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === segment);
      if (isPair(pair)) {
        best = rangeStart(pair.key) ?? best;
        next = pair.value;
      }
    }
    if (next === undefined || next === null) break;
    best = rangeStart(next) ?? best;
    node = next;
  }
  const { line, col } = lineCounter.linePos(best ?? 0);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}
