/**
 * One line of a chaos run, printed as JSON: the part that wrote it and its figures. Every part
 * writes at least one `summary` line (its totals, with `failures`); other lines are details
 * (per target, per failure).
 */
export interface ChaosLine {
  part: string;
  [figure: string]: unknown;
}

/** Where parts write their lines: every part of the suite shares this one format. */
export interface Reporter {
  line(line: ChaosLine): void;
}

/** Prints each line as one JSON line (stdout by default), for `scripts/run chaos`. */
export function jsonLinesReporter(write: (text: string) => void = (text) => process.stdout.write(text)): Reporter {
  return { line: (line) => write(`${JSON.stringify(line)}\n`) };
}

/** Keeps the lines, for tests. */
export function collectingReporter(): Reporter & { lines: ChaosLine[] } {
  const lines: ChaosLine[] = [];
  return { lines, line: (line) => void lines.push(line) };
}
