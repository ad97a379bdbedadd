import { describe, expect, it } from "vitest";
import { findAlternatives, ratio, similarityScorer } from "../../src/placement/similarity.js";
import type { SimilarityPolicy, SimilarityTarget } from "../../src/placement/similarity.js";
import { rankOffers } from "../../src/placement/rank.js";
import { offer } from "./support.js";

const cpu = (vcpus: number, memoryGiB: number, architecture: "x86_64" | "arm64" = "x86_64") =>
  offer({ connection: `c-${vcpus}-${memoryGiB}-${architecture}`, vcpus, memoryGiB, architecture });

const score = (target: SimilarityTarget, o: ReturnType<typeof offer>, policy?: SimilarityPolicy): number =>
  similarityScorer(target, policy)(o);

describe("similarity score (Tumblebug computeAlternativeSimilarityScore)", () => {
  const target: SimilarityTarget = { vcpus: 4, memoryGiB: 16, architecture: "x86_64" };

  it("is 100 for an exact match", () => {
    expect(score(target, cpu(4, 16))).toBe(100);
  });

  it("weighs preferred ratios: vCPU 40, memory 40", () => {
    // 14/16 = 0.875 lies within ±20%: 100 · (40 · 1 + 40 · 0.875) / 80 = 93.75.
    expect(score(target, cpu(4, 14))).toBeCloseTo(93.75, 9);
  });

  it("excludes (-1) a required mismatch and a preferred value outside the tolerance", () => {
    expect(score(target, cpu(4, 16, "arm64"))).toBe(-1);
    expect(score(target, cpu(8, 16))).toBe(-1);
    // A wider band admits 8 vCPU: 100 · (40 · 0.5 + 40 · 1) / 80 = 75.
    expect(score(target, cpu(8, 16), { tolerancePercent: 100 })).toBeCloseTo(75, 9);
  });

  it("scores a preferred architecture 1 or 0 with weight 20", () => {
    // 100 · (40 + 40 + 20 · 0) / 100 = 80.
    expect(score(target, cpu(4, 16, "arm64"), { architecture: "preferred" })).toBeCloseTo(80, 9);
    expect(score(target, cpu(4, 16, "arm64"), { architecture: "open" })).toBe(100);
  });

  it("is 100 when nothing is preferred, and requires exact values for required fields", () => {
    expect(score({ vcpus: 4 }, cpu(4, 99), { vcpus: "required" })).toBe(100);
    expect(score({ vcpus: 4 }, cpu(5, 16), { vcpus: "required" })).toBe(-1);
  });

  it("uses the GPU weights when the target wants GPUs", () => {
    const gpuTarget: SimilarityTarget = { vcpus: 8, memoryGiB: 32, gpuCount: 1, gpuMemoryGB: 16 };
    const gpuOffer = (gpuMemoryGB: number) =>
      offer({ vcpus: 8, memoryGiB: 32, gpuCount: 1, gpuModel: "T4", gpuMemoryGB });
    expect(score(gpuTarget, gpuOffer(16))).toBe(100);
    expect(score(gpuTarget, gpuOffer(12))).toBe(-1);
    // Weights vCPU 15, memory 15, GPU count 35, GPU memory 25 (architecture not asked for):
    // 100 · (15 + 15 + 35 + 25 · 0.75) / 90 = 93.06.
    expect(score(gpuTarget, gpuOffer(12), { tolerancePercent: 50 })).toBeCloseTo((100 * 83.75) / 90, 9);
    // The accelerator type is required: a CPU target never gets a GPU spec, nor the reverse.
    expect(score(target, gpuOffer(16))).toBe(-1);
    expect(score(gpuTarget, cpu(8, 32))).toBe(-1);
  });

  it("defines ratio(a, b) = min/max, 1 for two zeros", () => {
    expect(ratio(2, 8)).toBe(0.25);
    expect(ratio(8, 2)).toBe(0.25);
    expect(ratio(0, 0)).toBe(1);
  });

  it("rejects unknown fields and policies, naming them", () => {
    expect(() => similarityScorer({ cpus: 4 } as SimilarityTarget)).toThrow(
      expect.objectContaining({ field: "similarity.like.cpus" }),
    );
    expect(() => similarityScorer({ vcpus: 4 }, { vcpus: "maybe" as "open" })).toThrow(
      expect.objectContaining({ field: "similarity.policy.vcpus", rule: "policy" }),
    );
    expect(() => similarityScorer({ vcpus: -4 })).toThrow(
      expect.objectContaining({ field: "similarity.like.vcpus", rule: "non-negative" }),
    );
  });
});

describe("alternatives", () => {
  it("lists similar offers by score, then price, leaving excluded ones out", () => {
    const offers = [
      offer({ connection: "exact-dear", vcpus: 4, memoryGiB: 16, price: 0.3 }),
      offer({ connection: "exact-cheap", vcpus: 4, memoryGiB: 16, price: 0.2 }),
      offer({ connection: "close", vcpus: 4, memoryGiB: 14, price: 0.1 }),
      offer({ connection: "arm", vcpus: 4, memoryGiB: 16, architecture: "arm64", price: 0.01 }),
      offer({ connection: "big", vcpus: 16, memoryGiB: 64, price: 0.01 }),
    ];
    const found = findAlternatives(
      offers,
      { vcpus: 4, memoryGiB: 16, architecture: "x86_64" },
      { exclude: (o) => o.connection === "exact-dear" },
    );
    expect(found.map((a) => [a.offer.connection, a.score])).toEqual([
      ["exact-cheap", 100],
      ["close", 93.75],
    ]);
  });

  it("works as a ranking priority that also filters", () => {
    const offers = [cpu(4, 14), cpu(4, 16), cpu(2, 4)];
    const ranking = rankOffers(offers, { priorities: [{ metric: "similarity", like: { vcpus: 4, memoryGiB: 16 } }] });
    expect(ranking.results.map((r) => [r.offer.memoryGiB, r.explanation])).toEqual([
      [16, "similarity 100/100"],
      [14, "similarity 93.8/100"],
    ]);
  });
});
