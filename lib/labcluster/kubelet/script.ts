/**
 * Turns a container's command/args into a small program the lab kubelet can "run" in simulated
 * time. Only a documented subset of POSIX sh is understood (see README.md); anything else is
 * treated as a process that runs until it is killed, which is what most real entrypoints do.
 */

export type Statement =
  | { kind: "sleep"; ms: number }
  | { kind: "forever"; why: string }
  | { kind: "touch"; paths: string[] }
  | { kind: "rm"; paths: string[]; force: boolean }
  | { kind: "test"; flag: "-f" | "-e" | "-d" | "-s"; path: string; negate: boolean }
  /** `cat F`, `ls F`, `stat F`, `head F`, `tail F`: fail when a file is missing. */
  | { kind: "read"; cmd: "cat" | "ls" | "stat" | "head" | "tail"; paths: string[] }
  | { kind: "exit"; code: number }
  | { kind: "status"; code: number }
  | { kind: "wait" }
  /** `trap ACTION TERM`: the script to run on SIGTERM ("" ignores it, undefined restores the default). */
  | { kind: "trap"; action: string | undefined };

/** How a statement is joined to the one before it (sh and-or lists). */
export type Connector = ";" | "&&" | "||";

export interface Step {
  connector: Connector;
  stmt: Statement;
  /** `cmd &`: started in the background, the script does not wait for it. */
  background: boolean;
  /** `exec cmd`: the shell is replaced, so the script ends when this statement ends. */
  exec: boolean;
  /** File created by an output redirection (`echo ok > /tmp/ready`). */
  redirectTo?: string;
}

export type Program = { kind: "script"; steps: Step[] } | { kind: "forever"; why: string };

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "busybox sh"]);

/**
 * Resolves what the container's PID 1 is from `command` and `args` (Kubernetes semantics).
 * `env` (the container's literal `env` values) feeds `$NAME` expansion in scripts.
 */
export function programFor(
  command: readonly string[] | undefined,
  args: readonly string[] | undefined,
  env: ReadonlyMap<string, string> = new Map(),
): Program {
  // Without `command` the image's ENTRYPOINT runs; the lab cannot know it, so it runs forever.
  if (!command || command.length === 0) return { kind: "forever", why: "image entrypoint" };
  // Kubernetes itself expands $(NAME) in command and args, before any shell runs.
  const argv = [...command, ...(args ?? [])].map((a) =>
    a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (ref, n: string) => env.get(n) ?? ref),
  );
  const bin = basename(argv[0]);
  if (SHELLS.has(bin)) {
    // `sh -c SCRIPT`, also combined flags such as `sh -ec` or `bash -lc`.
    let i = 1;
    while (i < argv.length && argv[i].startsWith("-") && !/c/.test(argv[i])) i++;
    if (i < argv.length && /^-[a-z]*c[a-z]*$/.test(argv[i]) && i + 1 < argv.length) return parseScript(argv[i + 1], env);
    return { kind: "forever", why: `${bin} without -c` };
  }
  return parseScript(argv.map(quoteWord).join(" "));
}

/** Parses a shell script into steps. Unsupported constructs end the program with `forever`. */
export function parseScript(script: string, env: ReadonlyMap<string, string> = new Map()): Program {
  const commands = splitCommands(tokenize(script, env));
  const steps: Step[] = [];
  for (const c of commands) {
    const step = toStep(c);
    steps.push(step);
    // Nothing after a foreground forever-statement can run; stop parsing there.
    if (step.stmt.kind === "forever" && !step.background) break;
  }
  return { kind: "script", steps };
}

interface Token {
  text: string;
  /** Operators (`;`, `&&`, `||`, `&`, newline, `>`) are unquoted; words may be quoted. */
  op: boolean;
}

/** `$NAME` / `${NAME}` at `i`: the value and where the reference ends; undefined if not one. */
function variableAt(src: string, i: number, env: ReadonlyMap<string, string>): { value: string; end: number } | undefined {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(src.slice(i));
  if (!m) return undefined;
  return { value: env.get(m[1] ?? m[2]) ?? "", end: i + m[0].length - 1 };
}

