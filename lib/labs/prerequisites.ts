/**
 * What a step needs from the steps before it. A step that patches `deployment/inference` fails with
 * `exit 1` when the learner jumped ahead; the overlay says instead which earlier step creates it.
 * Pure: the objects a step names come from its command lines and checks, the objects a step
 * creates from its manifests.
 */
import { commandArgv } from "./commands";
import { validateManifest } from "./manifests";
import type { RolloutsResponse } from "@/lib/model/types";
import type { Lab, LabCommand, LabStep } from "./schema";

/** "deployment/inference" or "service/inference", as kubectl spells them. */
export type ObjectName = `${"deployment" | "service"}/${string}`;

const KIND_WORDS: Record<string, "deployment" | "service"> = {
  deployment: "deployment",
  deployments: "deployment",
  deploy: "deployment",
  service: "service",
  services: "service",
  svc: "service",
};

/** Objects a command line acts on: `deployment/x`, or `deployment x` after the verb. `delete` needs nothing. */
export function commandObjects(line: string): ObjectName[] {
  const argv = commandArgv(line, "ns");
  if (argv[1] === "delete") return [];
  const out: ObjectName[] = [];
  argv.forEach((arg, i) => {
    const slash = /^([a-z]+)\/([a-z0-9][-a-z0-9.]*)$/.exec(arg);
    if (slash && KIND_WORDS[slash[1]]) out.push(`${KIND_WORDS[slash[1]]}/${slash[2]}`);
    const next = argv[i + 1];
    if (i >= 2 && KIND_WORDS[arg] && next && !next.startsWith("-")) out.push(`${KIND_WORDS[arg]}/${next}`);
  });
  return out;
}

/** Deployments and Services a step's manifests create. */
export function stepCreates(lab: Lab, step: LabStep): Set<ObjectName> {
  const out = new Set<ObjectName>();
  for (const m of step.manifests) {
    for (const o of validateManifest(m, lab.manifests[m] ?? "").objects) {
      if (o.kind === "Deployment" || o.kind === "Service") out.add(`${o.kind.toLowerCase() as "deployment" | "service"}/${o.name}`);
    }
  }
  return out;
}

/** Objects the step's commands, fix and checks expect to exist already (not the ones it creates). */
export function stepNeeds(lab: Lab, step: LabStep): ObjectName[] {
  const own = stepCreates(lab, step);
  const lines = [...step.commands, ...step.solution].map((c: LabCommand) => c.run);
  const named = lines.flatMap(commandObjects);
  for (const c of step.checks) {
    if ("deployment" in c && c.exists !== false) named.push(`deployment/${c.deployment}`);
    if ("service" in c && c.exists !== false) named.push(`service/${c.service}`);
  }
  return [...new Set(named)].filter((n) => !own.has(n));
}

export interface MissingPrerequisite {
  object: ObjectName;
  /** The earliest earlier step whose manifests create it; absent when no step does. */
  step?: { index: number; id: string; title: string };
  /** "Run step 1 first: it creates deployment/inference". */
  message: string;
}

/** Whether `object` is in the live view of `namespace`. */
export type Exists = (object: ObjectName) => boolean;

/** The objects step `index` needs that are missing now, each with the step that creates it. */
export function missingPrerequisites(lab: Lab, index: number, exists: Exists): MissingPrerequisite[] {
  const step = lab.steps[index];
  if (!step) return [];
  return stepNeeds(lab, step)
    .filter((object) => !exists(object))
    .map((object) => {
      const before = lab.steps.slice(0, index).findIndex((s) => stepCreates(lab, s).has(object));
      if (before < 0) return { object, message: `${object} does not exist in this namespace yet; this step changes it.` };
      const s = lab.steps[before];
      return { object, step: { index: before, id: s.id, title: s.title }, message: `Run step ${before + 1} first: it creates ${object}.` };
    });
}

/** `exists` for the live view of one namespace: its Deployments and Services by name. */
export function existsInView(view: RolloutsResponse, namespace: string): Exists {
  const names = new Set<string>([
    ...view.deployments.filter((d) => d.namespace === namespace).map((d) => `deployment/${d.name}`),
    ...view.services.filter((s) => s.namespace === namespace).map((s) => `service/${s.name}`),
  ]);
  return (object) => names.has(object);
}
