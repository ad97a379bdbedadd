import { Bitmap } from "./bitmap.js";
import type { FilterCondition } from "./filter.js";
import { codesWhere } from "./offer-columns.js";
import type { Codes, DictionaryColumn, OfferColumns } from "./offer-columns.js";

/**
 * The rows that pass every condition. Each condition narrows the rows still in, a word at a time,
 * and testing only their bits: later conditions see fewer rows. A condition on a field, or a range
 * on a figure with few distinct values, tests each distinct value once, then rows by code. Prices compare converted: `rates[code]` is the factor from
 * a row's currency to the compared one (NaN: no rate, or no price).
 */
export function filterBitmap(
  columns: OfferColumns,
  conditions: readonly FilterCondition[],
  rates: Float64Array,
): Bitmap {
  const bits = Bitmap.full(columns.size);
  for (const condition of conditions) {
    if (condition.kind === "range") {
      const { min, max } = condition;
      if (condition.metric === "pricePerHour") {
        keepPricesWithin(bits.words, columns.perHour, columns.currency.codes, rates, min, max);
        continue;
      }
      const leveled = columns.levels[condition.metric];
      if (leveled) {
        // NaN (unknown) fails both comparisons.
        const accepted = Uint8Array.from(leveled.values, (v) => (v >= min && v <= max ? 1 : 0));
        if (!accepted.every((a) => a === 1)) keepCodes(bits.words, leveled.codes, accepted);
      } else keepWithin(bits.words, columns[condition.metric], min, max);
    } else {
      const column = columns[condition.field] as DictionaryColumn<unknown>;
      const accepted = codesWhere(column, condition.accepts as (value: unknown) => boolean);
      // A condition every value passes (every architecture there is, say) costs nothing.
      if (!accepted.every((a) => a === 1)) keepCodes(bits.words, column.codes, accepted);
    }
  }
  return bits;
}

// Three loops, one per kind of test, so that each stays monomorphic (no callback per row).

const full = 0xffffffff;

/** Keeps rows whose value is within [min, max]; NaN (unknown) fails both comparisons. */
function keepWithin(words: Uint32Array, values: Float64Array, min: number, max: number): void {
  for (let w = 0; w < words.length; w++) {
    let word = words[w] as number;
    if (word === 0) continue;
    let kept = word;
    const base = w << 5;
    if (word === full) {
      // Every row of the word still in (the first condition): a straight loop is faster.
      kept = 0;
      for (let b = 0; b < 32; b++) {
        const v = values[base + b] as number;
        // Branch-free: values of a column come in no order, so a branch would be mispredicted.
        kept |= (+(v >= min) & +(v <= max)) << b;
      }
    } else {
      while (word !== 0) {
        const low = word & -word;
        const v = values[base + 31 - Math.clz32(low)] as number;
        if (!(v >= min && v <= max)) kept &= ~low;
        word ^= low;
      }
    }
    words[w] = kept >>> 0;
  }
}

function keepPricesWithin(
  words: Uint32Array,
  perHour: Float64Array,
  currency: Codes,
  rates: Float64Array,
  min: number,
  max: number,
): void {
  for (let w = 0; w < words.length; w++) {
    let word = words[w] as number;
    if (word === 0) continue;
    let kept = word;
    const base = w << 5;
    while (word !== 0) {
      const low = word & -word;
      const row = base + 31 - Math.clz32(low);
      const v = (perHour[row] as number) * (rates[currency[row] as number] as number);
      if (!(v >= min && v <= max)) kept &= ~low;
      word ^= low;
    }
    words[w] = kept >>> 0;
  }
}

function keepCodes(words: Uint32Array, codes: Codes, accepted: Uint8Array): void {
  for (let w = 0; w < words.length; w++) {
    let word = words[w] as number;
    if (word === 0) continue;
    let kept = word;
    const base = w << 5;
    if (word === full) {
      kept = 0;
      for (let b = 0; b < 32; b++) kept |= (accepted[codes[base + b] as number] as number) << b;
    } else {
      while (word !== 0) {
        const low = word & -word;
        if (accepted[codes[base + 31 - Math.clz32(low)] as number] !== 1) kept &= ~low;
        word ^= low;
      }
    }
    words[w] = kept >>> 0;
  }
}
