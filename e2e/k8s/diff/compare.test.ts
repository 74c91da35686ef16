import { describe, expect, it } from "vitest";
import { compareRuns, decisions } from "./compare";
import { violations } from "./invariants";
import { normalise } from "./kubectl";
import { scopeState } from "./predicates";
import type { ScenarioRun } from "./types";

describe("normalise", () => {
  const aliases = new Map([
    ["web-7d9f8b6c5d", "web#1"],
    ["web-5c6b7d8f9", "web#2"],
  ]);

  it("replaces RS names, pod suffixes, ages and padding", () => {
    const out =
      "NAME               DESIRED   CURRENT   READY   AGE\nweb-7d9f8b6c5d     0         0         0       2m10s\nweb-5c6b7d8f9      3         3         3       14s\n";
    expect(normalise(out, aliases, { sortBody: true })).toBe("NAME DESIRED CURRENT READY AGE\nweb#1 0 0 0 <age>\nweb#2 3 3 3 <age>");
    expect(normalise("pod/web-5c6b7d8f9-x7k2p deleted", aliases)).toBe("pod/web#2-<pod> deleted");
  });

  it("keeps numbers that are not ages", () => {
    expect(normalise("REVISION  CHANGE-CAUSE\n1         <none>\n2         <none>", aliases)).toBe(
      "REVISION CHANGE-CAUSE\n1 <none>\n2 <none>",
    );
  });
});

describe("decisions", () => {
  it("drops ready/available and endpoint counts, then collapses repeats", () => {
    const states = [
      "web#1@r1=3/3/3 web{P:True:NewReplicaSetAvailable} svc/web=3",
      "web#1@r1=3/3/3 web#2@r2=1/0/0 web{P:True:NewReplicaSetCreated} svc/web=3",
      "web#1@r1=3/3/3 web#2@r2=1/1/1 web{P:True:NewReplicaSetCreated} svc/web=4",
    ];
    expect(decisions(states)).toEqual(["web#1@r1=3 web{P:True:NewReplicaSetAvailable}", "web#1@r1=3 web#2@r2=1 web{P:True:<progressing>}"]);
  });

  it("treats NewReplicaSetCreated and ReplicaSetUpdated as one progressing state", () => {
    const d = decisions([
      "a=1/0/0 w{P:True:NewReplicaSetCreated}",
      "a=1/0/0 w{P:True:ReplicaSetUpdated}",
      "a=1/0/0 w{P:False:ProgressDeadlineExceeded}",
    ]);
    expect(d).toEqual(["a=1 w{P:True:<progressing>}", "a=1 w{P:False:ProgressDeadlineExceeded}"]);
  });
});

function run(cluster: "real" | "lab", states: string[], outputs: ScenarioRun["outputs"] = [], checkpoints: string[] = []): ScenarioRun {
  return { scenario: "s", cluster, trace: states.map((state, t) => ({ t, state })), checkpoints, outputs, ms: 0 };
}

describe("compareRuns", () => {
  it("is equal when only readiness interleaving differs", () => {
    const c = compareRuns(run("real", ["a=1/0/0", "a=1/1/1"]), run("lab", ["a=1/0/0", "a=1/1/0", "a=1/1/1"]));
    expect(c).toMatchObject({ equal: true, traceEqual: false, decisionsEqual: true });
  });

  it("tolerates a different path between equal checkpoints, but reports it", () => {
    const c = compareRuns(
      run("real", ["w#1@r1=3/3/3 w#2@r2=1/0/0", "w#1@r1=2/3/3 w#2@r2=1/1/1"]),
      run("lab", ["w#1@r1=3/3/3 w#2@r2=1/0/0", "w#1@r1=2/3/3 w#2@r2=2/1/1", "w#1@r1=2/3/3 w#2@r2=1/1/1"]),
    );
    expect(c).toMatchObject({ equal: true, decisionsEqual: false });
    expect(c.differences.at(-1)).toContain("path differs at #1");
  });

  it("fails when a checkpoint differs", () => {
    const c = compareRuns(
      run("real", ["x=1/1/1"], [], ["w#1@r1=8/8/8 w#2@r2=5/0/0"]),
      run("lab", ["x=1/1/1"], [], ["w#1@r1=7/7/7 w#2@r2=5/0/0"]),
    );
    expect(c).toMatchObject({ equal: false, checkpointsEqual: false });
    expect(c.differences[0]).toContain("checkpoints differ at #0");
  });

  it("fails on a different kubectl exit code", () => {
    const c = compareRuns(
      run("real", ["x"], [{ cmd: "rollout undo", exit: 1, out: "e" }]),
      run("lab", ["x"], [{ cmd: "rollout undo", exit: 0, out: "e" }]),
    );
    expect(c).toMatchObject({ equal: false, outputsEqual: false });
  });
});

describe("violations", () => {
  it("flags more pods asked for than replicas + maxSurge", () => {
    const ok = "w#1@r1=3/3/3 w#2@r2=1/0/0 w[3,RU:1/0]{}";
    const bad = "w#1@r1=3/3/3 w#2@r2=2/0/0 w[3,RU:1/0]{}";
    expect(violations([ok])).toEqual([]);
    expect(violations([ok, bad])[0]).toContain("ask for 5 pods, more than replicas 3 + maxSurge 1");
  });

  it("allows the excess right after a scale-down until the controller adjusts", () => {
    const states = ["w#1@r1=10/10/10 w[10,RU:3/2]{}", "w#1@r1=10/10/10 w[5,RU:2/1]{}", "w#1@r1=5/5/5 w[5,RU:2/1]{}"];
    expect(violations(states)).toEqual([]);
  });

  it("flags a Recreate that scales up the new RS before the old one is down", () => {
    expect(violations(["w#1@r1=3/3/3 w#2@r2=3/0/0 w[3,Recreate]{}"])[0]).toContain("Recreate scaled up");
    expect(violations(["w#1@r1=0/0/0 w#2@r2=3/0/0 w[3,Recreate]{}"])).toEqual([]);
  });
});

describe("scopeState", () => {
  const state = "a#1@r1=1/0/0 b#1@r1=9/9/9 a[1,RU:1/0]{P:True:ReplicaSetUpdated} b[9,RU:3/2]{} svc/web=9";
  it("keeps only the deployment a wait is about", () => {
    expect(scopeState(state, { complete: "b" })).toBe("b#1@r1=9/9/9 b[9,RU:3/2]{}");
  });
  it("keeps only the Service of an endpoints wait", () => {
    expect(scopeState(state, { endpoints: "web", ready: 9 })).toBe("svc/web=9");
  });
});
