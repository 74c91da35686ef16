import { expect, it } from "vitest";
import { createSyncWaiters } from "./sync-waiters";

it("resolves at once when synced, else on release (or the timeout)", async () => {
  const w = createSyncWaiters();
  await w.wait(true, 60_000);
  let done = false;
  const p = w.wait(false, 60_000).then(() => (done = true));
  await Promise.resolve();
  expect(done).toBe(false);
  w.release();
  await p;
  expect(done).toBe(true);
  await w.wait(false, 1);
});
