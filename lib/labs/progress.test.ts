import { describe, expect, it } from "vitest";
import { parseBlocks, parseInline } from "./markdown";
import { EMPTY_PROGRESS, parseProgress, progressKey, progressReducer, selectedLabKey } from "./progress";

describe("progressReducer", () => {
  it("clamps goto to the lab's steps", () => {
    expect(progressReducer(EMPTY_PROGRESS, { type: "goto", step: 9, steps: 3 }).step).toBe(2);
    expect(progressReducer(EMPTY_PROGRESS, { type: "goto", step: -1, steps: 3 }).step).toBe(0);
  });
  it("reveals hints one at a time, up to the number available", () => {
    let p = EMPTY_PROGRESS;
    for (let i = 0; i < 4; i++) p = progressReducer(p, { type: "hint", stepId: "a", available: 2 });
    expect(p.hints).toEqual({ a: 2 });
  });
  it("records solutions and completions once", () => {
    let p = progressReducer(EMPTY_PROGRESS, { type: "completed", stepId: "a" });
    p = progressReducer(p, { type: "completed", stepId: "a" });
    p = progressReducer(p, { type: "solution", stepId: "t" });
    expect(p).toMatchObject({ completed: ["a"], solutions: ["t"] });
    expect(progressReducer(p, { type: "reset" })).toEqual(EMPTY_PROGRESS);
  });
});

describe("stored progress", () => {
  it("keys per namespace and lab", () => {
    expect(progressKey("team-a", "rollout")).toBe("rollscope.lab.team-a.rollout");
    expect(progressKey("team-b", "rollout")).not.toBe(progressKey("team-a", "rollout"));
    expect(selectedLabKey("team-a")).toBe("rollscope.lab.team-a.selected");
  });
  it("parses what it wrote and drops malformed parts", () => {
    const p = { step: 3, hints: { a: 1 }, solutions: ["t"], completed: ["a", "b"] };
    expect(parseProgress(JSON.stringify(p))).toEqual(p);
    expect(parseProgress('{"step":"x","hints":{"a":"2"},"solutions":[1,"s"]}')).toEqual({
      step: 0,
      hints: {},
      solutions: ["s"],
      completed: [],
    });
    expect(parseProgress("not json")).toEqual(EMPTY_PROGRESS);
    expect(parseProgress(null)).toEqual(EMPTY_PROGRESS);
  });
});

describe("markdown-ish", () => {
  it("parses inline code and bold", () => {
    expect(parseInline("run `kubectl get` **now** please")).toEqual([
      { kind: "text", text: "run " },
      { kind: "code", text: "kubectl get" },
      { kind: "text", text: " " },
      { kind: "bold", text: "now" },
      { kind: "text", text: " please" },
    ]);
  });
  it("splits paragraphs and bullet lists", () => {
    const b = parseBlocks("One\nline two.\n\n- a\n- `b`\n\nEnd.");
    expect(b).toEqual([
      { kind: "paragraph", inline: [{ kind: "text", text: "One line two." }] },
      { kind: "list", items: [[{ kind: "text", text: "a" }], [{ kind: "code", text: "b" }]] },
      { kind: "paragraph", inline: [{ kind: "text", text: "End." }] },
    ]);
  });
});
