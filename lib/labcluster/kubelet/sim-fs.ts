import { posix } from "node:path";

/** Whose tools the image ships: their error messages differ (exec probe output shows them). */
export type Userland = "gnu" | "busybox";

/**
 * A container's simulated filesystem: just the set of files its script created. It starts empty
 * on every container start, as a real container's writable layer does.
 */
export class SimFs {
  private readonly files = new Map<string, number>();

  constructor(
    private readonly cwd = "/",
    readonly userland: Userland = "gnu",
  ) {}

  /** Absolute, normalised path; relative paths resolve against the working directory. */
  resolve(p: string): string {
    const abs = posix.normalize(p.startsWith("/") ? p : posix.join(this.cwd, p));
    return abs.length > 1 ? abs.replace(/\/+$/, "") : abs;
  }

  touch(p: string): void {
    const k = this.resolve(p);
    if (!this.files.has(k)) this.files.set(k, 0);
  }

  write(p: string, bytes: number): void {
    const k = this.resolve(p);
    this.files.set(k, (this.files.get(k) ?? 0) + bytes);
  }

  /** Removes a file; false when it did not exist. */
  remove(p: string): boolean {
    return this.files.delete(this.resolve(p));
  }

  isFile(p: string): boolean {
    return this.files.has(this.resolve(p));
  }

  size(p: string): number {
    return this.files.get(this.resolve(p)) ?? 0;
  }

  /** Directories are not tracked; a path is a directory if a file lives under it or the image surely has it. */
  isDir(p: string): boolean {
    const k = this.resolve(p);
    if (IMAGE_DIRS.has(k)) return true;
    const prefix = k === "/" ? "/" : k + "/";
    for (const f of this.files.keys()) if (f.startsWith(prefix)) return true;
    return false;
  }

  exists(p: string): boolean {
    return this.isFile(p) || this.isDir(p);
  }

  list(): string[] {
    return [...this.files.keys()].sort();
  }
}

const IMAGE_DIRS = new Set(["/", "/tmp", "/etc", "/var", "/usr", "/bin", "/dev", "/proc", "/root", "/home", "/opt", "/run"]);
