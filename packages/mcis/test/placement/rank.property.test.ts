import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProviderName } from "@cloud-barista/core";
import { numericMetrics } from "../../src/placement/filter.js";
import type { NumericMetric } from "../../src/placement/filter.js";
import { rankOffers } from "../../src/placement/rank.js";
import type { Priority } from "../../src/placement/priorities.js";
import type { Offer } from "../../src/placement/offer.js";
import { cities, offer } from "./support.js";

const places = Object.values(cities);

/** Offers with small integer-ish figures, so ties and unknowns are frequent. */
const offerArb = (i: number): fc.Arbitrary<Offer> =>
  fc
    .record({
      vcpus: fc.integer({ min: 1, max: 16 }),
      memoryGiB: fc.integer({ min: 1, max: 64 }),
      diskGB: fc.constantFrom(0, 100, 400),
      gpuCount: fc.constantFrom(0, 0, 1, 4),
      price: fc.option(
        fc.integer({ min: 1, max: 40 }).map((c) => c / 100),
        { nil: null },
      ),
      performance: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      place: fc.integer({ min: 0, max: places.length - 1 }),
      provider: fc.constantFrom<ProviderName>("AWS", "GCP", "MOCK"),
    })
    .map((r) =>
      offer({
        connection: `c${i}`,
        vcpus: r.vcpus,
        memoryGiB: r.memoryGiB,
        diskGB: r.diskGB,
        gpuCount: r.gpuCount,
        gpuMemoryGB: r.gpuCount > 0 ? 16 : 0,
        price: r.price,
        performance: r.performance,
        location: places[r.place],
        provider: r.provider,
      }),
    );

const catalogArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => offerArb(i))));

const priorityArb: fc.Arbitrary<Priority> = fc.oneof(
  fc.record({ metric: fc.constant("cost" as const), weight: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ metric: fc.constant("performance" as const), weight: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ metric: fc.constant("location" as const), near: fc.constantFrom(cities.seoul, cities.virginia) }),
  fc.record({ metric: fc.constant("latency" as const), from: fc.constant([cities.seoul, cities.frankfurt]) }),
  fc.record({ metric: fc.constant("random" as const), seed: fc.integer() }),
);
const prioritiesArb = fc.array(priorityArb, { minLength: 1, maxLength: 3 });
const combineArb = fc.constantFrom("lexicographic" as const, "weighted" as const);

const figureOf = (o: Offer, metric: NumericMetric): number | undefined =>
  metric === "pricePerHour" ? o.price?.perHour : metric === "performance" ? o.performance : o[metric];

describe("ranking properties", () => {
  it("a filter never returns an offer outside its range, and returns every offer inside it", () => {
    fc.assert(
      fc.property(
        catalogArb,
        fc.constantFrom(...numericMetrics),
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 0, max: 64 }),
        (offers, metric, a, b) => {
          const scale = metric === "pricePerHour" ? 0.01 : 1;
          const [min, max] = [Math.min(a, b) * scale, Math.max(a, b) * scale];
          const results = rankOffers(offers, { filter: { ranges: { [metric]: { min, max } } } }).results;
          for (const r of results) {
            const v = figureOf(r.offer, metric);
            expect(v).toBeDefined();
            expect(v).toBeGreaterThanOrEqual(min);
            expect(v).toBeLessThanOrEqual(max);
          }
          const inside = offers.filter((o) => {
            const v = figureOf(o, metric);
            return v !== undefined && v >= min && v <= max;
          });
          expect(results).toHaveLength(inside.length);
        },
      ),
    );
  });

  it("ranking is a permutation of the filtered offers", () => {
    fc.assert(
      fc.property(
        catalogArb,
        prioritiesArb,
        combineArb,
        fc.integer({ min: 1, max: 8 }),
        (offers, priorities, combine, minVcpus) => {
          const filter = { ranges: { vcpus: { min: minVcpus } } };
          const ranked = rankOffers(offers, { filter, priorities, combine }).results.map((r) => r.offer.id);
          const expected = offers.filter((o) => o.vcpus >= minVcpus).map((o) => o.id);
          expect([...ranked].sort()).toEqual([...expected].sort());
          expect(new Set(ranked).size).toBe(ranked.length);
        },
      ),
    );
  });

  it("the top k are the first k of the full ranking", () => {
    fc.assert(
      fc.property(
        catalogArb,
        prioritiesArb,
        combineArb,
        fc.integer({ min: 1, max: 45 }),
        (offers, priorities, combine, k) => {
          const full = rankOffers(offers, { priorities, combine }).results.map((r) => r.offer.id);
          const top = rankOffers(offers, { priorities, combine, limit: k }).results.map((r) => r.offer.id);
          expect(top).toEqual(full.slice(0, k));
        },
      ),
    );
  });

  it("adding a cheaper equivalent offer never raises the best cost", () => {
    fc.assert(
      fc.property(catalogArb, fc.nat(), fc.integer({ min: 0, max: 100 }), (offers, pick, cut) => {
        fc.pre(offers.length > 0);
        const best = (list: Offer[]): number | undefined =>
          rankOffers(list, { priorities: [{ metric: "cost" }], limit: 1 }).results[0]?.price;
        const before = best(offers);
        const model = offers[pick % offers.length] as Offer;
        const price = model.price ? model.price.perHour * (cut / 100) : 0;
        const cheaper = offer({ ...model, connection: "clone", price });
        const after = best([...offers, cheaper]);
        expect(after).toBeDefined();
        expect(after as number).toBeLessThanOrEqual(before ?? Infinity);
        expect(after as number).toBeLessThanOrEqual(price);
      }),
    );
  });

  it("reports each criterion's rank as 1 + the number of offers strictly better", () => {
    fc.assert(
      fc.property(catalogArb, prioritiesArb, fc.integer({ min: 1, max: 45 }), (offers, priorities, k) => {
        const full = rankOffers(offers, { priorities }).results;
        const raws = priorities.map((_, c) => full.map((r) => r.criteria[c]?.raw));
        for (const r of rankOffers(offers, { priorities, limit: k }).results) {
          r.criteria.forEach((score, c) => {
            if (score.raw === undefined) return expect(score.rank).toBeUndefined();
            const higher = priorities[c]?.metric === "performance";
            const raw = score.raw;
            const better = (raws[c] ?? []).filter((v) => v !== undefined && (higher ? v > raw : v < raw)).length;
            expect(score.rank).toBe(better + 1);
          });
        }
      }),
    );
  });

  it("weighted scores stay within [0, 1] and are sorted best first", () => {
    fc.assert(
      fc.property(catalogArb, prioritiesArb, (offers, priorities) => {
        const scores = rankOffers(offers, { priorities, combine: "weighted" }).results.map((r) => r.score);
        for (const s of scores) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1 + 1e-12);
        }
        for (let i = 1; i < scores.length; i++) expect(scores[i - 1]).toBeGreaterThanOrEqual(scores[i] as number);
      }),
    );
  });
});
