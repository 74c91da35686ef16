import { colourSiblings, type RawObject, type ServiceView } from "@/lib/model";

export interface SwitchOption {
  colour: string;
  deployments: string[];
  version?: string;
  /** Ready pods of those Deployments (status.readyReplicas): what a flip would send traffic to. */
  readyPods: number;
}

/** The colours a blue-green Service can point at (lib/model's colourSiblings), with their Deployments. */
export function switchOptions(svc: ServiceView, nsDeployments: readonly RawObject[]): { key: string; options: SwitchOption[] } | undefined {
  const sib = colourSiblings(svc.selector, nsDeployments);
  if (!sib) return undefined;
  const byColour = new Map<string, SwitchOption>();
  for (const d of sib.deployments) {
    const colour: string = d.spec.template.metadata.labels[sib.key];
    const opt = byColour.get(colour) ?? { colour, deployments: [], readyPods: 0 };
    opt.deployments.push(d.metadata.name ?? "");
    opt.readyPods += typeof d.status?.readyReplicas === "number" ? d.status.readyReplicas : 0;
    const env: { name?: string; value?: string }[] | undefined = d.spec?.template?.spec?.containers?.[0]?.env;
    const version = env?.find((e) => e.name === "VERSION")?.value;
    if (version && !opt.version) opt.version = version;
    byColour.set(colour, opt);
  }
  return { key: sib.key, options: [...byColour.values()].sort((a, b) => a.colour.localeCompare(b.colour)) };
}
