// @vitest-environment happy-dom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { SWRConfig } from "swr";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadLab } from "@/lib/labs/load";
import { completeV2, midRollout, response } from "@/test/support/labs/fixtures";
import type { RolloutsResponse } from "@/lib/model/types";
import { LabOverlay } from "./LabOverlay";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const pushed: string[] = [];
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: (url: string) => pushed.push(url) }) }));

// The requests checks read GET /api/traffic: a stand-in EventSource the tests feed.
const trafficSources: { listeners: Map<string, (e: MessageEvent<string>) => void> }[] = [];
vi.stubGlobal(
  "EventSource",
  class {
    listeners = new Map<string, (e: MessageEvent<string>) => void>();
    constructor() {
      trafficSources.push(this);
    }
    addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
      this.listeners.set(type, fn);
    }
    close() {}
  },
);
const sendTraffic = (pictures: unknown[]) =>
  act(async () => trafficSources.forEach((s) => s.listeners.get("traffic")?.({ data: JSON.stringify(pictures) } as MessageEvent<string>)));

const rollout = loadLab("rollout", { repoRoot: process.cwd() });
const rollingUpdate = rollout.steps.findIndex((s) => s.id === "rolling-update");
let applyAllowed = true;
const posts: unknown[] = [];
const triageUrls: string[] = [];

function fakeFetch(url: string, init?: RequestInit): Promise<Response> {
  const json = (body: unknown, status = 200) =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
  const apply = { allowed: applyAllowed, reason: applyAllowed ? "lab cluster" : "restart with ROLLSCOPE_ALLOW_APPLY=1" };
  if (url === "/api/labs")
    return json({ labs: [{ id: "rollout", title: rollout.title, summary: rollout.summary, steps: rollout.steps.length }], apply });
  if (url === "/api/labs/rollout") return json({ lab: rollout, apply });
  if (url === "/api/labs/apply") {
    posts.push(JSON.parse(String(init?.body)));
    return json({
      ok: true,
      outcomes: [
        {
          display: "kubectl create namespace team-a",
          exitCode: 1,
          stdout: "",
          stderr: 'Error from server (AlreadyExists): namespaces "team-a" already exists',
          expect: "success",
          ok: true,
          note: "namespace already exists",
        },
        { display: "kubectl apply …", exitCode: 0, stdout: "deployment.apps/inference created", stderr: "", expect: "success", ok: true },
      ],
    });
  }
  if (url.startsWith("/api/labs/triage?")) {
    triageUrls.push(url);
    return json({
      scenario: "canary",
      items: [
        {
          id: "pair",
          title: "Two Deployments behind one Service",
          look: "…",
          command: "kubectl get deploy -n lab",
          shows: "reranker 4/4, reranker-canary 0/1",
          status: "fail",
        },
      ],
    });
  }
  return json({ error: "not here" }, 404);
}

let container: HTMLDivElement;
let root: Root;

