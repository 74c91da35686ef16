/**
 * The `rollscope` command line (docs/ARCHITECTURE.md "Contracts"). Each subcommand lives in its own
 * file and is loaded on demand, so `rollscope lab-cluster` never loads Next.js.
 */
import { existsSync, readFileSync } from "node:fs";
import { UsageError } from "./flags";

/** The package's version, read from the package.json beside lib/ (a repo checkout or an npm install). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

/** Whether the dashboard's production build ships with this copy, said with the version. */
function buildNote(): string {
  const id = new URL("../../.next/BUILD_ID", import.meta.url);
  return existsSync(id)
    ? `dashboard: production build included (.next, build ${readFileSync(id, "utf8").trim()})`
    : "dashboard: no production build here; the first `rollscope serve` runs `next build` once (a minute or more)";
}

export const USAGE = `Usage: rollscope <command> [flags]

Commands:
  serve        the dashboard   [--kubeconfig F] [--context C] [-n NS | -A] [--lab] [--time-scale N] [--port P] [--host H]
  lab-cluster  the embedded lab cluster alone   [--port P] [--kubeconfig-out F] [--time-scale N]
  diagnose     findings for a namespace   [--kubeconfig F] [--context C] [-n NS | -A] [-o text|json]
  replay       play a recording with no cluster   <file> [--port P] [--host H]
  plan         the rollout a manifest will cause, and its risks   -f FILE|DIR [--kubeconfig F] [--context C] [-n NS] [--offline] [-o text|json]
  wait         pipeline gate: until updated and available, or the stall's finding   deployment/NAME [-n NS] [--timeout D] [-o text|json] [--undo-on-failure]
  traffic      requests through a lab Service   service/NAME [-n NS] [--kubeconfig F] [--rate R] [--for D] [-o text|json]
               (or read-only from Prometheus)   service/NAME [-n NS] --prometheus URL [--for D] [-o text|json]

Run \`rollscope <command> --help\` for details; \`rollscope --version\` prints the version.
As a kubectl plugin (the package's bin directory on PATH): \`kubectl rollscope <command> [flags]\`.`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "serve": {
        const { serve } = await import("./serve");
        await serve(rest);
        return 0;
      }
      case "lab-cluster": {
        const { labCluster } = await import("./lab-cluster");
        return await labCluster(rest);
      }
      case "diagnose": {
        const { diagnoseCommand } = await import("./diagnose");
        return await diagnoseCommand(rest);
      }
      case "replay": {
        const { replay } = await import("./replay");
        return await replay(rest);
      }
      case "plan":
        return await (await import("./plan")).planCommand(rest);
      case "wait":
        return await (await import("./wait")).waitCommand(rest);
      case "traffic":
        return await (await import("./traffic")).trafficCommand(rest);
      case "version":
      case "--version":
      case "-v":
        console.log(`rollscope ${packageVersion()}\n${buildNote()}`);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        console.log(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        console.error(`rollscope: unknown command "${cmd}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`rollscope ${cmd}: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
