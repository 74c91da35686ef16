import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { SimProcess } from "./process";
import { durationMs, parseScript, programFor, type Program } from "./script";
import { runInstantly } from "./shell";
import { SimFs } from "./sim-fs";

const stmts = (p: Program) => (p.kind === "script" ? p.steps.map((s) => s.stmt) : p);

describe("programFor", () => {
  it("runs the image entrypoint forever when there is no command", () => {
    expect(programFor(undefined, undefined)).toEqual({ kind: "forever", why: "image entrypoint" });
    expect(programFor(undefined, ["--port", "8080"]).kind).toBe("forever");
  });

  it("unwraps sh -c, /bin/sh -c, bash -c and combined flags", () => {
    for (const cmd of [
      ["sh", "-c"],
      ["/bin/sh", "-c"],
      ["bash", "-c"],
      ["/bin/bash", "-ec"],
    ]) {
      expect(stmts(programFor(cmd, ["sleep 2; touch /tmp/ready"]))).toEqual([
        { kind: "sleep", ms: 2000 },
        { kind: "touch", paths: ["/tmp/ready"] },
      ]);
    }
    expect(stmts(programFor(["sh", "-c", "exit 3"], undefined))).toEqual([{ kind: "exit", code: 3 }]);
  });

  it("runs a bare sleep binary and treats other binaries as long-running servers", () => {
    expect(stmts(programFor(["sleep", "30"], undefined))).toEqual([{ kind: "sleep", ms: 30000 }]);
    expect(stmts(programFor(["python", "-m", "http.server"], undefined))).toEqual([{ kind: "forever", why: "python (not interpreted)" }]);
  });
});

describe("parseScript", () => {
  it("splits on ;, &&, || and newlines and keeps the connectors", () => {
    const p = parseScript("touch /a && rm /a\nsleep 1 || exit 2");
    expect(p.kind === "script" && p.steps.map((s) => s.connector)).toEqual([";", "&&", ";", "||"]);
  });

  it("stops at forever statements: sleep infinity, exec sleep infinity, while loops, tail -f", () => {
    expect(stmts(parseScript("touch /x; sleep infinity; touch /never"))).toEqual([
      { kind: "touch", paths: ["/x"] },
      { kind: "forever", why: "sleep infinity" },
    ]);
    expect(stmts(parseScript("exec sleep infinity"))).toEqual([{ kind: "forever", why: "sleep infinity" }]);
    expect(stmts(parseScript("while true; do sleep 5; done"))).toEqual([{ kind: "forever", why: "while loop or block" }]);
    expect(stmts(parseScript("tail -f /dev/null"))).toEqual([{ kind: "forever", why: "tail -f" }]);
  });

  it("understands quotes, comments, redirections and env assignments", () => {
    const p = parseScript(`# model server\nVERSION=v2 echo "loading model" 2>&1; echo ok > '/tmp/my ready'`);
    expect(p.kind === "script" && p.steps.map((s) => [s.stmt.kind, s.redirectTo])).toEqual([
      ["status", undefined],
      ["status", "/tmp/my ready"],
    ]);
  });

  it("expands the container's env: $NAME and ${NAME} in scripts, $(NAME) in command and args", () => {
    const env = new Map([
      ["VERSION", "v3"],
      ["DELAY", "8"],
    ]);
    expect(stmts(programFor(["sh", "-c", 'sleep $DELAY; [ "${VERSION}" = v3 ] && exit 1; touch /tmp/ready'], undefined, env))).toEqual([
      { kind: "sleep", ms: 8000 },
      { kind: "status", code: 0 },
      { kind: "exit", code: 1 },
      { kind: "touch", paths: ["/tmp/ready"] },
    ]);
    expect(stmts(programFor(["sleep", "$(DELAY)"], undefined, env))).toEqual([{ kind: "sleep", ms: 8000 }]);
    expect(stmts(parseScript('[ -z $UNSET ] && exit 4; [ "$UNSET" != x ]'))).toEqual([
      { kind: "status", code: 0 },
      { kind: "exit", code: 4 },
      { kind: "status", code: 0 },
    ]);
    expect(stmts(parseScript("echo '$VERSION'; [ 'a' = b ]", env))).toEqual([
      { kind: "status", code: 0 },
      { kind: "status", code: 1 },
    ]);
  });

  it("parses sleep durations like GNU sleep", () => {
    expect([durationMs("5"), durationMs("0.5"), durationMs("2m"), durationMs("1h"), durationMs("x")]).toEqual([
      5000,
      500,
      120000,
      3600000,
      undefined,
    ]);
  });
});

