// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handoverSeries } from "@/lib/timeline/handover";
import { parseRecording } from "@/lib/timeline/recording";
import { handoverSvg } from "./handoverSvg";

const events = parseRecording(readFileSync(join(import.meta.dirname, "..", "..", "recordings", "canary.ndjson"), "utf8")).events;
const stable = handoverSeries(events, "lab-canary", "inference-stable")!;

describe("handoverSvg", () => {
  it("is a well-formed standalone SVG: two bands per revision, the envelope, one tick per action, no theme variables", () => {
    const svg = handoverSvg(stable);
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    expect([...doc.querySelectorAll("path[data-revision]")].map((p) => p.getAttribute("data-revision"))).toEqual(["1", "1", "2", "2"]);
    expect(svg).toContain("max 12 pods");
    expect(svg).toContain("min 9 available");
    expect(doc.querySelectorAll("path > title")).toHaveLength(stable.marks.length);
    expect(svg).not.toContain("var(--");
    expect(doc.documentElement.getAttribute("aria-label")).toContain("revision 2: 9 ready");
  });

  it("escapes hostile names", () => {
    const svg = handoverSvg({ ...stable, name: "x<script>alert(1)</script>" });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("x&lt;script&gt;");
  });
});
