/**
 * The k9s binary for the bench: `ROLLSCOPE_K9S=<path>` when set, otherwise bench/k9s/build.sh
 * (a no-op when its cache is warm). When it cannot be had the reason comes back instead, so the
 * bench prints "not measured: <why>".
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BUILD = fileURLToPath(new URL("./build.sh", import.meta.url));

export type K9sBinary = { path: string } | { missing: string };

export async function findK9s(onLog: (line: string) => void): Promise<K9sBinary> {
  const preset = process.env.ROLLSCOPE_K9S;
  if (preset) return existsSync(preset) ? { path: preset } : { missing: `ROLLSCOPE_K9S=${preset} does not exist` };
  const child = spawn("bash", [BUILD], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => {
    err += b.toString();
    onLog(b.toString());
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once("close", resolve);
    child.once("error", () => resolve(127));
  });
  if (code === 127) return { missing: "no Go toolchain on PATH to build k9s" };
  if (code !== 0) return { missing: `bench/k9s/build.sh failed (exit ${code}): ${err.trim().split("\n").pop() ?? ""}` };
  const path = out.trim().split("\n").pop() ?? "";
  return existsSync(path) ? { path } : { missing: `bench/k9s/build.sh printed no binary (${path})` };
}
