import type { Reporter } from "./report.js";

/** How much of a part to run. */
export interface PartOptions {
  /** A shortened run, for the normal test suite (seconds, not minutes). */
  quick: boolean;
}

/** The totals every part returns (and writes in its `summary` line). */
export interface PartResult {
  /** Cases (attacks) run. */
  cases: number;
  /** Cases where the SDK did not hold. */
  failures: number;
}

/**
 * One part of the chaos suite: a file of its own under src/ (with a folder of the same name for
 * its pieces) that attacks the SDK one way and writes its figures through the shared reporter.
 */
export interface ChaosPart {
  name: string;
  description: string;
  run(options: PartOptions, reporter: Reporter): Promise<PartResult>;
}
