import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Architecture, GeoLocation, ProviderName } from "@cloud-barista/core";
import type { CurrencyOptions } from "../../src/placement/currency.js";
import type { PlacementFilter } from "../../src/placement/filter.js";
import type { Offer } from "../../src/placement/offer.js";
import { defaultRankLimit, rankOffers } from "../../src/placement/rank.js";
import type { RankRequest } from "../../src/placement/rank.js";
import type { Priority } from "../../src/placement/priorities.js";
import { referenceRankOffers } from "./reference-rank.js";
import { cities, offer, ubuntuArm, ubuntuX86 } from "./support.js";

// The indexed ranking against the reference (the ranking before the index) on random catalogs and
// requests: the whole Ranking must be equal, order, scores, ranks and texts included. Figures come
// from few values, so ties, unknowns and shared places are frequent.

const places = Object.values(cities);
// Two distinct objects at one spot: places are told apart by object, values must not differ.
const seoulTwin: GeoLocation = { latitude: cities.seoul.latitude, longitude: cities.seoul.longitude };
const locations: (GeoLocation | undefined)[] = [...places, seoulTwin, undefined];
const debian = { ...ubuntuX86, id: "deb", name: "Debian 12", osDistribution: "Debian 12 (bookworm)" };
const imageLists = [[ubuntuX86], [debian], [ubuntuX86, debian], [ubuntuArm], []];
const providers: ProviderName[] = ["AWS", "GCP", "MOCK"];
const regions = ["r1", "r2", "R1", "r3"];

const offerArb = (i: number, connection = `c${i}`): fc.Arbitrary<Offer> =>
  fc
    .record({
      vcpus: fc.constantFrom(1, 2, 4, 8, 16),
      memoryGiB: fc.constantFrom(1, 2, 4, 8, 16, 32, 64),
      diskGB: fc.constantFrom(0, 100),
      gpu: fc.constantFrom(0, 0, 0, 1, 4),
      price: fc.option(
        fc.integer({ min: 0, max: 12 }).map((c) => c / 40),
        { nil: null, freq: 8 },
      ),
      currency: fc.constantFrom("USD", "USD", "USD", "EUR", "JPY"),
      performance: fc.option(
        fc.integer({ min: 0, max: 10 }).map((p) => p * 10),
        { nil: undefined },
      ),
      location: fc.integer({ min: 0, max: locations.length - 1 }),
      provider: fc.integer({ min: 0, max: providers.length - 1 }),
      region: fc.integer({ min: 0, max: regions.length - 1 }),
      zone: fc.constantFrom(undefined, "z-a", "Z-B"),
      architecture: fc.constantFrom<Architecture>("x86_64", "x86_64", "arm64"),
      images: fc.integer({ min: 0, max: imageLists.length - 1 }),
      twin: fc.boolean(),
    })
    .map((r) =>
      offer({
        connection,
        specName: "s",
        vcpus: r.vcpus,
        memoryGiB: r.memoryGiB,
        diskGB: r.diskGB,
        gpuCount: r.gpu,
        gpuMemoryGB: r.gpu > 0 ? 16 : 0,
        gpuModel: r.gpu > 0 ? (r.twin ? "NVIDIA A100" : "NVIDIA T4") : undefined,
        price: r.price,
        currency: r.currency,
        performance: r.performance,
        location: locations[r.location],
        provider: providers[r.provider] as ProviderName,
        region: regions[r.region] as string,
        zone: r.zone,
        architecture: r.architecture,
        images: imageLists[r.images] as Offer["images"],
      }),
    );

/** A catalog of up to 160 offers; `prefix` keeps ids of two catalogs apart. */
const catalogOf = (prefix: string): fc.Arbitrary<Offer[]> =>
  fc
    .integer({ min: 0, max: 160 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => offerArb(i, `${prefix}${i}`))));
const catalogArb = catalogOf("c");

// Ids are unique in a catalog (connection/spec); when they are not, the order must still be total.
const duplicatesArb = fc
  .integer({ min: 0, max: 60 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => offerArb(i, `c${i % 5}`))));