function tokenize(src: string, env: ReadonlyMap<string, string>): Token[] {
  const out: Token[] = [];
  let word = "";
  let inWord = false;
  const flush = () => {
    if (inWord) out.push({ text: word, op: false });
    word = "";
    inWord = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\" && src[i + 1] === "\n") {
      i++;
      continue;
    }
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      word += src.slice(i + 1, end < 0 ? src.length : end);
      inWord = true;
      i = end < 0 ? src.length : end;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\" && j + 1 < src.length) {
          word += src[j + 1];
          j += 2;
          continue;
        }
        const v = src[j] === "$" ? variableAt(src, j, env) : undefined;
        if (v) {
          word += v.value;
          j = v.end + 1;
          continue;
        }
        word += src[j];
        j++;
      }
      inWord = true;
      i = j;
      continue;
    }
    if (ch === "#" && !inWord) {
      while (i < src.length && src[i] !== "\n") i++;
      i--;
      continue;
    }
    if (ch === " " || ch === "\t") {
      flush();
      continue;
    }
    if (ch === "\n" || ch === ";") {
      flush();
      out.push({ text: ";", op: true });
      continue;
    }
    if (ch === "&" || ch === "|") {
      flush();
      if (src[i + 1] === ch) {
        out.push({ text: ch + ch, op: true });
        i++;
      } else if (ch === "&" && src[i - 1] === ">") {
        word = "&";
        inWord = true; // `2>&1`: part of a redirection, not a background operator
      } else {
        out.push({ text: ch, op: true });
      }
      continue;
    }
    if (ch === ">" || ch === "<") {
      // A leading fd number belongs to the redirection (`2>/dev/null`).
      if (/^\d$/.test(word)) {
        word = "";
        inWord = false;
      }
      flush();
      const double = src[i + 1] === ">";
      out.push({ text: ch + (double ? ">" : ""), op: true });
      if (double) i++;
      continue;
    }
    const v = ch === "$" ? variableAt(src, i, env) : undefined;
    if (v) {
      // Unquoted and empty, a variable expands to no word at all, as in sh.
      word += v.value;
      inWord ||= v.value !== "";
      i = v.end;
      continue;
    }
    word += ch;
    inWord = true;
  }
  flush();
  return out;
}

interface Command {
  connector: Connector;
  words: string[];
  background: boolean;
  redirectTo?: string;
  /** A pipeline (`a | b`): the lab does not model pipes. */
  piped: boolean;
}

function splitCommands(tokens: Token[]): Command[] {
  const cmds: Command[] = [];
  let cur: Command = { connector: ";", words: [], background: false, piped: false };
  const push = (next: Connector) => {
    if (cur.words.length > 0) cmds.push(cur);
    cur = {
      connector: cur.words.length > 0 ? next : cur.connector === ";" ? next : cur.connector,
      words: [],
      background: false,
      piped: false,
    };
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.op) {
      cur.words.push(t.text);
      continue;
    }
    switch (t.text) {
      case ";":
        push(";");
        break;
      case "&&":
      case "||":
        push(t.text);
        break;
      case "&":
        cur.background = true;
        push(";");
        break;
      case "|":
        cur.piped = true;
        break;
      case ">":
      case ">>": {
        const target = tokens[i + 1];
        if (target && !target.op) {
          i++;
          if (target.text !== "/dev/null" && !target.text.startsWith("&")) cur.redirectTo = target.text;
        }
        break;
      }
      case "<":
        if (tokens[i + 1] && !tokens[i + 1].op) i++;
        break;
    }
  }
  push(";");
  return cmds;
}

const COMPOUND = new Set(["while", "until", "for", "if", "case", "select", "function", "{", "("]);
const NO_OPS = new Set([
  "echo",
  "printf",
  "true",
  ":",
  "set",
  "export",
  "mkdir",
  "cd",
  "date",
  "hostname",
  "env",
  "ulimit",
  "umask",
  "chmod",
  "chown",
  "sync",
]);

