import { expect, it } from "vitest";
import { createBackoff } from "./backoff";

it("doubles up to the cap and starts over after a reset", () => {
  const b = createBackoff(100, 500);
  expect([b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500]);
  b.reset();
  expect(b.next()).toBe(100);
});
