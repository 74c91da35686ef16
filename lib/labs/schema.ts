/**
 * The lab file format (labs/README.md), as zod schemas. Pure: imported by the loader on the
 * server and by the overlay in the browser (for the types).
 */
import { z } from "zod";
import type { FindingCode, RolloutPhase, Severity } from "@/lib/model/types";
import { parseComparison } from "./compare";
import { commandProblems } from "./commands";

export const FINDING_CODES = [
  "MissingReadinessProbe",
  "ReadinessNeverPasses",
  "ProgressDeadlineExceeded",
  "RolloutPaused",
  "NoRollbackTarget",
  "ImagePullFailure",
  "CrashLoop",
  "Unschedulable",
  "ServiceSelectsNothing",
  "ServiceNoReadyEndpoints",
  "ServiceSelectsMultipleVersions",
  "TargetPortMismatch",
  "RollbackNotPossible",
  "ProgressDeadlineTooShort",
  "ReadinessProbeBlind",
  "RolloutEmptiesService",
  "SurgeDoesNotFit",
  "RolloutBelowDisruptionBudget",
] as const satisfies readonly FindingCode[];

// Fails to compile when lib/model adds a finding code this list lacks.
type MissingCode = Exclude<FindingCode, (typeof FINDING_CODES)[number]>;
const everyCodeListed: [MissingCode] extends [never] ? true : false = true;
void everyCodeListed;

const PHASES = ["Progressing", "Complete", "Stuck", "Paused"] as const satisfies readonly RolloutPhase[];
const SEVERITIES = ["error", "warning", "info"] as const satisfies readonly Severity[];

const slug = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lower-case letters, digits and dashes");
const name = z.string().min(1);

const comparison = z.union([z.number(), z.string()]).refine((c) => parseComparison(c) !== undefined, {
  message: 'must be a number or a comparison like ">=3", "<1", "!=0"',
});

const labelMap = z.record(z.string(), z.string());

const common = { label: z.string().optional() };

const deploymentCheck = z.strictObject({
  ...common,
  deployment: name,
  /** false: the Deployment must not exist. */
  exists: z.boolean().optional(),
  phase: z.enum(PHASES).optional(),
  /** VERSION of the new ReplicaSet's pods. */
  version: z.string().optional(),
  /** Every pod that is Ready runs this VERSION. */
  onlyVersion: z.string().optional(),
  image: z.string().optional(),
  replicas: comparison.optional(),
  readyReplicas: comparison.optional(),
  updatedReplicas: comparison.optional(),
  availableReplicas: comparison.optional(),
  revisions: comparison.optional(),
  revision: comparison.optional(),
  changeCause: z.string().optional(),
  paused: z.boolean().optional(),
  podReason: z.string().optional(),
});

const serviceCheck = z.strictObject({
  ...common,
  service: name,
  exists: z.boolean().optional(),
  selector: labelMap.optional(),
  readyEndpoints: comparison.optional(),
  notReadyEndpoints: comparison.optional(),
  pattern: z.enum(["blue-green", "canary", "rolling", "single", "none"]).optional(),
  /** Share of ready endpoints per backend, keyed by VERSION or colour/track label value. */
  traffic: z.record(z.string(), comparison).optional(),
});

/** Requests the dashboard's load generator sent through a Service (lab cluster; lib/labs/requestChecks.ts). */
const requestsCheck = z.strictObject({
  ...common,
  requests: name,
  /** Requests sent since the learner pressed Send requests. */
  sent: comparison.optional(),
  /** Requests that failed since then (503 loading, connection refused, no endpoints…). */
  failed: comparison.optional(),
  /** Requests that failed in the last few seconds (the lane's window). */
  recentFailed: comparison.optional(),
  /** Share of the requests answered in the last few seconds, per VERSION: `{v2: ">0"}`. */
  answered: z.record(z.string(), comparison).optional(),
});

const findingCheck = z.strictObject({
  ...common,
  finding: z.enum(FINDING_CODES),
  /** Name of the object the finding is about (any kind unless `kind` is set). */
  object: name.optional(),
  kind: z.enum(["Deployment", "Service", "Pod", "ReplicaSet"]).optional(),
  /** true: passes while no such finding exists. */
  absent: z.boolean().optional(),
});

const noFindingsCheck = z.strictObject({
  ...common,
  /** Passes when the namespace has no findings of this severity (or worse). */
  noFindings: z.enum(SEVERITIES),
});

