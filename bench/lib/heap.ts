/** Forced garbage collection without --expose-gc on the command line, for heap figures. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gcFn = runInNewContext("gc") as () => void;

/** heapUsed after a full collection, in bytes. */
export function settledHeap(): number {
  gcFn();
  gcFn();
  return process.memoryUsage().heapUsed;
}
