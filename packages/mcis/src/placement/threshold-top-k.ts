import { Bitmap } from "./bitmap.js";
import type { CriterionAccess, Cursor } from "./criterion-access.js";
import { RowScorer } from "./row-score.js";
import type { Candidate } from "./row-score.js";
import { BoundedHeap } from "./top-k.js";

/**
 * The k best rows under a weighted sum, by Fagin's threshold algorithm: read each weighted
 * criterion's rows best first, in turn; score every row met (its other values are a lookup); stop
 * once the k-th best score beats the best score a row not yet met could reach, the sum of the
 * scores at each cursor's position. Each term is monotone along its cursor and floating-point
 * sums and rounding are monotone, so the bound holds exactly. Equal scores go on to tie-breaks
 * that a bound cannot see, so the k-th must beat the bound strictly.
 *
 * Every criterion with a weight needs a cursor. Rows unknown on every weighted criterion score 0
 * and are met only when the cursors run out.
 */
export function thresholdTopK(
  k: number,
  eligible: Bitmap,
  access: readonly CriterionAccess[],
  scorer: RowScorer,
): Candidate[] {
  const heap = new BoundedHeap(k, scorer.compare);
  const seen = new Bitmap(eligible.size);
  const meet = (row: number): void => {
    if (seen.has(row)) return;
    seen.add(row);
    // Most rows met score below the k-th: skip building them.
    const total = scorer.total(row);
    if (heap.full && total < (heap.worst as Candidate).total) return;
    heap.offer(scorer.candidate(row, total));
  };
  const weighted: number[] = [];
  const cursors: (Cursor | undefined)[] = [];
  access.forEach((a, c) => {
    if ((scorer.shares[c] as number) === 0) return;
    weighted.push(c);
    cursors.push((a.cursor as () => Cursor)());
  });
  // Per weighted criterion, the term of the last value read: no unseen row has a larger one.
  const bounds = new Float64Array(weighted.length);
  for (;;) {
    let reading = false;
    weighted.forEach((c, i) => {
      const cursor = cursors[i];
      if (!cursor) return;
      const row = cursor.next();
      if (row < 0) {
        cursors[i] = undefined;
        bounds[i] = 0;
        return;
      }
      reading = true;
      bounds[i] = scorer.term(c, (access[c] as CriterionAccess).value(row));
      meet(row);
    });
    if (!reading) break;
    let bound = 0;
    for (const term of bounds) bound += term;
    if (heap.full && (heap.worst as Candidate).total > RowScorer.round(bound)) return heap.sorted();
  }
  // Every row with a known weighted value was met; the rest score 0.
  if (!heap.full || (heap.worst as Candidate).total <= 0) eligible.forEach(meet);
  return heap.sorted();
}
