import { describe, expect, it } from "vitest";
import { ConcurrencyLimits } from "../../src/env/limits.js";
import { group, mcisFixture, worldVms } from "../support.js";

const slowRun = { latency: { baseMs: 0, jitterMs: 0, perApi: { RunInstances: 1_000 } } };

/** How many VMs the world launched at each instant (RunInstances takes 1 s, so a wave is one instant). */
function waves(launchedAt: number[]): number[] {
  const byTime = new Map<number, number>();
  for (const t of launchedAt) byTime.set(t, (byTime.get(t) ?? 0) + 1);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
}

describe("concurrency limits", () => {
  it("never has more than perRegion creates in flight in one region", async () => {
    const { mcis, world } = await mcisFixture({ world: slowRun, service: { concurrency: { perRegion: 2 } } });
    await mcis.create({
      namespace: "ns1",
      name: "web",
      subGroups: [group("g1", "seoul", 5), group("g2", "virginia", 3)],
    });
    expect(waves(worldVms(world, "seoul").map((vm) => vm.launchedAt))).toEqual([2, 2, 1]);
    expect(waves(worldVms(world, "virginia").map((vm) => vm.launchedAt))).toEqual([2, 1]);
  });

  it("never has more than perProvider creates in flight over all regions of a provider", async () => {
    const { mcis, world } = await mcisFixture({
      world: slowRun,
      service: { concurrency: { perProvider: 3, perRegion: 10 } },
    });
    await mcis.create({
      namespace: "ns1",
      name: "web",
      subGroups: [group("g1", "seoul", 3), group("g2", "virginia", 3), group("g3", "frankfurt", 3)],
    });
    const all = (["seoul", "virginia", "frankfurt"] as const).flatMap((c) =>
      worldVms(world, c).map((vm) => vm.launchedAt),
    );
    expect(waves(all)).toEqual([3, 3, 3]);
  });

  it("takes per-provider overrides and refuses nonsense", async () => {
    const limits = new ConcurrencyLimits({ providers: { MOCK: { perRegion: 1 } } });
    let active = 0;
    let peak = 0;
    const task = () =>
      limits.run("MOCK", "r", async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
      });
    await Promise.all([task(), task(), task()]);
    expect(peak).toBe(1);
    expect(() => new ConcurrencyLimits({ perRegion: 0 })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "concurrency.perRegion" }),
    );
    expect(() => new ConcurrencyLimits({ providers: { AWS: { perProvider: 1.5 } } })).toThrow(
      expect.objectContaining({ field: "concurrency.providers.AWS.perProvider" }),
    );
  });
});
