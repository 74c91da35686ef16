/**
 * Wall-clock milliseconds with sub-millisecond resolution. The bench process, the lab-cluster
 * driver and Chromium all read the same system clock, so stamps taken in one are comparable with
 * receipts taken in another (Date.now() alone has 1 ms steps).
 */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}
