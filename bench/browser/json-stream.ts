/**
 * Splits a stream of concatenated (pretty-printed) JSON values — what `kubectl get -w -o json`
 * prints — into whole values, without rescanning: each chunk is scanned once.
 */
export function jsonValueSplitter(onValue: (text: string) => void): (chunk: string) => void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  return (chunk) => {
    let start = depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (depth === 0) start = i;
        depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        depth--;
        if (depth === 0) {
          parts.push(chunk.slice(start, i + 1));
          onValue(parts.join(""));
          parts = [];
          start = -1;
        }
      }
    }
    if (depth > 0 && start >= 0) parts.push(chunk.slice(start));
  };
}
