import { readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { BaristaError } from "@cloud-barista/core";

const openHere = new Set<string>();

/**
 * Claims a store directory for this store: one store per directory, in this process and across
 * processes (a LOCK file with the owner's pid; a pid no longer alive, as after kill -9, frees it).
 * Returns the release function.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const path = resolve(dir);
  const lockFile = join(path, "LOCK");
  if (openHere.has(path)) throw busy(path, "this process");
  let owner = NaN;
  try {
    owner = Number((await readFile(lockFile, "utf8")).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) throw busy(path, `process ${owner}`);
  openHere.add(path);
  await writeFile(lockFile, `${process.pid}\n`);
  return async () => {
    openHere.delete(path);
    await rm(lockFile, { force: true });
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function busy(path: string, holder: string): BaristaError {
  return new BaristaError("Conflict", `the monitor store in ${path} is open in ${holder}`, { rule: "locked" });
}
