import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Heap in use after a full collection (the flag is set at run time, so `node` needs no option). */
export function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
