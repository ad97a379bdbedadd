// Placement ranking by index against the naive full sort, on synthetic catalogs of 100,000 and
// 1,000,000 offers: a four-condition filter and three priorities (cost ×2, distance to Seoul,
// modelled RTT from Seoul and Frankfurt), weighted and lexicographic, with limit 10, with no limit
// (rankOffers' default, 50) and with limit "all".
//
// `value` is rankOffers (the catalog's index is built by the warm-up and reused, as it is for a
// loaded catalog; its build is reported on its own line). `baseline` is the naive full sort in the
// same run on the same array: filter every row, compute every figure (distances once per location
// object, as rankOffers did before the index), normalize, sort every filtered row, take the first
// `limit`. It explains nothing, so with "all" it does less work than rankOffers, which explains
// every offer it returns. Both must return the same ids in the same order, or the run fails.
//
// Measurement: warm-up, then pairs, index and naive back to back, the order alternating from pair
// to pair; per scenario min, median, p10 and p90 of each, and the median of the per-pair speedups
// (naive / index). Figures are sorted copies of a few dozen samples (never `Math.min(...rows)`).
// BENCH_QUICK=1 takes fewer samples.
import { providerNames } from "@cloud-barista/core";
import { haversineKm, modelledRttMs, rankOffers } from "@cloud-barista/mcis";
import type { GeoPoint, Offer, OfferImage, Priority, RankRequest } from "@cloud-barista/mcis";
import { report } from "./report.js";
import type { BenchLine } from "./report.js";

const quick = process.env.BENCH_QUICK === "1";

const seoul: GeoPoint = { latitude: 37.5665, longitude: 126.978, label: "Seoul" };
const frankfurt: GeoPoint = { latitude: 50.11, longitude: 8.68, label: "Frankfurt" };

/** Catalog sizes: 8 providers × regions × specs. */
const catalogs = [
  { regionsPerProvider: 25, specsPerRegion: 500, warmUp: quick ? 3 : 5, samples: quick ? 11 : 31 },
  { regionsPerProvider: 125, specsPerRegion: 1000, warmUp: quick ? 1 : 2, samples: quick ? 3 : 9 },
];

/** Each request size: 10, the default (absent), every offer. */
const limits: readonly (number | undefined | "all")[] = [10, undefined, "all"];
/** What rankOffers returns when no limit is given (docs/placement.md). */
const defaultLimit = 50;

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

