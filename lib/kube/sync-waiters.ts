/** Promises that resolve once the hub has synced (every primary kind answered), or after a timeout. */
export interface SyncWaiters {
  wait(synced: boolean, timeoutMs: number): Promise<void>;
  /** Resolves every waiting promise (call when synced). */
  release(): void;
}

export function createSyncWaiters(): SyncWaiters {
  let waiters: (() => void)[] = [];
  return {
    wait(synced, timeoutMs) {
      if (synced) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
    release() {
      const due = waiters;
      waiters = [];
      due.forEach((w) => w());
    },
  };
}
