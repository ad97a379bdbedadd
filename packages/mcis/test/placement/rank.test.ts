import type { ProviderName } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { performanceTable } from "../../src/placement/performance.js";
import { defaultRankLimit, rankOffers } from "../../src/placement/rank.js";
import type { Priority } from "../../src/placement/priorities.js";
import type { Offer } from "../../src/placement/offer.js";
import { cities, offer } from "./support.js";

// Three offers where cost and distance disagree (distances from Seoul: 8,549.84 / 0 / 1,159.73 km).
const far = offer({ connection: "far", price: 0.1, region: "fra", location: cities.frankfurt });
const near = offer({ connection: "near", price: 0.3, region: "sel", location: cities.seoul });
const mid = offer({ connection: "mid", price: 0.2, region: "tyo", location: cities.tokyo });
const three = [far, near, mid];

const order = (offers: readonly Offer[], priorities: readonly Priority[], combine?: "weighted"): string[] =>
  rankOffers(offers, { priorities, ...(combine ? { combine } : {}) }).results.map((r) => r.offer.connection);

describe("weighted sum", () => {
  // Normalized cost: far 1, near 0, mid 0.5. Normalized distance: far 0, near 1, mid 0.864355.
  const midLocation = (8549.84 - 1159.73) / 8549.84;

  it("uses the weights: equal weights", () => {
    const ranking = rankOffers(three, {
      combine: "weighted",
      priorities: [{ metric: "cost" }, { metric: "location", near: cities.seoul }],
    });
    // mid (0.5 + 0.8644) / 2 = 0.6822; far and near tie at 0.5 and fall back to the listed order (cost first).
    expect(ranking.results.map((r) => r.offer.connection)).toEqual(["mid", "far", "near"]);
    expect(ranking.results[0]?.score).toBeCloseTo((0.5 + midLocation) / 2, 4);
    expect(ranking.results[1]?.score).toBeCloseTo(0.5, 9);
    expect(ranking.results[2]?.score).toBeCloseTo(0.5, 9);
  });

  it("uses the weights: cost counts three times", () => {
    const ranking = rankOffers(three, {
      combine: "weighted",
      priorities: [
        { metric: "cost", weight: 3 },
        { metric: "location", near: cities.seoul },
      ],
    });
    expect(ranking.results.map((r) => r.offer.connection)).toEqual(["far", "mid", "near"]);
    expect(ranking.results.map((r) => r.score)).toEqual([0.75, expect.closeTo((1.5 + midLocation) / 4, 4), 0.25]);
  });

  it("uses the weights: distance counts three times", () => {
    expect(
      order(three, [{ metric: "cost" }, { metric: "location", near: cities.seoul, weight: 3 }], "weighted"),
    ).toEqual(["mid", "near", "far"]);
  });

  it("lets sums that differ only by rounding noise tie", () => {
    // Normalized cost of b is (0.3 - 0.2) / (0.3 - 0.1) = 0.49999999999999994 in floating point, so
    // b (half the cost score) and a (half the performance score) both score 0.25 but differ in the last bit.
    const offers = [
      offer({ connection: "a", price: 0.3, performance: 50 }),
      offer({ connection: "b", price: 0.2, performance: 0 }),
      offer({ connection: "c", price: 0.1, performance: 100 }),
    ];
    const ranking = rankOffers(offers, {
      combine: "weighted",
      priorities: [{ metric: "cost" }, { metric: "performance" }],
    });
    // The tie falls to the listed order: cost first, so b (cheaper) before a.
    expect(ranking.results.map((r) => [r.offer.connection, r.score])).toEqual([
      ["c", 1],
      ["b", 0.25],
      ["a", 0.25],
    ]);
  });

  it("reports raw values and min-max normalized scores per criterion", () => {
    const [top] = rankOffers(three, {
      combine: "weighted",
      priorities: [{ metric: "cost" }, { metric: "location", near: cities.seoul }],
    }).results;
    expect(top?.criteria).toEqual([
      expect.objectContaining({ metric: "cost", raw: 0.2, normalized: expect.closeTo(0.5, 9), rank: 2, weight: 1 }),
      expect.objectContaining({
        metric: "location",
        raw: expect.closeTo(1159.73, 1),
        normalized: expect.closeTo(midLocation, 4),
        rank: 2,
      }),
    ]);
  });

  it("rejects weights that are all zero or negative", () => {
    expect(() => rankOffers(three, { combine: "weighted", priorities: [{ metric: "cost", weight: 0 }] })).toThrow(
      expect.objectContaining({ field: "priorities", rule: "weights" }),
    );
    expect(() => rankOffers(three, { priorities: [{ metric: "cost", weight: -1 }] })).toThrow(
      expect.objectContaining({ field: "priorities[0].weight", rule: "non-negative" }),
    );
  });
});

