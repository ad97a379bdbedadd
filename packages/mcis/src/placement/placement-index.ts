import type { GeoLocation, ProviderName } from "@cloud-barista/core";
import { narrowed, offerColumns } from "./offer-columns.js";
import type { Codes, OfferColumns } from "./offer-columns.js";
import type { Offer } from "./offer.js";

/** Rows sorted by one figure, best first: rows[start..end) of one group (a currency). */
export interface SortedRun {
  readonly rows: Int32Array;
  /** The currency code of a price run; 0 otherwise. */
  readonly key: number;
}

/** Rows grouped by place: rows[start[p]..start[p + 1]) are the rows of place p, in row order. */
export interface PlaceGroups {
  /** Per row, its place: provider, region and location object together fix latency and distance. */
  readonly codes: Codes;
  readonly count: number;
  readonly start: Int32Array;
  readonly rows: Int32Array;
}

/**
 * What ranking needs of a catalog, computed once per catalog snapshot: the offers as columns,
 * rows sorted by price (per currency) and by performance, and rows grouped by place. Figures that
 * depend on a request (converted prices, distances to a point, seeded draws) are not here.
 */
export interface PlacementIndex {
  readonly columns: OfferColumns;
  /** Per currency with priced rows, those rows cheapest first. */
  readonly priceRuns: readonly SortedRun[];
  /** Rows with a performance score, highest first. */
  readonly performanceRun: SortedRun;
  readonly places: PlaceGroups;
  /** Coordinates of the first offer of the catalog in that region (and provider) that has any. */
  readonly regionLocation: (region: string, provider: ProviderName | undefined) => GeoLocation | undefined;
}

/** An index, and for an array that can change, a copy of the slots it was built from. */
const indexes = new WeakMap<readonly Offer[], { index: PlacementIndex; offers: readonly Offer[] | undefined }>();

/**
 * The index of a catalog's offers, built on first use and kept while the array lives. A catalog is
 * a snapshot: a new load is a new array, which gets its own index. A frozen array (a catalog's
 * offers are) cannot change, so its index is reused as it is; an array that is not frozen is
 * compared slot by slot with a copy on every use (O(n)), and indexed anew when an offer was added,
 * removed or replaced in place.
 */
export function placementIndex(offers: readonly Offer[]): PlacementIndex {
  const cached = indexes.get(offers);
  if (cached && (cached.offers === undefined || sameOffers(cached.offers, offers))) return cached.index;
  const index = buildPlacementIndex(offers);
  indexes.set(offers, { index, offers: Object.isFrozen(offers) ? undefined : [...offers] });
  return index;
}

function sameOffers(a: readonly Offer[], b: readonly Offer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Builds an index without caching it: O(n log n) for the two sorts. */
export function buildPlacementIndex(offers: readonly Offer[]): PlacementIndex {
  const columns = offerColumns(offers);
  const places = placeGroups(columns);
  const byRegion = new Map<string, GeoLocation>();
  for (const o of offers) {
    if (!o.location) continue;
    for (const key of [`*\u0000${o.region}`, `${o.provider}\u0000${o.region}`])
      if (!byRegion.has(key)) byRegion.set(key, o.location);
  }
  return {
    columns,
    priceRuns: priceRuns(columns),
    performanceRun: { rows: sortedRows(columns.performance, -1), key: 0 },
    places,
    regionLocation: (region, provider) => byRegion.get(`${provider ?? "*"}\u0000${region}`),
  };
}

function priceRuns(columns: OfferColumns): SortedRun[] {
  const { perHour, currency } = columns;
  return currency.values.flatMap((value, code): SortedRun[] => {
    if (value === undefined) return [];
    const rows = sortedRows(perHour, 1, (row) => currency.codes[row] === code);
    return rows.length === 0 ? [] : [{ rows, key: code }];
  });
}

/** Rows whose value is known (and that `keep` accepts), sorted by `sign * value`, then by row. */
function sortedRows(values: Float64Array, sign: 1 | -1, keep: (row: number) => boolean = () => true): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < values.length; row++) if (!Number.isNaN(values[row]) && keep(row)) rows.push(row);
  const sorted = Int32Array.from(rows);
  return sorted.sort((a, b) => sign * ((values[a] as number) - (values[b] as number)) || a - b);
}

function placeGroups(columns: OfferColumns): PlaceGroups {
  const { provider, region, location } = columns;
  const regionCount = region.values.length;
  const byProviderRegion = new Map<number, Map<number, number>>();
  const codes = new Uint32Array(columns.size);
  let count = 0;
  for (let row = 0; row < columns.size; row++) {
    const pr = (provider.codes[row] as number) * regionCount + (region.codes[row] as number);
    let byLocation = byProviderRegion.get(pr);
    if (!byLocation) byProviderRegion.set(pr, (byLocation = new Map<number, number>()));
    const loc = location.codes[row] as number;
    let code = byLocation.get(loc);
    if (code === undefined) byLocation.set(loc, (code = count++));
    codes[row] = code;
  }
  const start = new Int32Array(count + 1);
  for (const code of codes) start[code + 1] = (start[code + 1] as number) + 1;
  for (let p = 0; p < count; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
  const fill = start.slice(0, count);
  const rows = new Int32Array(columns.size);
  codes.forEach((code, row) => {
    rows[fill[code] as number] = row;
    fill[code] = (fill[code] as number) + 1;
  });
  return { codes: narrowed(codes, count), count, start, rows };
}
