import { describe, expect, it } from "vitest";
import { fitZoom } from "./fitZoom";
import { nextPanel } from "./presentKeys";

describe("fitZoom", () => {
  const m = {
    availHeight: 600,
    availWidth: 900,
    fixedHeight: 120,
    bodiesHeight: 240,
    widestBody: 300,
  };
  it("grows the glyphs until the bodies fill the height left after the headers", () => {
    expect(fitZoom(m, 0.6, 3)).toBe(2);
  });
  it("never draws a glyph row wider than the box", () => {
    expect(fitZoom({ ...m, widestBody: 600 }, 0.6, 3)).toBe(1.5);
  });
  it("stays within [min, max]", () => {
    expect(fitZoom({ ...m, bodiesHeight: 10 }, 0.6, 2.4)).toBe(2.4);
    expect(fitZoom({ ...m, availHeight: 100 }, 0.6, 2.4)).toBe(0.6);
    expect(fitZoom({ ...m, bodiesHeight: 0, widestBody: 0 }, 0.6, 2.4)).toBe(2.4);
  });
});

describe("nextPanel", () => {
  it("toggles a panel with its key and closes it with Escape", () => {
    expect(nextPanel(null, "h")).toBe("history");
    expect(nextPanel("history", "h")).toBeNull();
    expect(nextPanel("history", "F")).toBe("findings");
    expect(nextPanel(null, "?")).toBe("keys");
    expect(nextPanel("details", "Escape")).toBeNull();
  });
  it("leaves other keys to the rest of the page", () => {
    expect(nextPanel(null, "Escape")).toBeUndefined();
    expect(nextPanel(null, " ")).toBeUndefined();
    expect(nextPanel("details", "ArrowRight")).toBeUndefined();
  });
});
