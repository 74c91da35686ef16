/**
 * Deployments that are one half of a pair: a canary next to its stable Deployment, or one colour
 * of a blue-green pair. Their way back is not `rollout undo` but the sibling: scale the canary
 * to zero, or point the Service at the other colour.
 */
import { COLOUR_LABEL_KEYS } from "../model/traffic";
import { serviceSelector, templateLabels } from "../model/wire";
import { patchServiceCommand } from "./remedy";
import type { RawDeployment, RawService } from "../model/rawKinds";

/** How a paired Deployment falls back to its sibling. */
export interface Fallback {
  kind: "canary" | "colour";
  /** The label key that tells the pair apart (track, color). */
  key: string;
  siblings: string[];
  /** The command that takes this Deployment out of traffic, when it is in traffic. */
  command?: string;
}

const VERSION_KEYS = new Set(["version", "app.kubernetes.io/version"]);

/** The Deployments of the same app that differ from `d` only by `key` (and version labels). */
function pairedBy(d: RawDeployment, key: string, all: readonly RawDeployment[]): RawDeployment[] {
  const mine = templateLabels(d);
  if (mine[key] === undefined) return [];
  const rest = Object.entries(mine).filter(([k]) => k !== key && !VERSION_KEYS.has(k));
  return all.filter((o) => {
    if (o === d || o.metadata.namespace !== d.metadata.namespace) return false;
    const theirs = templateLabels(o);
    return theirs[key] !== undefined && theirs[key] !== mine[key] && rest.every(([k, v]) => theirs[k] === v);
  });
}

/**
 * The fallback of `d`, if it is the canary of a track pair (track ≠ stable and fewer replicas
 * than its sibling) or one colour of a blue-green pair.
 */
export function fallbackFor(
  d: RawDeployment,
  deployments: readonly RawDeployment[],
  services: readonly RawService[],
): Fallback | undefined {
  const ns = d.metadata.namespace ?? "";
  const name = d.metadata.name ?? "";
  for (const key of COLOUR_LABEL_KEYS) {
    const others = pairedBy(d, key, deployments);
    if (others.length === 0) continue;
    const colour = templateLabels(d)[key];
    const svc = services.find((s) => s.metadata.namespace === ns && serviceSelector(s)[key] === colour);
    const target = templateLabels(others[0])[key];
    const fb: Fallback = { kind: "colour", key, siblings: others.map((o) => o.metadata.name ?? "") };
    if (svc) fb.command = patchServiceCommand(svc.metadata.name ?? "", ns, { selector: { ...serviceSelector(svc), [key]: target } });
    return fb;
  }
  const others = pairedBy(d, "track", deployments);
  const replicas = (o: RawDeployment): number => o.spec?.replicas ?? 1;
  if (others.length > 0 && templateLabels(d).track !== "stable" && others.some((o) => replicas(o) > replicas(d))) {
    return {
      kind: "canary",
      key: "track",
      siblings: others.map((o) => o.metadata.name ?? ""),
      command: `kubectl scale deployment/${name} --replicas=0 -n ${ns}`,
    };
  }
  return undefined;
}
