import { afterEach, describe, expect, it } from "vitest";
import { asStored, STORE } from "../../kinds";
import { DEPLOYMENTS } from "../objects";
import { deployment, Lab, template } from "@/test/support/labcluster/controllers/lab";

let lab: Lab;
afterEach(() => lab?.stop());

/**
 * "status | Progressing reason" after every Deployment status write. The RS sizes of the table
 * are checked through the ScalingReplicaSet events instead: a sync scales and then writes the
 * status it computed from the ReplicaSets as they were before (rows 3 and 5 show v2 before its
 * scale-up although the same sync scales it).
 */
function recordHistory(l: Lab, name: string): string[] {
  const out: string[] = [];
  l.store.subscribe((ev) => {
    if (ev.storage !== DEPLOYMENTS || ev.object.metadata.name !== name) return;
    const s = asStored(STORE.deployments, ev.object).status ?? {};
    const tuple = [s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas].map((x) => x ?? 0).join("/");
    const reason = (s.conditions ?? []).find((c: { type: string }) => c.type === "Progressing")?.reason;
    const line = `${tuple} | ${reason}`;
    if (out[out.length - 1] !== line) out.push(line);
  });
  return out;
}

function expectSubsequence(history: string[], rows: string[]): void {
  if (process.env.SHOW_HISTORY) console.log(history.join("\n"));
  let i = 0;
  for (const line of history) if (line === rows[i]) i++;
  expect({ matched: rows.slice(0, i), missing: rows[i], history }).toEqual({ matched: rows, missing: undefined, history });
}

async function completeV1(name: string, replicas: number, opts: Parameters<typeof deployment>[1] = {}): Promise<void> {
  lab.store.create(DEPLOYMENTS, "apps", deployment(name, { replicas, ...opts }));
  await lab.rollOut();
  lab.clock.advance(10_000);
}

describe("RollingUpdate, worked example A (R=3, maxSurge 1, maxUnavailable 0)", () => {
  it("walks the table row by row", async () => {
    lab = new Lab();
    await completeV1("web", 3, { maxSurge: 1, maxUnavailable: 0 });
    expect(lab.statusTuple("web")).toBe("3/3/3/3/0");
    expect(lab.condition("web", "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    const history = recordHistory(lab, "web");

    // 1–2: the edit creates v2 at 1; its pod appears.
    lab.edit("web", (d) => (d.spec!.template = template("web", "v2")));
    await lab.settle();
    expect(lab.rs("web", "v1")!.spec!.replicas).toBe(3);
    expect(lab.rs("web", "v2")!.spec!.replicas).toBe(1);
    expect(lab.statusTuple("web")).toBe("4/1/3/3/1");
    expect(lab.condition("web", "Progressing")?.reason).toBe("ReplicaSetUpdated");

    // The v2 pod runs but is not Ready: nothing moves.
    lab.kubelet.run();
    await lab.settle();
    expect(lab.rs("web", "v1")!.spec!.replicas).toBe(3);
    expect(lab.statusTuple("web")).toBe("4/1/3/3/1");

    // 3–4: Ready → v1 to 2, then v2 to 2 (its pod created, not Ready).
    lab.kubelet.setReady({ version: "v2" });
    await lab.settle();
    expect(lab.rs("web", "v1")!.spec!.replicas).toBe(2);
    expect(lab.rs("web", "v2")!.spec!.replicas).toBe(2);
    expect(lab.statusTuple("web")).toBe("4/2/3/3/1");

    // 5–6.
    lab.kubelet.run();
    lab.kubelet.setReady({ version: "v2" });
    await lab.settle();
    expect(lab.rs("web", "v1")!.spec!.replicas).toBe(1);
    expect(lab.rs("web", "v2")!.spec!.replicas).toBe(3);
    expect(lab.statusTuple("web")).toBe("4/3/3/3/1");

    // 7.
    lab.kubelet.run();
    lab.kubelet.setReady({ version: "v2" });
    await lab.settle();
    expect(lab.rs("web", "v1")!.spec!.replicas).toBe(0);
    expect(lab.statusTuple("web")).toBe("3/3/3/3/0");
    expect(lab.condition("web", "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    expect(lab.condition("web", "Progressing")?.message).toBe(
      `ReplicaSet "${lab.rs("web", "v2")!.metadata.name}" has successfully progressed.`,
    );

    expectSubsequence(history, [
      "3/0/3/3/1 | NewReplicaSetCreated",
      "4/1/3/3/1 | ReplicaSetUpdated",
      "3/1/3/3/0 | ReplicaSetUpdated",
      "4/2/3/3/1 | ReplicaSetUpdated",
      "3/2/3/3/0 | ReplicaSetUpdated",
      "4/3/3/3/1 | ReplicaSetUpdated",
      "3/3/3/3/0 | NewReplicaSetAvailable",
    ]);
    // Terminating v1 pods left for the kubelet do not count.
    expect(lab.deployment("web").status!.terminatingReplicas).toBe(3);
    const v1 = lab.rs("web", "v1")!.metadata.name;
    const v2 = lab.rs("web", "v2")!.metadata.name;
    expect(lab.events("web", "ScalingReplicaSet")).toEqual([
      `Scaled up replica set ${v1} from 0 to 3`,
      `Scaled up replica set ${v2} from 0 to 1`,
      `Scaled down replica set ${v1} from 3 to 2`,
      `Scaled up replica set ${v2} from 1 to 2`,
      `Scaled down replica set ${v1} from 2 to 1`,
      `Scaled up replica set ${v2} from 2 to 3`,
      `Scaled down replica set ${v1} from 1 to 0`,
    ]);
    expect(lab.errors).toEqual([]);
  });
});

describe("RollingUpdate R=4 with 25%/25% (1/1)", () => {
  it("creates v2 at 1 and scales v1 4→3 in the same sync", async () => {
    lab = new Lab();
    await completeV1("api", 4);
    const syncsBefore = lab.events("api", "ScalingReplicaSet").length;
    const history = recordHistory(lab, "api");
    lab.edit("api", (d) => (d.spec!.template = template("api", "v2")));
    await lab.settle();
    const v1 = lab.rs("api", "v1")!.metadata.name;
    const v2 = lab.rs("api", "v2")!.metadata.name;
    expect(lab.events("api", "ScalingReplicaSet").slice(syncsBefore, syncsBefore + 2)).toEqual([
      `Scaled up replica set ${v2} from 0 to 1`,
      `Scaled down replica set ${v1} from 4 to 3`,
    ]);
    // The user's edit, the revision/condition write, then the status of that one sync.
    expect(history.slice(0, 3)).toEqual([
      "4/4/4/4/0 | NewReplicaSetAvailable",
      "4/4/4/4/0 | NewReplicaSetCreated",
      "4/0/4/4/1 | NewReplicaSetCreated",
    ]);
    expect(lab.rs("api", "v1")!.spec!.replicas).toBe(3);
    // With v1 at 3 and v2 at 1 (not Ready), surge 1 allows v2 to 2.
    expect(lab.rs("api", "v2")!.spec!.replicas).toBe(2);
    await lab.rollOut();
    expect(lab.rs("api", "v1")!.spec!.replicas).toBe(0);
    expect(lab.rs("api", "v2")!.spec!.replicas).toBe(4);
    expect(lab.statusTuple("api")).toBe("4/4/4/4/0");
  });
});