const weight = fc.constantFrom(0, 1, 1, 2, 5);
const resolution = fc.constantFrom(undefined, undefined, 0.05, 2000, 40);
const withOptions = <P extends Priority>(p: P): fc.Arbitrary<P> =>
  fc.record({ weight, resolution }).map(({ weight: w, resolution: res }) => ({
    ...p,
    weight: w,
    ...(res === undefined ? {} : { resolution: res }),
  }));

const priorityArb: fc.Arbitrary<Priority> = fc.oneof(
  { weight: 3, arbitrary: withOptions({ metric: "cost" }) },
  { weight: 2, arbitrary: withOptions({ metric: "performance" }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<Priority["metric"]>("location")
      .chain(() => fc.constantFrom(cities.seoul, [cities.seoul, cities.frankfurt], cities.saoPaulo))
      .chain((near) => withOptions({ metric: "location", near })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        { from: [cities.seoul, cities.frankfurt] },
        { from: [{ region: "r2" }], rtt: [{ from: "r2", region: "r1", ms: 7 }] },
        { from: [cities.tokyo], rtt: [{ from: "Tokyo", provider: "GCP" as const, region: "r3", ms: 1 }] },
      )
      .chain((latency) => withOptions({ metric: "latency", ...latency })),
  },
  { weight: 1, arbitrary: fc.integer().chain((seed) => withOptions({ metric: "random", seed })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom({ vcpus: 4, memoryGiB: 16 }, { vcpus: 8 }, { gpuCount: 1 })
      .chain((like) => withOptions({ metric: "similarity", like, policy: { tolerancePercent: 100 } })),
  },
);

// One or two conditions: more would leave too few offers for the top-k paths to matter.
const conditions: PlacementFilter[] = [
  { ranges: { vcpus: { min: 2 } } },
  { ranges: { vcpus: { min: 2, max: 8 }, memoryGiB: { min: 4 } } },
  { ranges: { memoryGiB: { max: 16 } } },
  { ranges: { pricePerHour: { max: 0.2 } } },
  { ranges: { pricePerHour: { min: 0.05 } } },
  { ranges: { performance: { min: 30 } } },
  { ranges: { gpuCount: { max: 0 }, diskGB: { min: 0 } } },
  { provider: "AWS" },
  { provider: ["GCP", "MOCK"] },
  { region: ["r1", "r3"] },
  { zone: ["z-a", "z-b"] },
  { connection: ["c1", "C2", "c3", "c5", "c8", "c13", "c21", "c34", "c55", "c89"] },
  { architecture: ["x86_64"] },
  { architecture: "arm64" },
  { gpuModel: ["t4", "a100"] },
  { os: "ubuntu" },
  { os: ["debian", "bookworm"] },
  { within: { point: cities.seoul, radiusKm: 1200 } },
  { within: { point: cities.virginia, radiusKm: 9000 } },
];
const filterArb: fc.Arbitrary<PlacementFilter> = fc
  .subarray(conditions, { minLength: 1, maxLength: 2 })
  .map((parts) => Object.assign({}, ...parts) as PlacementFilter);

const requestArb: fc.Arbitrary<RankRequest> = fc.record(
  {
    filter: filterArb,
    priorities: fc.array(priorityArb, { minLength: 0, maxLength: 3 }),
    combine: fc.constantFrom("lexicographic" as const, "weighted" as const),
    limit: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 130 }) },
      { weight: 1, arbitrary: fc.constant("all" as const) },
    ),
    currency: fc.constantFrom<CurrencyOptions>({ rates: { EUR: 1.1 } }, { target: "EUR", rates: { USD: 0.9 } }, {}),
    exclude: fc
      .integer({ min: 2, max: 5 })
      .map((m) => (o: Offer) => o.connection.charCodeAt(o.connection.length - 1) % m === 0),
  },
  { requiredKeys: ["combine"] },
);

/** The reference's answer, or the error it throws (the index must throw the same). */
function outcome(rank: () => unknown): unknown {
  try {
    return rank();
  } catch (error) {
    return { threw: error };
  }
}

/** The request as the reference takes it: absent limit is the index's default there. */
const forReference = (request: RankRequest): RankRequest => ({ ...request, limit: request.limit ?? defaultRankLimit });

