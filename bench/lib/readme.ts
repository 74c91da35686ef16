/** Replaces everything after the `<!-- figures -->` marker of bench/README.md with a run's table. */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const MARKER = "<!-- figures -->";

export async function writeFiguresToReadme(heading: string, table: string): Promise<void> {
  const text = await readFile(README, "utf8");
  const at = text.indexOf(MARKER);
  if (at < 0) throw new Error(`${README} has no ${MARKER} marker`);
  await writeFile(README, `${text.slice(0, at + MARKER.length)}\n\n${heading}\n\n${table}\n`);
}
