import type { DeclaredRateLimit, ProviderName } from "@cloud-barista/core";
import { defaultCatalogs } from "@cloud-barista/emulator";
import type { ProviderCatalog, RateLimitRule, RegionDef, WorldOptions, WorldTiming } from "@cloud-barista/emulator";

// The world of the mcis-scale benchmark, built the same way in the emulator's process and in the
// SDK's (which needs the region names, the MOCK catalog and the figures of the lower bound).

/** The clouds the MCIS spreads over, each served by its own front of the emulator. */
export const benchProviders = ["MOCK", "AWS", "OPENSTACK"] as const satisfies readonly ProviderName[];
export type BenchProvider = (typeof benchProviders)[number];

/** The smallest x86 spec of each cloud's catalog, for every sub-group in it. */
export const benchSpecs: Record<BenchProvider, string> = { MOCK: "mock-micro", AWS: "t3.micro", OPENSTACK: "m1.small" };

export const timing: Partial<WorldTiming> = { vmBootMs: 40_000, jitterRatio: 0 };
/** The create API of each cloud, as the emulator names it. */
export const createApis = ["RunInstances", "nova:CreateServer"];
const createLatencyMs = 1_500;
const perApi: Record<string, number> = {
  RunInstances: createLatencyMs,
  "nova:CreateServer": createLatencyMs,
  DescribeInstanceStatus: 150,
  DescribeInstances: 200,
};
/** The create bucket of every region: a burst of 20, then 2 creates a second. */
export const createBucket = { capacity: 20, refillPerSecond: 2 };
/** The same buckets as the SDK's `pacing.limits` option declares them: the account's limits, known. */
export const declaredLimits = {
  MOCK: [{ bucket: "creates", apis: ["RunInstances"], ...createBucket }],
  AWS: [{ bucket: "creates", apis: ["RunInstances"], ...createBucket }],
  OPENSTACK: [{ bucket: "creates", apis: ["nova:CreateServer"], ...createBucket }],
} satisfies Record<BenchProvider, DeclaredRateLimit[]>;
const rateLimits: RateLimitRule[] = [
  { name: "creates", api: /^(RunInstances|nova:CreateServer)$/, bucket: "api", ...createBucket },
  { name: "reads", access: "read", bucket: "api", capacity: 100, refillPerSecond: 20 },
  { name: "mutating", bucket: "api", capacity: 200, refillPerSecond: 5 },
];
const plenty = 1_000_000;
const quotas = {
  vpcs: plenty,
  securityGroups: plenty,
  keyPairs: plenty,
  vms: plenty,
  vcpus: plenty,
  disks: plenty,
  diskTotalGB: plenty * 100,
};

/**
 * Lower bound of the whole create in one region with `n` VMs: the create bucket admits its burst
 * at once and then one create per refill, each answered after the create's latency, and the last
 * VM admitted still boots.
 */
export function lowerBoundMs(n: number): number {
  const admit = (Math.max(0, n - createBucket.capacity) / createBucket.refillPerSecond) * 1000;
  return createLatencyMs + admit + (timing.vmBootMs ?? 0);
}

/**
 * The name of the k-th copy of a region, in the shape its cloud's driver accepts: "us-east-1"
 * becomes "us-east-xa-1" (AWS names end in a number), "mock-seoul" becomes "mock-seoul-xa".
 */
function copyName(name: string, k: number): string {
  let letters = "";
  for (let n = k; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(97 + ((n - 1) % 26)) + letters;
  const numbered = /^(.*)-(\d+)$/.exec(name);
  return numbered ? `${numbered[1]}-x${letters}-${numbered[2]}` : `${name}-x${letters}`;
}

/** `count` regions of a catalog: its own first, then copies of them under new names. */
function regionsOf(catalog: ProviderCatalog, count: number): RegionDef[] {
  const own = catalog.regions;
  return Array.from({ length: count }, (_, i) => {
    const base = own[i % own.length] as RegionDef;
    if (i < own.length) return base;
    const name = copyName(base.name, Math.floor(i / own.length));
    const zones = base.zones.map((z) => ({
      ...z,
      name: z.name.startsWith(base.name) ? name + z.name.slice(base.name.length) : z.name,
    }));
    return { ...base, name, displayName: `${base.displayName} (copy)`, zones };
  });
}

/** Regions per cloud for `regionCount` regions in all (split as evenly as possible). */
export function regionsPerProvider(regionCount: number): Record<BenchProvider, number> {
  const share = (i: number): number =>
    Math.floor(regionCount / benchProviders.length) + (i < regionCount % benchProviders.length ? 1 : 0);
  return { MOCK: share(0), AWS: share(1), OPENSTACK: share(2) };
}

/**
 * The benchmark's catalogs: the built-in ones (untouched), each with as many regions as asked
 * (copies of its own beyond them; specs limited to some regions follow their copies).
 */
export function benchCatalogs(regionCount: number): ProviderCatalog[] {
  const counts = regionsPerProvider(regionCount);
  return defaultCatalogs.map((catalog) => {
    const count = (counts as Partial<Record<ProviderName, number>>)[catalog.provider];
    if (count === undefined) return catalog;
    const regions = regionsOf(catalog, count);
    const specs = catalog.specs.map((spec) =>
      spec.regions === undefined
        ? spec
        : {
            ...spec,
            regions: regions.filter((r) => spec.regions?.some((own) => r.name.startsWith(own))).map((r) => r.name),
          },
    );
    return { ...catalog, regions, specs };
  });
}

/** World settings (besides clock and seed) for `regionCount` regions. */
export function benchWorld(regionCount: number): Omit<WorldOptions, "clock" | "seed"> {
  return {
    timing,
    latency: { baseMs: 100, jitterMs: 0, perApi },
    rateLimits: { MOCK: rateLimits, AWS: rateLimits, OPENSTACK: rateLimits },
    quotas: { MOCK: quotas, AWS: quotas, OPENSTACK: quotas },
    catalogs: benchCatalogs(regionCount),
  };
}
