import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseRecording } from "../timeline/recording";
import { portNumber, UsageError } from "./flags";
import { freePort, startNextServer } from "./next-server";
import { announceAccess, policyFromFlags } from "./serve";

const HELP = `Usage: rollscope replay <file> [--port P] [--host H] [--auth token|none] [--token T]

Plays a recording (from \`rollscope serve --record F\`, the dashboard's download button, or
recordings/ in this repository) through the same views as the live dashboard, with no cluster.
Open the printed URL: /replay plays it, scrub the timeline, space pauses, ←/→ step.`;

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `rollscope replay F`: validates the file first, so a bad path or an empty recording fails here. */
export async function replay(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string", default: "3000" },
      host: { type: "string", default: "127.0.0.1" },
      auth: { type: "string" },
      token: { type: "string" },
      dev: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("replay takes exactly one recording file");
  const file = resolve(positionals[0]!);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const parsed = parseRecording(readFileSync(file, "utf8"));
  if (parsed.events.length === 0) {
    console.error(
      `rollscope replay: ${file} holds no usable events${parsed.skipped[0] ? ` (line ${parsed.skipped[0].line}: ${parsed.skipped[0].reason})` : ""}`,
    );
    return 2;
  }
  for (const s of parsed.skipped.slice(0, 5)) console.error(`rollscope replay: skipping line ${s.line}: ${s.reason}`);
  if (parsed.skipped.length > 5) console.error(`rollscope replay: … and ${parsed.skipped.length - 5} more skipped lines`);
  const host = values.host!;
  let port = portNumber(values.port!, "--port");
  if (port === 0) port = await freePort(host);
  const policy = policyFromFlags(host, values.auth, values.token ?? process.env.ROLLSCOPE_TOKEN);
  process.env.ROLLSCOPE_REPLAY = file;
  const web = await startNextServer({ projectRoot, host, port, dev: Boolean(values.dev), policy });
  const shownHost = host.includes(":") ? `[${host}]` : host;
  console.log(`rollscope replaying ${file} (${parsed.events.length} events) at http://${shownHost}:${port}/replay`);
  announceAccess(policy, `http://${shownHost}:${port}`);
  await new Promise<void>((done) => {
    process.once("SIGINT", () => done());
    process.once("SIGTERM", () => done());
  });
  await web.close();
  return 0;
}