function syntheticCatalog(regionsPerProvider: number, specsPerRegion: number): readonly Offer[] {
  const random = generator(42);
  const offers: Offer[] = [];
  const retrievedAt = new Date(Date.UTC(2026, 0, 1));
  const specNames = Array.from({ length: specsPerRegion }, (_, s) => `s${s}`);
  // Every provider the SDK knows: 8.
  for (const provider of providerNames) {
    const image = (architecture: "x86_64" | "arm64"): OfferImage[] => [
      {
        id: `${provider}-ubuntu-${architecture}`,
        name: "Ubuntu",
        osDistribution: "Ubuntu 24.04 LTS",
        osPlatform: "Linux/UNIX",
        architecture,
      },
    ];
    const images = { x86_64: image("x86_64"), arm64: image("arm64") };
    for (let r = 0; r < regionsPerProvider; r++) {
      const region = `${provider.toLowerCase()}-region-${r}`;
      const connection = `${provider}-${r}`;
      // One location object per region, as the catalog builder makes them.
      const location = { latitude: random() * 140 - 70, longitude: random() * 360 - 180 };
      const priceFactor = 1 + random() * 0.5;
      for (let s = 0; s < specsPerRegion; s++) {
        const vcpus = 2 ** Math.floor(random() * 7);
        const memoryGiB = vcpus * 2 ** Math.floor(random() * 3 + 1);
        const architecture = random() < 0.25 ? "arm64" : "x86_64";
        const specName = specNames[s] as string;
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
  // Frozen, as buildCatalog's offers are: rankOffers then reuses the index without a check per call.
  return Object.freeze(offers);
}

const weights = [2, 1, 1];
const priorities: Priority[] = [
  { metric: "cost", weight: 2 },
  { metric: "location", near: seoul },
  { metric: "latency", from: [seoul, frankfurt] },
];
const filter = {
  ranges: { vcpus: { min: 4, max: 32 }, memoryGiB: { min: 8 }, pricePerHour: { max: 1.5 } },
  architecture: ["x86_64", "arm64"],
} satisfies RankRequest["filter"];

/**
 * The naive full sort, with rankOffers' maths (min-max normalization, shares w/Σw summed in order
 * and rounded to 12 decimals, tie-breaks by the priorities, price, id): every figure of every
 * filtered row, then one sort of them all.
 */
function naiveRank(offers: readonly Offer[], combine: "weighted" | "lexicographic", limit: number): string[] {
  const rows: Offer[] = [];
  for (const o of offers) {
    if (!(o.vcpus >= 4 && o.vcpus <= 32 && o.memoryGiB >= 8)) continue;
    if (o.price?.currency !== "USD" || !(o.price.perHour <= 1.5)) continue;
    if (o.architecture !== "x86_64" && o.architecture !== "arm64") continue;
    rows.push(o);
  }
  const n = rows.length;
  const values = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const perLocation = new Map<object, [number, number]>();
  for (let i = 0; i < n; i++) {
    const o = rows[i] as Offer;
    (values[0] as Float64Array)[i] = (o.price as { perHour: number }).perHour;
    const loc = o.location;
    let figures = loc ? perLocation.get(loc) : undefined;
    if (loc && !figures) {
      const rtt = 0 + modelledRttMs(haversineKm(seoul, loc)) + modelledRttMs(haversineKm(frankfurt, loc));
      figures = [haversineKm(seoul, loc), rtt];
      perLocation.set(loc, figures);
    }
    (values[1] as Float64Array)[i] = figures ? figures[0] : Number.NaN;
    (values[2] as Float64Array)[i] = figures ? figures[1] : Number.NaN;
  }
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const total = new Float64Array(n);
  for (let c = 0; c < 3; c++) {
    const column = values[c] as Float64Array;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of column) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const share = (weights[c] as number) / weightSum;
    const range = hi - lo;
    for (let i = 0; i < n; i++) {
      const v = column[i] as number;
      if (!Number.isNaN(v)) total[i] = (total[i] as number) + share * (range === 0 ? 1 : (hi - v) / range);
    }
  }
  for (let i = 0; i < n; i++) total[i] = Math.round((total[i] as number) * 1e12) / 1e12;
  const key = (c: number, i: number): number => {
    const v = (values[c] as Float64Array)[i] as number;
    return Number.isNaN(v) ? Infinity : v;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    if (combine === "weighted" && total[a] !== total[b]) return (total[b] as number) - (total[a] as number);
    for (let c = 0; c < 3; c++) {
      const d = key(c, a) - key(c, b);
      if (d !== 0) return d;
    }
    // The price is the cost value, already compared; then the id.
    const ia = (rows[a] as Offer).id;
    const ib = (rows[b] as Offer).id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const ids = new Array<string>(Math.min(limit, n));
  for (let i = 0; i < ids.length; i++) ids[i] = (rows[order[i] as number] as Offer).id;
  return ids;
}

interface Sample {
  readonly ms: number;
  readonly ids: string[];
  readonly matched: number;
}

function timed(run: () => { ids: string[]; matched: number }): Sample {
  const started = performance.now();
  const { ids, matched } = run();
  return { ms: performance.now() - started, ids, matched };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** min, p10, median, p90 and max of a few dozen samples. */
function summary(values: readonly number[]): { min: number; p10: number; p50: number; p90: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => {
    const pos = q * (sorted.length - 1);
    const low = Math.floor(pos);
    const high = Math.ceil(pos);
    return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (pos - low);
  };
  return { min: at(0), p10: at(0.1), p50: at(0.5), p90: at(0.9), max: at(1) };
}

type Line = BenchLine & Readonly<Record<string, unknown>>;

/** Ranks each catalog in every scenario, paired and interleaved; prints JSON lines. */
export async function placementRankBench(): Promise<void> {
  const p50At = new Map<string, number>();
  for (const { regionsPerProvider, specsPerRegion, warmUp, samples } of catalogs) {
    const offers = syntheticCatalog(regionsPerProvider, specsPerRegion);
    const n = offers.length;
    const size = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;

    // The index is built once per catalog array, by the first request; later requests reuse it.
    const build = timed(() => {
      const ranking = rankOffers(offers, { filter, priorities, limit: 1 });
      return { ids: [], matched: ranking.matched };
    });
    const firstNaive = timed(() => ({ ids: naiveRank(offers, "weighted", 1), matched: 0 }));
    emit({
      bench: "placement-rank",
      metric: `${size}-offers.first-request-with-index-build`,
      value: round(build.ms),
      unit: "ms",
      baseline: round(firstNaive.ms),
      ratio: round(build.ms / firstNaive.ms),
      note: "one-off per catalog array: columns, price and performance runs sorted, places grouped",
    });

    for (const combine of ["weighted", "lexicographic"] as const) {
      for (const limit of limits) {
        const request: RankRequest = { filter, priorities, combine, ...(limit === undefined ? {} : { limit }) };
        const index = (): Sample =>
          timed(() => {
            const ranking = rankOffers(offers, request);
            return { ids: ranking.results.map((r) => r.offer.id), matched: ranking.matched };
          });
        const wanted = limit === "all" ? Infinity : (limit ?? defaultLimit);
        const naive = (): Sample => timed(() => ({ ids: naiveRank(offers, combine, wanted), matched: 0 }));
        const label = `${combine}.${size}-offers.limit-${limit === undefined ? `default-${defaultLimit}` : limit}`;

        const indexMs: number[] = [];
        const naiveMs: number[] = [];
        const speedups: number[] = [];
        let matched = 0;
        for (let s = 0; s < warmUp + samples; s++) {
          // Alternate which goes first, so neither always runs on the other's garbage.
          let fast: Sample;
          let slow: Sample;
          if (s % 2 === 0) {
            fast = index();
            slow = naive();
          } else {
            slow = naive();
            fast = index();
          }
          // Both must agree, or the comparison means nothing.
          if (!sameIds(fast.ids, slow.ids))
            throw new Error(
              `${label}: rankings differ: ${fast.ids.slice(0, 5).join()} vs ${slow.ids.slice(0, 5).join()}`,
            );
          matched = fast.matched;
          if (s >= warmUp) {
            indexMs.push(fast.ms);
            naiveMs.push(slow.ms);
            speedups.push(slow.ms / fast.ms);
          }
          // Let timers and I/O run between pairs.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const a = summary(indexMs);
        const b = summary(naiveMs);
        const speed = summary(speedups);
        p50At.set(`${combine}.${String(limit)}.${n}`, a.p50);
        const common = { samples, matched };
        emit({
          bench: "placement-rank",
          metric: `${label}.p50`,
          value: round(a.p50),
          unit: "ms",
          baseline: round(b.p50),
          ratio: round(a.p50 / b.p50),
          min: round(a.min),
          p10: round(a.p10),
          p90: round(a.p90),
          baselineMin: round(b.min),
          baselineP10: round(b.p10),
          baselineP90: round(b.p90),
          ...(n === 100_000 && limit !== "all" ? { goal: "< 5 ms", met: a.p50 < 5 } : {}),
          ...common,
        });
        emit({
          bench: "placement-rank",
          metric: `${label}.speedup`,
          value: round(speed.p50),
          unit: "x (naive / index, median of pairs)",
          baseline: 1,
          ratio: round(speed.p50),
          p10: round(speed.p10),
          p90: round(speed.p90),
          ...(limit === "all" ? {} : { goal: ">= 10", met: speed.p50 >= 10 }),
          ...common,
        });
      }
    }
  }
  // Linear or better: ten times the offers should cost at most ten times the time.
  for (const combine of ["weighted", "lexicographic"] as const) {
    for (const limit of limits) {
      const small = p50At.get(`${combine}.${String(limit)}.100000`);
      const large = p50At.get(`${combine}.${String(limit)}.1000000`);
      if (small === undefined || large === undefined) continue;
      emit({
        bench: "placement-rank",
        metric: `${combine}.limit-${limit === undefined ? `default-${defaultLimit}` : limit}.scaling-1M-vs-100k`,
        value: round(large / small),
        unit: "x (p50 at 1M / p50 at 100k)",
        baseline: 10,
        ratio: round(large / small / 10),
        goal: "<= 10 (linear or better)",
        met: large / small <= 10,
      });
    }
  }
}

function emit(line: Line): void {
  report(line);
}

const round = (v: number): number => Math.round(v * 100) / 100;
