import type { Bitmap } from "./bitmap.js";
import type { CriterionAccess } from "./criterion-access.js";
import type { RowScorer, Candidate } from "./row-score.js";
import { thresholdTopK } from "./threshold-top-k.js";
import { topK } from "./top-k.js";

/**
 * The best `limit` eligible rows in ranking order (every one when `limit` is undefined), scoring
 * as few rows as the criteria allow:
 * - weighted, every weighted criterion with a cursor: the threshold algorithm;
 * - lexicographic, the first criterion with a cursor: its rows best first, until k rows and the
 *   whole group tied with the k-th on that criterion are in; the rest of the order sorts those;
 * - otherwise every eligible row is scored and a bounded heap keeps the best (a scan).
 */
export function selectRows(
  limit: number | undefined,
  matched: number,
  eligible: Bitmap,
  access: readonly CriterionAccess[],
  scorer: RowScorer,
  weighted: boolean,
): Candidate[] {
  if (limit === undefined || limit >= matched) return scan(matched, eligible, scorer);
  if (weighted) {
    const summed = access.filter((_, c) => (scorer.shares[c] as number) > 0);
    if (summed.length > 0 && summed.every((a) => a.cursor)) return thresholdTopK(limit, eligible, access, scorer);
  } else if (access[0]?.cursor) {
    return firstCriterionTopK(limit, eligible, access[0], scorer);
  }
  return scan(limit, eligible, scorer);
}

function scan(limit: number, eligible: Bitmap, scorer: RowScorer): Candidate[] {
  const all: Candidate[] = [];
  eligible.forEach((row) => all.push(scorer.candidate(row)));
  return topK(all, limit, scorer.compare);
}

function firstCriterionTopK(k: number, eligible: Bitmap, first: CriterionAccess, scorer: RowScorer): Candidate[] {
  const cursor = (first.cursor as NonNullable<CriterionAccess["cursor"]>)();
  const group: Candidate[] = [];
  let lastKey = Number.NaN;
  let exhausted = true;
  for (let row = cursor.next(); row >= 0; row = cursor.next()) {
    const candidate = scorer.candidate(row);
    const key = candidate.keys[0] as number;
    if (group.length >= k && key !== lastKey) {
      exhausted = false;
      break;
    }
    group.push(candidate);
    lastKey = key;
  }
  // Rows whose first value is unknown come last (key +Infinity), after every known value.
  if (exhausted && (group.length < k || lastKey === Infinity)) {
    eligible.forEach((row) => {
      if (Number.isNaN(first.value(row))) group.push(scorer.candidate(row));
    });
  }
  return topK(group, k, scorer.compare);
}
