import type { GeoLocation } from "@cloud-barista/core";
import type { Offer, OfferImage } from "./offer.js";

/**
 * A column of values drawn from few distinct ones: each row holds a code, `values[code]` the value.
 * Filters then test each distinct value once and rows by code.
 */
export interface DictionaryColumn<T> {
  readonly codes: Uint32Array;
  readonly values: readonly T[];
}

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
}

export function offerColumns(offers: readonly Offer[]): OfferColumns {
  const n = offers.length;
  const numeric = (read: (o: Offer) => number | undefined): Float64Array => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = read(offers[i] as Offer) ?? Number.NaN;
    return column;
  };
  return {
    offers,
    size: n,
    vcpus: numeric((o) => o.vcpus),
    memoryGiB: numeric((o) => o.memoryGiB),
    diskGB: numeric((o) => o.diskGB),
    gpuCount: numeric((o) => o.gpuCount),
    gpuMemoryGB: numeric((o) => o.gpuMemoryGB),
    perHour: numeric((o) => o.price?.perHour),
    performance: numeric((o) => o.performance),
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
  return { codes, values };
}

/** Per code, whether `test` accepts the value: a filter tests each distinct value once. */
export function codesWhere<T>(column: DictionaryColumn<T>, test: (value: T) => boolean): Uint8Array {
  return Uint8Array.from(column.values, (v) => (test(v) ? 1 : 0));
}
