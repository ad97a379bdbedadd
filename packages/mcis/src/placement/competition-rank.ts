import type { Bitmap } from "./bitmap.js";
import type { CriterionAccess } from "./criterion-access.js";

/**
 * Per chosen row, its competition rank on one criterion: 1 + how many eligible rows have a
 * strictly better value (undefined when its value is unknown). Rows sharing few values count by
 * value (betterThan); with a cursor, rows are read best first only as far as the worst chosen
 * value; without either, every eligible row is compared.
 */
export function competitionRanks(
  access: CriterionAccess,
  better: "lower" | "higher",
  eligible: Bitmap,
  chosen: readonly number[],
): (number | undefined)[] {
  const sign = better === "lower" ? 1 : -1;
  const betterThan = access.betterThan;
  if (betterThan) {
    return chosen.map((row) => {
      const v = access.value(row);
      return Number.isNaN(v) ? undefined : 1 + betterThan(v);
    });
  }
  const wanted = Float64Array.from(
    chosen.filter((row) => !Number.isNaN(access.value(row))),
    (row) => sign * access.value(row),
  ).sort();
  const rankOf = access.cursor ? readRanks(access, sign, wanted) : countRanks(access, sign, eligible, wanted);
  return chosen.map((row) => {
    const v = access.value(row);
    return Number.isNaN(v) ? undefined : rankOf.get(sign * v);
  });
}

/** Reads rows best first: when a row reaches a wanted key, the rows before it are all strictly better. */
function readRanks(access: CriterionAccess, sign: number, wanted: Float64Array): Map<number, number> {
  const rankOf = new Map<number, number>();
  if (wanted.length === 0) return rankOf;
  const cursor = (access.cursor as NonNullable<CriterionAccess["cursor"]>)();
  let before = 0;
  let j = 0;
  for (let row = cursor.next(); row >= 0; row = cursor.next()) {
    const key = sign * access.value(row);
    while (j < wanted.length && (wanted[j] as number) <= key) rankOf.set(wanted[j++] as number, before + 1);
    if (j === wanted.length) return rankOf;
    before++;
  }
  while (j < wanted.length) rankOf.set(wanted[j++] as number, before + 1);
  return rankOf;
}

/**
 * One pass over the eligible rows, O(n log k): each row adds one to every wanted key above it,
 * found by binary search, recorded in a difference array, then summed.
 */
function countRanks(
  access: CriterionAccess,
  sign: number,
  eligible: Bitmap,
  wanted: Float64Array,
): Map<number, number> {
  const k = wanted.length;
  const rankOf = new Map<number, number>();
  if (k === 0) return rankOf;
  const starts = new Int32Array(k + 1);
  const top = wanted[k - 1] as number;
  eligible.forEach((row) => {
    const x = sign * access.value(row);
    // NaN (unknown) fails this test too.
    if (!(x < top)) return;
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((wanted[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    starts[lo] = (starts[lo] as number) + 1;
  });
  let running = 0;
  for (let j = 0; j < k; j++) {
    running += starts[j] as number;
    if (!rankOf.has(wanted[j] as number)) rankOf.set(wanted[j] as number, running + 1);
  }
  return rankOf;
}
