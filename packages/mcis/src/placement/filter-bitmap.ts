import { Bitmap } from "./bitmap.js";
import type { FilterCondition } from "./filter.js";
import { codesWhere } from "./offer-columns.js";
import type { DictionaryColumn, OfferColumns } from "./offer-columns.js";

/**
 * The rows that pass every condition: one bitmap per condition, ANDed. A condition on a field
 * tests each distinct value once, so "any of these regions" is the OR of the regions' rows. Prices
 * compare converted: `priceOf(row)` is the price in the compared currency, NaN when unknown.
 */
export function filterBitmap(
  columns: OfferColumns,
  conditions: readonly FilterCondition[],
  priceOf: (row: number) => number,
): Bitmap {
  const bits = Bitmap.full(columns.size);
  for (const condition of conditions) bits.and(conditionBitmap(columns, condition, priceOf));
  return bits;
}

function conditionBitmap(columns: OfferColumns, condition: FilterCondition, priceOf: (row: number) => number): Bitmap {
  const n = columns.size;
  if (condition.kind === "range") {
    const { min, max } = condition;
    if (condition.metric === "pricePerHour") {
      return Bitmap.where(n, (row) => {
        const v = priceOf(row);
        return v >= min && v <= max;
      });
    }
    // NaN (unknown) fails both comparisons.
    const values = columns[condition.metric];
    return Bitmap.where(n, (row) => (values[row] as number) >= min && (values[row] as number) <= max);
  }
  const column = columns[condition.field] as DictionaryColumn<unknown>;
  const accepted = codesWhere(column, condition.accepts as (value: unknown) => boolean);
  const codes = column.codes;
  return Bitmap.where(n, (row) => accepted[codes[row] as number] === 1);
}