function toStep(c: Command): Step {
  let words = c.words;
  let exec = false;
  // Environment assignments before the command name (`FOO=1 cmd`) do not change what runs.
  while (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
  if (words[0] === "exec" && words.length > 1) {
    exec = true;
    words = words.slice(1);
  }
  const stmt = c.piped ? ({ kind: "forever", why: "pipeline" } as const) : toStatement(words);
  return { connector: c.connector, stmt, background: c.background, exec, ...(c.redirectTo ? { redirectTo: c.redirectTo } : {}) };
}

function toStatement(words: string[]): Statement {
  const [cmd0, ...rest] = words;
  const cmd = basename(cmd0);
  if (COMPOUND.has(cmd)) return { kind: "forever", why: `${cmd} loop or block` };
  switch (cmd) {
    case "sleep": {
      if (rest.includes("infinity") || rest.includes("inf")) return { kind: "forever", why: "sleep infinity" };
      let ms = 0;
      for (const a of rest) {
        const d = durationMs(a);
        if (d === undefined) return { kind: "forever", why: `sleep ${a}` };
        ms += d;
      }
      return { kind: "sleep", ms };
    }
    case "touch":
      return { kind: "touch", paths: rest.filter((a) => !a.startsWith("-")) };
    case "rm": {
      const flags = rest.filter((a) => a.startsWith("-")).join("");
      return { kind: "rm", paths: rest.filter((a) => !a.startsWith("-")), force: flags.includes("f") };
    }
    case "exit":
      return { kind: "exit", code: rest.length ? Number.parseInt(rest[0], 10) & 255 || 0 : -1 };
    case "cat":
    case "ls":
    case "stat":
    case "head":
    case "tail": {
      // `tail -f /dev/null` is the classic "keep the container alive" idiom.
      if (cmd === "tail" && rest.some((a) => /^-[a-zA-Z]*[fF]/.test(a))) return { kind: "forever", why: "tail -f" };
      const paths = rest.filter((a) => !a.startsWith("-"));
      return paths.length ? { kind: "read", cmd, paths } : { kind: "status", code: 0 };
    }
    case "false":
      return { kind: "status", code: 1 };
    case "wait":
      return { kind: "wait" };
    case "trap": {
      // trap ACTION SIG…; only SIGTERM matters to a container (it is what the kubelet sends).
      const [action, ...signals] = rest;
      if (!signals.some((sig) => /^(SIG)?TERM$|^15$/i.test(sig))) return { kind: "status", code: 0 };
      return { kind: "trap", action: action === "-" ? undefined : action };
    }
    case "test":
    case "[":
    case "[[":
      return testStatement(cmd === "test" ? rest : rest.slice(0, -1));
  }
  if (NO_OPS.has(cmd)) return { kind: "status", code: 0 };
  return { kind: "forever", why: `${cmd} (not interpreted)` };
}

/**
 * `test -f F`, `[ -e F ]`, `[ ! -f F ]` (checked when run), string tests `[ "$V" = v3 ]`, `!=`,
 * `-z`, `-n` (decided now: variables are already expanded); anything else counts as true.
 */
function testStatement(args: string[]): Statement {
  let negate = false;
  if (args[0] === "!") {
    negate = true;
    args = args.slice(1);
  }
  const result = (ok: boolean): Statement => ({ kind: "status", code: ok !== negate ? 0 : 1 });
  const [a, b, c] = args;
  if ((a === "-f" || a === "-e" || a === "-d" || a === "-s") && b !== undefined) return { kind: "test", flag: a, path: b, negate };
  if (args.length === 3 && (b === "=" || b === "==")) return result(a === c);
  if (args.length === 3 && b === "!=") return result(a !== c);
  if (args.length === 2 && a === "-z") return result(b === "");
  if (args.length === 2 && a === "-n") return result(b !== "");
  // One argument tests for non-empty, so `[ -z $EMPTY ]` (operand gone) is true, as in sh.
  if (args.length === 1) return result(a !== "");
  return result(true);
}

/** GNU sleep durations: `5`, `0.5`, `2s`, `1m`, `1h`, `1d`. */
export function durationMs(arg: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000;
  return Math.round(Number.parseFloat(m[1]) * unit);
}

function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? p : p.slice(i + 1);
}

function quoteWord(w: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
