import type { GeoLocation } from "@cloud-barista/core";
import type { Offer, OfferImage } from "./offer.js";

/**
 * A column of values drawn from few distinct ones: each row holds a code, `values[code]` the value.
 * Filters then test each distinct value once and rows by code.
 */
export interface DictionaryColumn<T> {
  readonly codes: Codes;
  readonly values: readonly T[];
}

/** Codes in the narrowest array that holds them: a filter pass over 1M rows reads 1 MB, not 4. */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/** The numeric figures a range filter can test, besides the price. */
export type LeveledMetric = "vcpus" | "memoryGiB" | "diskGB" | "gpuCount" | "gpuMemoryGB" | "performance";

/**
 * The offers of a catalog as columns, row i being `offers[i]`: one typed array per numeric figure
 * (NaN where unknown) and dictionary-encoded strings and shared objects. Built once per catalog.
 */
export interface OfferColumns {
  readonly offers: readonly Offer[];
  readonly size: number;
  readonly vcpus: Float64Array;
  readonly memoryGiB: Float64Array;
  readonly diskGB: Float64Array;
  readonly gpuCount: Float64Array;
  readonly gpuMemoryGB: Float64Array;
  /** The price as listed, in `currency`; NaN without a price. */
  readonly perHour: Float64Array;
  readonly performance: Float64Array;
  readonly provider: DictionaryColumn<string>;
  readonly region: DictionaryColumn<string>;
  readonly zone: DictionaryColumn<string | undefined>;
  readonly connection: DictionaryColumn<string>;
  readonly architecture: DictionaryColumn<string>;
  readonly gpuModel: DictionaryColumn<string | undefined>;
  /** Undefined for offers without a price. */
  readonly currency: DictionaryColumn<string | undefined>;
  /** By identity: offers of one connection and architecture share their image list. */
  readonly images: DictionaryColumn<readonly OfferImage[]>;
  /** By identity: offers of one region share their location object. */
  readonly location: DictionaryColumn<GeoLocation | undefined>;
  /**
   * The figures with at most 256 distinct values (vCPUs, memory, GPUs: a catalog has a few dozen)
   * also as one-byte codes, which range filters read instead of the 8-byte values.
   */
  readonly levels: { readonly [M in LeveledMetric]?: DictionaryColumn<number> };
}

export function offerColumns(offers: readonly Offer[]): OfferColumns {
  const n = offers.length;
  const numeric = (read: (o: Offer) => number | undefined): Float64Array => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = read(offers[i] as Offer) ?? Number.NaN;
    return column;
  };
  const figures = {
    vcpus: numeric((o) => o.vcpus),
    memoryGiB: numeric((o) => o.memoryGiB),
    diskGB: numeric((o) => o.diskGB),
    gpuCount: numeric((o) => o.gpuCount),
    gpuMemoryGB: numeric((o) => o.gpuMemoryGB),
    performance: numeric((o) => o.performance),
  };
  const levels: { [M in LeveledMetric]?: DictionaryColumn<number> } = {};
  for (const metric of Object.keys(figures) as LeveledMetric[]) {
    const leveled = fewLevels(figures[metric], 256);
    if (leveled) levels[metric] = leveled;
  }
  return {
    offers,
    size: n,
    ...figures,
    perHour: numeric((o) => o.price?.perHour),
    levels,
    provider: dictionary(offers, (o) => o.provider),
    region: dictionary(offers, (o) => o.region),
    zone: dictionary(offers, (o) => o.zone),
    connection: dictionary(offers, (o) => o.connection),
    architecture: dictionary(offers, (o) => o.architecture),
    gpuModel: dictionary(offers, (o) => o.gpuModel),
    currency: dictionary(offers, (o) => o.price?.currency),
    images: dictionary(offers, (o) => o.images),
    location: dictionary(offers, (o) => o.location),
  };
}

/** Encodes one field; values are compared by identity (strings by content). */
export function dictionary<T>(offers: readonly Offer[], read: (o: Offer) => T): DictionaryColumn<T> {
  const codes = new Uint32Array(offers.length);
  const values: T[] = [];
  const seen = new Map<T, number>();
  // Catalogs list a connection's offers together: most rows repeat the previous row's value.
  let last: T | undefined;
  let lastCode = -1;
  for (let i = 0; i < offers.length; i++) {
    const value = read(offers[i] as Offer);
    if (lastCode < 0 || value !== last) {
      let code = seen.get(value);
      if (code === undefined) {
        code = values.length;
        values.push(value);
        seen.set(value, code);
      }
      last = value;
      lastCode = code;
    }
    codes[i] = lastCode;
  }
  return { codes: narrowed(codes, values.length), values };
}

/** The codes copied into the narrowest array for `count` codes. */
export function narrowed(codes: Uint32Array, count: number): Codes {
  if (count <= 0x100) return Uint8Array.from(codes);
  if (count <= 0x10000) return Uint16Array.from(codes);
  return codes;
}

/** A numeric column as a dictionary when it has at most `max` distinct values (NaN is one). */
function fewLevels(column: Float64Array, max: number): DictionaryColumn<number> | undefined {
  const codes = new Uint8Array(column.length);
  const values: number[] = [];
  // Map keys compare by SameValueZero: every NaN is one key, 0 and -0 one (they compare alike).
  const seen = new Map<number, number>();
  let last = Number.NaN;
  let lastCode = -1;
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    if (lastCode < 0 || !Object.is(value, last)) {
      let code = seen.get(value);
      if (code === undefined) {
        if (values.length === max) return undefined;
        code = values.length;
        values.push(value);
        seen.set(value, code);
      }
      last = value;
      lastCode = code;
    }
    codes[i] = lastCode;
  }
  return { codes, values };
}

/** Per code, whether `test` accepts the value: a filter tests each distinct value once. */
export function codesWhere<T>(column: DictionaryColumn<T>, test: (value: T) => boolean): Uint8Array {
  return Uint8Array.from(column.values, (v) => (test(v) ? 1 : 0));
}
