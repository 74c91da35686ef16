/** Progress lines on stderr, so a long run shows where it is; the table goes to stdout. */
const t0 = Date.now();

export function progress(msg: string): void {
  process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
}