describe("runInstantly", () => {
  it("evaluates file tests against the simulated filesystem", () => {
    const fs = new SimFs();
    const check = (script: string) => runInstantly(parseScript(script), fs).code;
    expect(check("test -f /tmp/ready")).toBe(1);
    expect(check("[ -e /tmp/ready ]")).toBe(1);
    expect(check("cat /tmp/ready")).toBe(1);
    fs.touch("/tmp/ready");
    expect([
      check("test -f /tmp/ready"),
      check("[ -e /tmp/ready ]"),
      check("cat /tmp/ready"),
      check("ls /tmp/ready"),
      check("stat /tmp/ready"),
    ]).toEqual([0, 0, 0, 0, 0]);
    expect(check("test ! -f /tmp/ready")).toBe(1);
  });

  it("reports what a failing command printed", () => {
    expect(runInstantly(parseScript("cat /tmp/ready"), new SimFs())).toEqual({
      code: 1,
      stderr: "cat: /tmp/ready: No such file or directory",
      ms: 0,
    });
  });

  it("follows sh and-or semantics", () => {
    const fs = new SimFs();
    expect(runInstantly(parseScript("test -f /nope && touch /a; touch /b"), fs).code).toBe(0);
    expect(fs.list()).toEqual(["/b"]);
    expect(runInstantly(parseScript("test -f /nope || exit 7; touch /c"), fs).code).toBe(7);
    expect(runInstantly(parseScript("rm /nope"), fs).code).toBe(1);
    expect(runInstantly(parseScript("rm -f /nope"), fs).code).toBe(0);
    expect(runInstantly(parseScript("exec sleep 3; touch /never"), fs)).toEqual({ code: 0, stderr: "", ms: 3000 });
    expect(fs.isFile("/never")).toBe(false);
  });
});

describe("SimProcess", () => {
  it("creates /tmp/ready after the sleep and then runs forever", () => {
    const clock = new ManualClock();
    const fs = new SimFs();
    const exits: number[] = [];
    const p = new SimProcess(
      clock,
      programFor(["sh", "-c"], ["echo loading; sleep 10; touch /tmp/ready; while true; do sleep 5; done"]),
      fs,
      (c) => exits.push(c),
    );
    p.start();
    clock.advance(9999);
    expect(fs.isFile("/tmp/ready")).toBe(false);
    clock.advance(1);
    expect(fs.isFile("/tmp/ready")).toBe(true);
    clock.advance(3_600_000);
    expect(exits).toEqual([]);
    expect(p.blockedForever).toBe("while loop or block");
  });

  it("exits with the script's last status when it reaches the end", () => {
    const clock = new ManualClock();
    const exits: number[] = [];
    new SimProcess(clock, parseScript("sleep 5; touch /x"), new SimFs(), (c) => exits.push(c)).start();
    clock.advance(4999);
    expect(exits).toEqual([]);
    clock.advance(1);
    expect(exits).toEqual([0]);
  });

  it("ignores SIGTERM without a trap; with one, runs it in `wait` at once, after a foreground sleep otherwise", () => {
    const clock = new ManualClock();
    const exits: [string, number, number][] = [];
    const t0 = clock.now();
    const start = (name: string, script: string) => {
      const p = new SimProcess(clock, parseScript(script), new SimFs(), (c) => exits.push([name, c, clock.now() - t0]));
      p.start();
      return p;
    };
    const plain = start("plain", "sleep infinity");
    const waiting = start("waiting", "trap 'echo bye; exit 0' TERM; sleep infinity & wait");
    const foreground = start("foreground", "trap 'exit 0' TERM; sleep 30; sleep infinity");
    const draining = start("draining", "trap 'sleep 5; exit 3' SIGTERM; sleep 60 & wait");
    clock.advance(10_000);
    expect([plain.sigterm(), waiting.sigterm(), foreground.sigterm(), draining.sigterm()]).toEqual([false, true, true, true]);
    clock.advance(60_000);
    expect(exits).toEqual([
      ["waiting", 0, 10_000],
      ["draining", 3, 15_000],
      ["foreground", 0, 30_000],
    ]);
  });

  it("waits for background sleeps on `wait` and can be killed", () => {
    const clock = new ManualClock();
    const exits: number[] = [];
    const p = new SimProcess(clock, parseScript("sleep 20 & touch /a; wait; exit 4"), new SimFs(), (c) => exits.push(c));
    p.start();
    clock.advance(19_000);
    expect(exits).toEqual([]);
    clock.advance(1000);
    expect(exits).toEqual([4]);
    const q = new SimProcess(clock, parseScript("sleep 5; exit 1"), new SimFs(), (c) => exits.push(c));
    q.start();
    q.kill();
    clock.advance(10_000);
    expect(exits).toEqual([4]);
  });
});
