/**
 * Open-stream accounting per client address: a classroom shares one server, and one tab in a
 * reload loop must not take every connection. Pure counter; the HTTP shell calls acquire/release.
 */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();
  constructor(readonly perClient: number) {}

  /** Takes a slot for `client`, or returns false when it already holds `perClient`. */
  acquire(client: string): boolean {
    const n = this.open.get(client) ?? 0;
    if (n >= this.perClient) return false;
    this.open.set(client, n + 1);
    return true;
  }

  release(client: string): void {
    const n = (this.open.get(client) ?? 0) - 1;
    if (n <= 0) this.open.delete(client);
    else this.open.set(client, n);
  }

  count(client: string): number {
    return this.open.get(client) ?? 0;
  }
}