async function render(view: RolloutsResponse, namespace = "lab") {
  await act(async () => {
    root.render(
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
        <LabOverlay namespace={namespace} view={view} />
      </SWRConfig>,
    );
  });
  // Let swr's fetches resolve and re-render.
  for (let i = 0; i < 5; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
}

function button(text: string): HTMLButtonElement {
  const b = [...container.querySelectorAll("button")].find((x) => x.textContent?.includes(text));
  if (!b) throw new Error(`no button "${text}" in: ${container.textContent}`);
  return b;
}

async function click(el: HTMLElement) {
  await act(async () => el.click());
  for (let i = 0; i < 3; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
}

const checks = () => [...container.querySelectorAll('[data-testid="lab-check"]')].map((li) => li.getAttribute("data-pass"));

beforeEach(() => {
  window.localStorage.clear();
  applyAllowed = true;
  posts.length = 0;
  pushed.length = 0;
  vi.stubGlobal("fetch", vi.fn(fakeFetch));
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

describe("LabOverlay", () => {
  it("lists labs, opens one, and shows the step's commands with the namespace filled in", async () => {
    await render(midRollout());
    await click(button(rollout.title));
    expect(container.querySelector("h3")?.textContent).toBe(rollout.steps[0].title);
    const lines = [...container.querySelectorAll('[data-testid="lab-command"] code')].map((c) => c.textContent);
    expect(lines[0]).toBe("kubectl apply -n lab -f labs/rollout/manifests/inference-v1.yaml");
    expect(lines).toContain("kubectl rollout status deployment/inference -n lab --timeout=3m");
  });

  it("forgets a remembered lab that no longer exists and shows the list", async () => {
    window.localStorage.setItem("rollscope.lab.lab.selected", "retired-lab");
    await render(midRollout());
    expect(button(rollout.title)).toBeTruthy();
    expect(window.localStorage.getItem("rollscope.lab.lab.selected")).toBe("");
  });

  it("ticks checks as the live view changes", async () => {
    window.localStorage.setItem("rollscope.lab.lab.selected", "rollout");
    window.localStorage.setItem(
      "rollscope.lab.lab.rollout",
      JSON.stringify({ step: rollingUpdate, hints: {}, solutions: [], completed: [] }),
    );
    await render(midRollout());
    expect(container.querySelector("[data-step]")?.getAttribute("data-step")).toBe("rolling-update");
    expect(checks()).toEqual(["false", "false", "false", "false"]);
    const done = completeV2();
    done.deployments[0].replicaSets[1].changeCause = "VERSION v2: retrained model";
    await render(done);
    expect(checks()).toEqual(["true", "true", "true", "false"]);
    await sendTraffic([
      {
        namespace: "lab",
        service: "inference",
        running: true,
        paused: false,
        rate: 20,
        sent: 240,
        failed: 0,
        failures: {},
        byVersion: { v1: 120, v2: 120 },
        lane: [],
        windowMs: 5000,
        observed: [{ version: "v2", count: 100, share: 1 }],
        windowFailed: 0,
      },
    ]);
    expect(checks()).toEqual(["true", "true", "true", "true"]);
    // Latched as completed in the step list and persisted for this namespace.
    expect(JSON.parse(window.localStorage.getItem("rollscope.lab.lab.rollout") ?? "{}").completed).toEqual(["rolling-update"]);
  });

  it("reveals hints on demand and keeps progress per namespace", async () => {
    window.localStorage.setItem("rollscope.lab.lab.selected", "rollout");
    await render(midRollout());
    expect(container.querySelectorAll('[data-testid="lab-hint"]')).toHaveLength(0);
    await click(button("Show a hint"));
    expect(container.querySelectorAll('[data-testid="lab-hint"]')).toHaveLength(1);
    await click(button("Next →"));
    expect(JSON.parse(window.localStorage.getItem("rollscope.lab.lab.rollout") ?? "{}")).toMatchObject({ step: 1, hints: { concepts: 1 } });
    expect(window.localStorage.getItem("rollscope.lab.other.rollout")).toBeNull();
  });

  it("Apply posts the step and namespace; disabled with the reason when the server forbids it", async () => {
    window.localStorage.setItem("rollscope.lab.team-a.selected", "rollout");
    await render(midRollout(), "team-a");
    await click(button("Apply this step"));
    expect(posts).toEqual([{ lab: "rollout", step: "concepts", namespace: "team-a", solution: false }]);
    expect(container.querySelector('[data-testid="lab-apply-result"]')?.getAttribute("data-ok")).toBe("true");
    // ✓ only on exit 0 or an existing namespace, said in words; never "✓ exit 1".
    const outcomes = [...container.querySelectorAll('[data-testid="lab-apply-outcome"]')].map(
      (o) => o.firstChild?.parentElement?.childNodes[1]?.textContent,
    );
    expect(outcomes).toEqual(["✓ namespace already exists", "✓ done"]);

    await act(async () => root.unmount());
    root = createRoot(container);
    applyAllowed = false;
    await render(midRollout(), "team-a");
    expect(button("Apply this step").disabled).toBe(true);
    expect(container.textContent).toContain("ROLLSCOPE_ALLOW_APPLY=1");
    // The command stays visible even when Apply is not allowed.
    expect([...container.querySelectorAll('[data-testid="lab-apply-command"] code')].map((c) => c.textContent)).toContain(
      "kubectl apply -n team-a -f labs/rollout/manifests/inference-v1.yaml",
    );
  });

  it("triage steps hide the fix until asked, then show the diagnosis live", async () => {
    const triage = rollout.steps.findIndex((s) => s.id === "triage-canary");
    window.localStorage.setItem("rollscope.lab.lab.selected", "rollout");
    window.localStorage.setItem("rollscope.lab.lab.rollout", JSON.stringify({ step: triage, hints: {}, solutions: [], completed: [] }));
    const crashing = midRollout();
    crashing.findings.push({
      code: "CrashLoop",
      severity: "error",
      object: { kind: "Deployment", namespace: "lab", name: "reranker-canary" },
      message: "",
      fix: "",
      evidence: [],
    });
    await render(crashing);
    expect(container.textContent).not.toContain("kubectl scale deployment/reranker-canary");
    await click(button("Show the diagnosis and fix"));
    expect(container.textContent).toContain("kubectl scale deployment/reranker-canary -n lab --replicas=0");
    const d = container.querySelector('[data-testid="lab-diagnosis"]');
    expect(d?.getAttribute("data-code")).toBe("CrashLoop");
    expect(d?.getAttribute("data-present")).toBe("true");
  });

  it("shows lib/diagnose's triage checklist for the step's scenario and objects", async () => {
    const triage = rollout.steps.findIndex((s) => s.id === "triage-canary");
    window.localStorage.setItem("rollscope.lab.lab.selected", "rollout");
    window.localStorage.setItem("rollscope.lab.lab.rollout", JSON.stringify({ step: triage, hints: {}, solutions: [], completed: [] }));
    await render(midRollout());
    expect(triageUrls.at(-1)).toBe("/api/labs/triage?scenario=canary&namespace=lab&deployment=reranker-canary&service=reranker");
    const items = [...container.querySelectorAll('[data-testid="lab-triage-item"]')];
    expect(items.map((i) => i.getAttribute("data-status"))).toEqual(["fail"]);
    expect(items[0].textContent).toContain("reranker 4/4, reranker-canary 0/1");
  });
});

describe("the first five minutes", () => {
  it("a lab picked while viewing all namespaces (default) moves to its own namespace", async () => {
    await render(response({}), "default");
    expect(container.textContent).not.toContain("kubectl create namespace default");
    await click(button(rollout.title));
    expect(pushed).toEqual(["/?namespace=rollout-lab"]);
    expect(window.localStorage.getItem("rollscope.lab.rollout-lab.selected")).toBe("rollout");
    // A lab remembered for default from an older version is not opened there.
    window.localStorage.setItem("rollscope.lab.default.selected", "rollout");
    await render(response({}), "default");
    expect(container.querySelector("[data-step]")).toBeNull();
  });

  it("step 1 says the lab's namespace is created by Apply", async () => {
    window.localStorage.setItem("rollscope.lab.rollout-lab.selected", "rollout");
    await render(response({}), "rollout-lab");
    expect(container.querySelector('[data-testid="lab-namespace"]')?.textContent).toContain(
      "This lab runs in namespace rollout-lab; Apply creates it",
    );
    expect(container.querySelector('[data-testid="lab-prerequisite"]')).toBeNull();
  });

  it("a step whose objects are missing names the step that creates them, and Apply waits", async () => {
    window.localStorage.setItem("rollscope.lab.lab.selected", "rollout");
    window.localStorage.setItem(
      "rollscope.lab.lab.rollout",
      JSON.stringify({ step: rollingUpdate, hints: {}, solutions: [], completed: [] }),
    );
    await render(response({}));
    const note = container.querySelector('[data-testid="lab-prerequisite"]');
    expect(note?.textContent).toContain("Run step 1 first: it creates deployment/inference.");
    expect(button("Apply this step").disabled).toBe(true);
    await click(button("Go to step 1"));
    expect(container.querySelector("[data-step]")?.getAttribute("data-step")).toBe("concepts");
    // With the objects there, the note goes and Apply is back.
    await render(midRollout());
    await click(container.querySelector<HTMLButtonElement>(`button[aria-label^="${rollingUpdate + 1}. "]`)!);
    expect(container.querySelector("[data-step]")?.getAttribute("data-step")).toBe("rolling-update");
    expect(container.querySelector('[data-testid="lab-prerequisite"]')).toBeNull();
    expect(button("Apply this step").disabled).toBe(false);
  });
});

describe("live diagram", () => {
  it("draws the step's Deployment pods and the Service split when the step asks for it", async () => {
    window.localStorage.setItem("rollscope.lab.lab.selected", "rollout");
    window.localStorage.setItem(
      "rollscope.lab.lab.rollout",
      JSON.stringify({ step: rollingUpdate, hints: {}, solutions: [], completed: [] }),
    );
    const v = midRollout();
    v.deployments[0].replicaSets[1].pods = [
      { uid: "b", name: "b", namespace: "lab", state: "RunningNotReady", ready: false, available: false, restarts: 0 },
    ];
    await render(v);
    const fig = container.querySelector('figure[aria-label="live diagram"]');
    expect(fig?.querySelectorAll(".lab-dot-notready")).toHaveLength(1);
    expect(fig?.textContent).toContain("3 ready endpoints: v1 67%, v2 33%");
  });
});
