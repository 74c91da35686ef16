// @vitest-environment happy-dom
/**
 * Markup and script in every string the cluster controls are rendered as text (issue 8).
 */
import { describe, expect, it } from "vitest";
import { storeFromObjects, type RawObject } from "@/lib/model";
import { rolloutsResponse } from "@/lib/response";
import { deployment, pod, podTemplate, replicaSet, service } from "@/test/support/model/objects";
import { StageList } from "./StageList";
import { render } from "@/test/support/components/testRender";

const EVIL = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>\u202e`;

function hostileCluster(): RawObject[] {
  const tpl = podTemplate({ app: "inference", evil: EVIL }, { version: EVIL, image: `registry.invalid/${EVIL}:v1` });
  const d = deployment({
    name: "inference",
    template: tpl,
    revision: 1,
    status: { replicas: 2, updated: 2, ready: 1, available: 1 },
    changeCause: EVIL,
    progressing: { status: "True", reason: EVIL, message: EVIL, updatedAgo: 3 },
  });
  const rs = replicaSet({
    deployment: d,
    hash: "h",
    template: tpl,
    revision: 1,
    replicas: 2,
    status: { replicas: 2, ready: 1, available: 1 },
    createdAgo: 30,
    changeCause: EVIL,
  });
  const pods = [
    pod({ rs, suffix: "a", createdAgo: 20, shape: { kind: "ready", startedAgo: 15, readyAgo: 10 } }),
    pod({ rs, suffix: "b", createdAgo: 20, shape: { kind: "imagePull", reason: "ImagePullBackOff", image: EVIL } }),
  ];
  const svc = service({ name: "inference", selector: { app: "inference", evil: EVIL } });
  return [d, rs, ...pods, svc];
}

describe("hostile strings", () => {
  it("are shown as text, never as markup", () => {
    const store = storeFromObjects(hostileCluster());
    const response = rolloutsResponse(store, { now: Date.parse("2026-11-24T03:00:00Z") });
    const { container, unmount } = render(
      <StageList
        deployments={response.deployments}
        services={response.services}
        findings={response.findings}
        now={Date.parse("2026-11-24T03:00:00Z")}
        durationMs={0}
      />,
    );
    expect(container.querySelectorAll("script")).toHaveLength(0);
    expect(container.querySelectorAll("img")).toHaveLength(0);
    expect(container.textContent).toContain("<script>window.__pwned=1</script>");
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    unmount();
  });
});