describe("the indexed ranking equals the reference", () => {
  it("on random catalogs and requests: order, scores, ranks, texts and counts", () => {
    fc.assert(
      fc.property(catalogArb, requestArb, (offers, request) => {
        expect(outcome(() => rankOffers(offers, request))).toEqual(
          outcome(() => referenceRankOffers(offers, forReference(request))),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("keeps catalog order among offers with the same id, as the reference's full sort does", () => {
    fc.assert(
      fc.property(duplicatesArb, requestArb, fc.integer({ min: 1, max: 60 }), (offers, request, k) => {
        const all = { ...request, limit: "all" as const };
        const full = outcome(() => rankOffers(offers, all));
        expect(full).toEqual(outcome(() => referenceRankOffers(offers, all)));
        const top = outcome(() => rankOffers(offers, { ...request, limit: k }));
        if ("results" in (full as object) && "results" in (top as object)) {
          const ids = (r: unknown): Offer[] => (r as { results: { offer: Offer }[] }).results.map((x) => x.offer);
          expect(ids(top)).toEqual(ids(full).slice(0, k));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("filters figures with more distinct values than one-byte codes hold, as the reference does", () => {
    // Past 256 distinct values a figure is filtered from its 8-byte column instead of its codes.
    const manyValues = fc
      .integer({ min: 257, max: 400 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n }),
          fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }), { minLength: n, maxLength: n }),
        ),
      );
    const bound = fc.option(
      fc.integer({ min: 0, max: 1000 }).map((v) => v / 4),
      { nil: undefined },
    );
    const rangeArb = fc.record({ min: bound, max: bound }).map(({ min, max }) => ({
      ...(min === undefined ? {} : { min: Math.min(min, max ?? min) }),
      ...(max === undefined ? {} : { max: Math.max(max, min ?? max) }),
    }));
    fc.assert(
      fc.property(
        manyValues,
        rangeArb,
        rangeArb,
        requestArb,
        ([n, memory, scores], memoryRange, scoreRange, request) => {
          const offers = Array.from({ length: n }, (_, i) =>
            offer({ connection: `m${i}`, memoryGiB: (memory[i] as number) / 4, performance: scores[i] }),
          );
          const ranged = { ...request, filter: { ranges: { memoryGiB: memoryRange, performance: scoreRange } } };
          expect(outcome(() => rankOffers(offers, ranged))).toEqual(
            outcome(() => referenceRankOffers(offers, forReference(ranged))),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("throws the reference's errors for weights that are all zero", () => {
    fc.assert(
      fc.property(catalogArb, fc.array(priorityArb, { minLength: 1, maxLength: 3 }), (offers, priorities) => {
        const request: RankRequest = { combine: "weighted", priorities: priorities.map((p) => ({ ...p, weight: 0 })) };
        expect(outcome(() => rankOffers(offers, request))).toEqual(outcome(() => referenceRankOffers(offers, request)));
      }),
      { numRuns: 30 },
    );
  });

  it("reuses the index of a frozen array (a catalog's) without checking it", () => {
    fc.assert(
      fc.property(catalogArb, requestArb, requestArb, (offers, first, second) => {
        const catalog = Object.freeze([...offers]);
        for (const request of [first, second]) {
          expect(outcome(() => rankOffers(catalog, request))).toEqual(
            outcome(() => referenceRankOffers(catalog, forReference(request))),
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it("reuses the index across requests and rebuilds it when the offers array changes in place", () => {
    fc.assert(
      fc.property(catalogArb, catalogOf("d"), requestArb, requestArb, (offers, more, first, second) => {
        const catalog = [...offers];
        for (const request of [first, second]) {
          expect(outcome(() => rankOffers(catalog, request))).toEqual(
            outcome(() => referenceRankOffers(catalog, forReference(request))),
          );
        }
        catalog.push(...more);
        if (catalog.length > 0) catalog[0] = more[0] ?? (catalog[0] as Offer);
        expect(outcome(() => rankOffers(catalog, second))).toEqual(
          outcome(() => referenceRankOffers(catalog, forReference(second))),
        );
      }),
      { numRuns: 60 },
    );
  });
});