describe("lexicographic sort", () => {
  it("sorts by the first priority, then the next", () => {
    expect(order(three, [{ metric: "location", near: cities.seoul }, { metric: "cost" }])).toEqual([
      "near",
      "mid",
      "far",
    ]);
    expect(order(three, [{ metric: "cost" }, { metric: "location", near: cities.seoul }])).toEqual([
      "far",
      "mid",
      "near",
    ]);
  });

  it("treats values in one bucket as equal (resolution)", () => {
    // 0 km and 1,160 km share the first 2,000 km bucket, so cost decides between near and mid.
    expect(order(three, [{ metric: "location", near: cities.seoul, resolution: 2000 }, { metric: "cost" }])).toEqual([
      "mid",
      "near",
      "far",
    ]);
  });

  it("breaks remaining ties by price, then by offer id", () => {
    const twins = [
      offer({ connection: "z", price: 0.1 }),
      offer({ connection: "y", price: 0.1 }),
      offer({ connection: "x", price: 0.2 }),
    ];
    // Same location for all: distance ties everywhere, price then id decide.
    expect(order(twins, [{ metric: "location", near: cities.tokyo }])).toEqual(["y", "z", "x"]);
  });

  it("ranks performance highest first and unknown scores last", () => {
    const perf = performanceTable([
      { provider: "MOCK", specName: "fast", score: 90 },
      { provider: "MOCK", specName: "slow", score: 60 },
    ]);
    const offers = ["slow", "unknown", "fast"].map((specName) =>
      offer({ specName, performance: perf({ provider: "MOCK", region: "r1", specName }) }),
    );
    const ranking = rankOffers(offers, { priorities: [{ metric: "performance" }] });
    expect(ranking.results.map((r) => r.offer.specName)).toEqual(["fast", "slow", "unknown"]);
    expect(ranking.results.map((r) => r.explanation)).toEqual([
      "performance 90 (best)",
      "performance 60 (2nd best)",
      "no performance score",
    ]);
  });

  it("rejects performance rows for providers the SDK does not know, naming the field", () => {
    expect(() => performanceTable([{ provider: "P1" as ProviderName, specName: "fast", score: 1 }])).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "performance[0].provider", rule: "provider" }),
    );
  });
});

describe("cost and currencies", () => {
  const eur = offer({ connection: "eur", price: 0.05, currency: "EUR" });
  const unpriced = offer({ connection: "none", price: null });
  const usd = [offer({ connection: "u1", price: 0.1 }), offer({ connection: "u2", price: 0.2 })];

  it("ranks unknown prices and unconverted currencies last, never inventing a rate", () => {
    const ranking = rankOffers([unpriced, eur, ...usd]);
    expect(ranking.results.map((r) => r.offer.connection)).toEqual(["u1", "u2", "eur", "none"]);
    expect(ranking.results[2]?.explanation).toBe("0.05 EUR/h (no EUR rate: ranked last on cost)");
    expect(ranking.results[3]?.explanation).toBe("price unknown");
    expect(ranking.results[3]?.criteria[0]).toEqual(
      expect.objectContaining({ raw: undefined, normalized: 0, rank: undefined }),
    );
  });

  it("converts with caller-supplied rates", () => {
    const ranking = rankOffers([eur, ...usd], { currency: { rates: { EUR: 1.1 } } });
    expect(ranking.results.map((r) => r.offer.connection)).toEqual(["eur", "u1", "u2"]);
    expect(ranking.results[0]?.price).toBeCloseTo(0.055, 9);
    expect(ranking.results[0]?.explanation).toBe("0.05 EUR/h (≈ $0.055/h, cheapest)");
  });

  it("rejects bad rates, naming the currency", () => {
    expect(() => rankOffers(usd, { currency: { rates: { EUR: 0 } } })).toThrow(
      expect.objectContaining({ field: "currency.rates.EUR", rule: "positive" }),
    );
  });
});

