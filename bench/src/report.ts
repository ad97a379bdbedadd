/** One benchmark result: `value` and its `baseline` are measured in the same run; `ratio = value / baseline`. */
export interface BenchLine {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  /** The goal, in plain words naming the field it applies to (e.g. "ratio <= 1.1"). */
  goal?: string;
}

/** Prints one result as a JSON line on stdout (the format every benchmark shares). */
export function report(line: BenchLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** The median of some repeated measurements (noisy machines: never trust a single run). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}
