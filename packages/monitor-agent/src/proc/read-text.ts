import { readFile } from "node:fs/promises";

/**
 * A /proc or /sys file's text, or undefined when the file is absent (cpufreq on most VMs, swap
 * counters in some containers): a missing source omits its measurement, it does not fail the sample.
 */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ESRCH") return undefined;
    throw error;
  }
}

/** Whitespace-separated columns of a line. */
export function columns(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** A decimal counter as an exact 64-bit integer, or undefined when the text is not one. */
export function counterValue(text: string | undefined): bigint | undefined {
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : undefined;
}
