import { describe, expect, it } from "vitest";
import type { DeploymentView, RolloutsResponse, ServiceView } from "@/lib/model";
import { followTarget, presentFocus } from "./follow";

const d = (name: string, phase: DeploymentView["phase"], newRsCreated: string): DeploymentView =>
  ({ name, namespace: "lab", phase, replicaSets: [{ isNew: true, createdAt: newRsCreated }] }) as unknown as DeploymentView;
const resp = (...deployments: DeploymentView[]) => ({ deployments }) as RolloutsResponse;

describe("followTarget", () => {
  it("follows the Deployment that is rolling out, newest rollout first", () => {
    expect(followTarget(resp(d("a", "Complete", "2026-01-01T00:05:00Z"), d("b", "Progressing", "2026-01-01T00:01:00Z")))).toEqual({
      namespace: "lab",
      name: "b",
    });
    expect(followTarget(resp(d("b", "Stuck", "2026-01-01T00:01:00Z"), d("c", "Progressing", "2026-01-01T00:02:00Z")))?.name).toBe("c");
  });
  it("falls back to the most recently rolled out when all are complete, and to nothing when empty", () => {
    expect(followTarget(resp(d("a", "Complete", "2026-01-01T00:01:00Z"), d("z", "Complete", "2026-01-01T00:09:00Z")))?.name).toBe("z");
    expect(followTarget(resp())).toBeUndefined();
  });
});

describe("presentFocus", () => {
  it("gives the followed Deployment and only the Services sending it traffic", () => {
    const a = d("a", "Progressing", "2026-01-01T00:01:00Z");
    const svc = (name: string, deployment: string) => ({ name, namespace: "lab", backends: [{ deployment }] }) as unknown as ServiceView;
    const r = {
      deployments: [a, d("b", "Complete", "2026-01-01T00:00:00Z")],
      services: [svc("front", "a"), svc("other", "b")],
    } as unknown as RolloutsResponse;
    expect(presentFocus(r, { namespace: "lab", name: "a" })).toEqual({ d: a, services: [r.services[0]] });
    expect(presentFocus(r, undefined)).toEqual({ d: undefined, services: [] });
  });
});
