// Placement ranking on a synthetic catalog of 120,000 offers: filters plus three priorities (cost,
// distance to Seoul, modelled RTT from Seoul and Frankfurt), top 10. `value` is rankOffers (filter
// first, per-region memos, bounded top-k heap); `baseline` is the naive way in the same run:
// compute every figure of every row, normalize, sort all rows, take 10.
import { providerNames } from "@cloud-barista/core";
import { haversineKm, modelledRttMs, rankOffers } from "@cloud-barista/mcis";
import type { GeoPoint, Offer, OfferImage, Priority, RankRequest } from "@cloud-barista/mcis";
import { median, report } from "./report.js";

const regionsPerProvider = 25;
const specsPerRegion = 600;
const repeats = 15;
const k = 10;

const seoul: GeoPoint = { latitude: 37.5665, longitude: 126.978, label: "Seoul" };
const frankfurt: GeoPoint = { latitude: 50.11, longitude: 8.68, label: "Frankfurt" };

/** mulberry32: a small seeded generator, so every run ranks the same catalog. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticCatalog(): Offer[] {
  const random = generator(42);
  const offers: Offer[] = [];
  const retrievedAt = new Date(Date.UTC(2026, 0, 1));
  // Every provider the SDK knows: 8.
  for (const provider of providerNames) {
    const images: Record<"x86_64" | "arm64", OfferImage[]> = {
      x86_64: [
        {
          id: `${provider}-ubuntu-amd64`,
          name: "Ubuntu",
          osDistribution: "Ubuntu 24.04 LTS",
          osPlatform: "Linux/UNIX",
          architecture: "x86_64",
        },
      ],
      arm64: [
        {
          id: `${provider}-ubuntu-arm64`,
          name: "Ubuntu",
          osDistribution: "Ubuntu 24.04 LTS",
          osPlatform: "Linux/UNIX",
          architecture: "arm64",
        },
      ],
    };
    for (let r = 0; r < regionsPerProvider; r++) {
      const region = `${provider.toLowerCase()}-region-${r}`;
      // One location object per region, as the catalog builder makes them.
      const location = { latitude: random() * 140 - 70, longitude: random() * 360 - 180 };
      const priceFactor = 1 + random() * 0.5;
      for (let s = 0; s < specsPerRegion; s++) {
        const vcpus = 2 ** Math.floor(random() * 7);
        const memoryGiB = vcpus * 2 ** Math.floor(random() * 3 + 1);
        const architecture = random() < 0.25 ? "arm64" : "x86_64";
        const specName = `s${s}`;
        const connection = `${provider}-${r}`;
        offers.push({
          id: `${connection}/${specName}`,
          connection,
          provider,
          region,
          zone: undefined,
          specName,
          vcpus,
          memoryGiB,
          diskGB: 0,
          gpuCount: 0,
          gpuModel: undefined,
          gpuMemoryGB: 0,
          architecture,
          price:
            random() < 0.02
              ? undefined
              : {
                  perHour: Math.round(vcpus * 0.02 * priceFactor * (0.8 + random() * 0.4) * 1e4) / 1e4,
                  currency: "USD",
                  source: "synthetic",
                  retrievedAt,
                },
          location,
          performance: undefined,
          images: images[architecture],
        });
      }
    }
  }
  return offers;
}

const priorities: Priority[] = [
  { metric: "cost", weight: 2 },
  { metric: "location", near: seoul },
  { metric: "latency", from: [seoul, frankfurt] },
];
const filter = {
  ranges: { vcpus: { min: 4, max: 32 }, memoryGiB: { min: 8 }, pricePerHour: { max: 1.5 } },
  architecture: ["x86_64", "arm64"],
} satisfies RankRequest["filter"];

/** The straightforward version: every figure per row, then a full sort. Same maths, same order. */
function naiveTopK(offers: readonly Offer[], combine: "weighted" | "lexicographic"): string[] {
  const rows = offers
    .filter((o) => o.vcpus >= 4 && o.vcpus <= 32 && o.memoryGiB >= 8 && o.price !== undefined && o.price.perHour <= 1.5)
    .filter((o) => o.architecture === "x86_64" || o.architecture === "arm64")
    .map((o) => {
      const location = o.location ?? seoul;
      return {
        offer: o,
        values: [
          o.price?.perHour ?? Infinity,
          haversineKm(seoul, location),
          modelledRttMs(haversineKm(seoul, location)) + modelledRttMs(haversineKm(frankfurt, location)),
        ],
        score: 0,
      };
    });
  const weights = [2, 1, 1];
  const lows = [0, 1, 2].map((c) => Math.min(...rows.map((r) => r.values[c] as number)));
  const highs = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r.values[c] as number)));
  for (const row of rows) {
    row.score =
      row.values.reduce((sum, v, c) => {
        const lo = lows[c] as number;
        const hi = highs[c] as number;
        return sum + (weights[c] as number) * (hi === lo ? 1 : (hi - v) / (hi - lo));
      }, 0) / 4;
  }
  rows.sort((a, b) => {
    if (combine === "weighted" && a.score !== b.score) return b.score - a.score;
    for (let c = 0; c < 3; c++) {
      const d = (a.values[c] as number) - (b.values[c] as number);
      if (d !== 0) return d;
    }
    return a.offer.id < b.offer.id ? -1 : a.offer.id > b.offer.id ? 1 : 0;
  });
  return rows.slice(0, k).map((r) => r.offer.id);
}

function timeMs(run: () => string[]): { ms: number; ids: string[] } {
  const started = performance.now();
  const ids = run();
  return { ms: performance.now() - started, ids };
}

/** Ranks the synthetic catalog `repeats` times each way, interleaved; prints p50 latencies. */
export async function placementRankBench(): Promise<void> {
  const offers = syntheticCatalog();
  for (const combine of ["weighted", "lexicographic"] as const) {
    const ranked: number[] = [];
    const naive: number[] = [];
    let matched = 0;
    for (let r = 0; r < repeats; r++) {
      const fast = timeMs(() => {
        const ranking = rankOffers(offers, { filter, priorities, combine, limit: k });
        matched = ranking.matched;
        return ranking.results.map((x) => x.offer.id);
      });
      const slow = timeMs(() => naiveTopK(offers, combine));
      // Both must agree, or the comparison means nothing.
      if (fast.ids.join() !== slow.ids.join())
        throw new Error(`rankings differ (${combine}): ${fast.ids.join()} vs ${slow.ids.join()}`);
      ranked.push(fast.ms);
      naive.push(slow.ms);
      await Promise.resolve();
    }
    const value = median(ranked);
    const baseline = median(naive);
    report({
      bench: "placement-rank",
      metric: `${combine}.${offers.length}-offers.${matched}-matched.top-${k}.p50`,
      value: round(value),
      unit: "ms",
      baseline: round(baseline),
      ratio: round(value / baseline),
    });
  }
}

const round = (v: number): number => Math.round(v * 100) / 100;