export type DeploymentCheck = z.infer<typeof deploymentCheck>;
export type ServiceCheck = z.infer<typeof serviceCheck>;
export type FindingCheck = z.infer<typeof findingCheck>;
export type NoFindingsCheck = z.infer<typeof noFindingsCheck>;
export type RequestsCheck = z.infer<typeof requestsCheck>;
export type Check = DeploymentCheck | ServiceCheck | RequestsCheck | FindingCheck | NoFindingsCheck;

const CHECK_KINDS = [
  ["deployment", deploymentCheck],
  ["service", serviceCheck],
  ["requests", requestsCheck],
  ["finding", findingCheck],
  ["noFindings", noFindingsCheck],
] as const;

// A plain z.union would report every branch's complaints; picking the branch by its key gives
// the author one precise error ("steps[1].checks[0].phase: …").
const check: z.ZodType<Check> = z.unknown().transform((value, ctx): Check => {
  const branch =
    value !== null && typeof value === "object" && !Array.isArray(value) ? CHECK_KINDS.find(([key]) => key in value) : undefined;
  if (!branch) {
    ctx.addIssue({ code: "custom", message: `a check needs one of: ${CHECK_KINDS.map(([k]) => k).join(", ")}` });
    return z.NEVER;
  }
  const parsed = branch[1].safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) });
    }
    return z.NEVER;
  }
  return parsed.data;
});

const commandObject = z.strictObject({
  run: z.string().superRefine((line, ctx) => {
    for (const problem of commandProblems(line)) ctx.addIssue({ code: "custom", message: problem });
  }),
  /** Read-only (status, history, get): shown to the learner, skipped by "Apply this step". */
  observe: z.boolean().optional(),
  /** What the command's exit status should be; a stuck `rollout status` is expected to fail. */
  expect: z.enum(["success", "failure", "any"]).optional(),
  /** One line shown under the command. */
  note: z.string().optional(),
});

export type LabCommand = z.infer<typeof commandObject>;

const command = z.preprocess((v) => (typeof v === "string" ? { run: v } : v), commandObject);

const manifestRef = z
  .string()
  .regex(
    /^manifests\/([a-z0-9][-a-z0-9]*\/)*[a-z0-9][-a-z0-9.]*\.ya?ml$/,
    'must be a file under manifests/, e.g. "manifests/inference-v1.yaml"',
  );

const step = z.strictObject({
  id: slug,
  title: z.string().min(1),
  /** Markdown-ish: paragraphs, `code`, **bold**, "- " bullets. */
  explanation: z.string().min(1),
  manifests: z.array(manifestRef).default([]),
  commands: z.array(command).default([]),
  hints: z.array(z.string().min(1)).default([]),
  checks: z.array(check).default([]),
  /** Commands kept hidden until the learner asks (Triage Day fixes). */
  solution: z.array(command).default([]),
  /** The finding a triage step's broken state produces. */
  diagnosis: z.strictObject({ finding: z.enum(FINDING_CODES), object: name, explanation: z.string().optional() }).optional(),
  /** Show a small live diagram of the Deployments and Services the step's checks name. */
  diagram: z.boolean().optional(),
  /** Scenario id for lib/diagnose's triage checklist. */
  scenario: z.string().optional(),
});

export type LabStep = z.infer<typeof step>;

export const labSchema = z
  .strictObject({
    id: slug,
    title: z.string().min(1),
    summary: z.string().min(1),
    minutes: z.number().int().positive().optional(),
    level: z.enum(["beginner", "intermediate", "advanced"]).optional(),
    audience: z.string().optional(),
    steps: z.array(step).min(1),
  })
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    lab.steps.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: "custom", message: `duplicate step id "${s.id}"`, path: ["steps", i, "id"] });
      seen.add(s.id);
    });
  });

export type LabFile = z.infer<typeof labSchema>;

/** A lab as the API serves it: the file plus where it lives and its manifests' text. */
export interface Lab extends LabFile {
  /** Folder relative to the repo root, e.g. "labs/rollout" (what `kubectl apply -f` needs). */
  dir: string;
  /** Manifest text by ref ("manifests/inference-v1.yaml"). */
  manifests: Record<string, string>;
}

export interface LabSummary {
  id: string;
  title: string;
  summary: string;
  minutes?: number;
  level?: LabFile["level"];
  steps: number;
}
