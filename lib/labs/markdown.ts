/**
 * The "markdown-ish" of lab explanations: paragraphs, "- " bullet lists, `code` and **bold**.
 * Parsed into a tiny tree so rendering never needs dangerouslySetInnerHTML.
 */
export type Inline = { kind: "text" | "code" | "bold"; text: string };
export type Block = { kind: "paragraph"; inline: Inline[] } | { kind: "list"; items: Inline[][] };

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ kind: "text", text: text.slice(last, m.index) });
    out.push(m[1] !== undefined ? { kind: "code", text: m[1] } : { kind: "bold", text: m[2] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.trim().split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length === 0) continue;
    if (lines.every((l) => l.startsWith("- "))) {
      blocks.push({ kind: "list", items: lines.map((l) => parseInline(l.slice(2))) });
    } else {
      blocks.push({ kind: "paragraph", inline: parseInline(lines.join(" ")) });
    }
  }
  return blocks;
}
