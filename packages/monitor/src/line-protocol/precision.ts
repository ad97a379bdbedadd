import { invalidArgument } from "@cloud-barista/core";

/** Timestamp precisions InfluxDB v1's `/write` accepts (`m` is minutes, `h` hours). */
export type Precision = "ns" | "n" | "us" | "u" | "ms" | "s" | "m" | "h";

const nanosPer: Readonly<Record<Precision, bigint>> = {
  ns: 1n,
  n: 1n,
  us: 1_000n,
  u: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Nanoseconds in one unit of `precision`; the error names `field` when it is not one. */
export function nanosPerUnit(precision: string | undefined, field = "precision"): bigint {
  if (precision === undefined || precision === "") return 1n;
  if (!Object.hasOwn(nanosPer, precision)) {
    throw invalidArgument(field, "precision", `must be one of ${Object.keys(nanosPer).join(", ")}, got "${precision}"`);
  }
  return nanosPer[precision as Precision];
}