describe("explanations", () => {
  it("reads like '$0.042/h (3rd cheapest), 8,550 km from Seoul, ~133 ms RTT from Seoul'", () => {
    const offers = [
      offer({ connection: "a", price: 0.01 }),
      offer({ connection: "b", price: 0.02 }),
      offer({ connection: "fra", price: 0.042, location: cities.frankfurt }),
    ];
    const ranking = rankOffers(offers, {
      priorities: [
        { metric: "cost" },
        { metric: "location", near: cities.seoul },
        { metric: "latency", from: [cities.seoul] },
      ],
    });
    expect(ranking.results[2]?.explanation).toBe(
      "$0.042/h (3rd cheapest), 8,550 km from Seoul, ~133 ms RTT from Seoul",
    );
  });

  it("names the centroid of several points", () => {
    const ranking = rankOffers([offer()], {
      priorities: [{ metric: "location", near: [cities.seoul, cities.frankfurt] }],
    });
    // Seoul is 4,274.9 km from the Seoul-Frankfurt midpoint.
    expect(ranking.results[0]?.explanation).toBe("4,275 km from the centroid of Seoul, Frankfurt");
  });
});

describe("latency", () => {
  const offers = [
    offer({ connection: "sel", region: "mock-seoul", location: cities.seoul, provider: "MOCK" }),
    offer({ connection: "fra", region: "mock-frankfurt", location: cities.frankfurt, provider: "MOCK" }),
    offer({ connection: "tyo", region: "mock-tokyo", location: cities.tokyo, provider: "MOCK" }),
  ];

  it("sums modelled RTTs from every origin", () => {
    const ranking = rankOffers(offers, { priorities: [{ metric: "latency", from: [cities.seoul, cities.frankfurt] }] });
    // Seoul: 5 + (133.25); Frankfurt: (133.25) + 5; Tokyo: (2·1159.73·1.5/200 + 5) + (2·9336.46·1.5/200 + 5).
    const tokyo = (2 * 1159.73 * 1.5) / 200 + 5 + (2 * 9336.46 * 1.5) / 200 + 5;
    expect(ranking.results.map((r) => r.criteria[0]?.raw)).toEqual([
      expect.closeTo(138.25, 1),
      expect.closeTo(138.25, 1),
      expect.closeTo(tokyo, 1),
    ]);
    expect(ranking.results[2]?.explanation).toBe("~167 ms summed RTT from Seoul, Frankfurt");
  });

  it("prefers measured RTTs and says which figures were measured", () => {
    const ranking = rankOffers(offers, {
      priorities: [
        {
          metric: "latency",
          from: [{ region: "mock-seoul", label: "Seoul users" }],
          rtt: [
            { from: "mock-seoul", region: "mock-frankfurt", ms: 20 },
            { from: "mock-seoul", provider: "MOCK", region: "mock-seoul", ms: 30 },
          ],
        },
      ],
    });
    expect(ranking.results.map((r) => [r.offer.connection, r.explanation])).toEqual([
      ["fra", "20 ms measured RTT from Seoul users"],
      ["tyo", "~22 ms RTT from Seoul users"],
      ["sel", "30 ms measured RTT from Seoul users"],
    ]);
  });

  it("resolves region origins from the catalog, and rejects unknown ones", () => {
    expect(order(offers, [{ metric: "latency", from: [{ region: "mock-tokyo" }] }])).toEqual(["tyo", "sel", "fra"]);
    expect(() => rankOffers(offers, { priorities: [{ metric: "latency", from: [{ region: "mars-1" }] }] })).toThrow(
      expect.objectContaining({
        code: "InvalidArgument",
        field: "priorities[0].from[0].region",
        rule: "unknown-region",
      }),
    );
    expect(() =>
      rankOffers(offers, { priorities: [{ metric: "latency", from: [cities.seoul], model: { routeFactor: 0.5 } }] }),
    ).toThrow(expect.objectContaining({ field: "priorities[0].model.routeFactor" }));
  });

  it("rejects providers the SDK does not know in origins and RTT tables, naming the field", () => {
    const bad = (priority: unknown) => () => rankOffers(offers, { priorities: [priority as Priority] });
    expect(bad({ metric: "latency", from: [{ region: "mock-tokyo", provider: "mock" }] })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "priorities[0].from[0].provider", rule: "provider" }),
    );
    expect(
      bad({ metric: "latency", from: [cities.seoul], rtt: [{ from: "x", provider: "OCI", region: "r", ms: 1 }] }),
    ).toThrow(expect.objectContaining({ field: "priorities[0].rtt[0].provider", rule: "provider" }));
  });

  it("ranks offers without coordinates last", () => {
    const lost = offer({ connection: "lost", location: undefined });
    expect(order([lost, ...offers], [{ metric: "latency", from: [cities.seoul] }]).at(-1)).toBe("lost");
  });
});

describe("random", () => {
  const many = Array.from({ length: 40 }, (_, i) => offer({ connection: `c${i}` }));

  it("is reproducible for a seed and independent of input order", () => {
    const a = order(many, [{ metric: "random", seed: 7 }]);
    expect(order([...many].reverse(), [{ metric: "random", seed: 7 }])).toEqual(a);
    expect(order(many, [{ metric: "random", seed: 8 }])).not.toEqual(a);
    expect(a).not.toEqual(many.map((o) => o.connection));
  });

  it("needs an integer seed", () => {
    expect(() => rankOffers(many, { priorities: [{ metric: "random", seed: 0.5 }] })).toThrow(
      expect.objectContaining({ field: "priorities[0].seed" }),
    );
  });
});

describe("request checks", () => {
  it("rejects unknown metrics and fields, naming them", () => {
    const bad = (priorities: unknown) => () => rankOffers(three, { priorities: priorities as Priority[] });
    expect(bad([{ metric: "speed" }])).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "priorities[0].metric", rule: "unknown-metric" }),
    );
    expect(bad([{ metric: "cost" }, { metric: "location", near: cities.seoul, radius: 3 }])).toThrow(
      expect.objectContaining({ field: "priorities[1].radius" }),
    );
    expect(() => rankOffers(three, { limit: -1 })).toThrow(expect.objectContaining({ field: "limit" }));
    expect(() => rankOffers(three, { combine: "sum" as "weighted" })).toThrow(
      expect.objectContaining({ field: "combine" }),
    );
  });

  it("limits results and keeps the full ranking's order", () => {
    const many = Array.from({ length: 50 }, (_, i) => offer({ connection: `c${i}`, price: ((i * 37) % 50) / 100 }));
    const full = rankOffers(many, { limit: "all" }).results.map((r) => r.offer.id);
    const top = rankOffers(many, { limit: 5 });
    expect(top.results.map((r) => r.offer.id)).toEqual(full.slice(0, 5));
    expect(top.results.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(top.matched).toBe(50);
  });

  it("returns the best 50 without a limit, every offer with limit all (or 0), and refuses other limits", () => {
    const many = Array.from({ length: 120 }, (_, i) => offer({ connection: `c${i}`, price: (i % 7) / 100 }));
    const all = rankOffers(many, { limit: "all" });
    expect(all.results).toHaveLength(120);
    expect(rankOffers(many, { limit: 0 })).toEqual(all);
    const byDefault = rankOffers(many);
    expect(byDefault.results).toHaveLength(defaultRankLimit);
    expect(defaultRankLimit).toBe(50);
    expect(byDefault.results).toEqual(all.results.slice(0, 50));
    expect(byDefault.matched).toBe(120);
    expect(rankOffers(many, { limit: 1 }).results).toEqual(all.results.slice(0, 1));
    expect(rankOffers(many, { limit: 500 })).toEqual(all);
    for (const limit of [-1, 1.5, null, "some", Number.NaN, Infinity]) {
      expect(() => rankOffers(many, { limit: limit as number })).toThrow(
        expect.objectContaining({ code: "InvalidArgument", field: "limit", rule: "non-negative-integer" }),
      );
    }
  });

  it("returns nothing, and counts nothing matched, when the filter excludes every offer", () => {
    for (const limit of [undefined, 1, "all"] as const) {
      const ranking = rankOffers(three, { filter: { ranges: { vcpus: { min: 1000 } } }, ...(limit ? { limit } : {}) });
      expect(ranking.results).toEqual([]);
      expect(ranking.matched).toBe(0);
      expect(ranking.total).toBe(3);
    }
  });

  it("leaves excluded offers out", () => {
    expect(
      rankOffers(three, { exclude: (o) => o.connection === "far" }).results.map((r) => r.offer.connection),
    ).toEqual(["mid", "near"]);
  });
});
