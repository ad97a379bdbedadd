import type { GeoLocation, ImageInfo, PriceInfo, ProviderName, RegionZoneInfo, VmSpecInfo } from "@cloud-barista/core";
import type { CatalogIssue } from "./catalog-issue.js";
import { offerId } from "./offer.js";
import type { Offer, OfferImage, OfferPrice } from "./offer.js";
import type { PerformanceSource } from "./performance.js";

/** One connection's raw lists; a list that failed to load is undefined. */
export interface ConnectionListing {
  readonly name: string;
  readonly provider: ProviderName;
  readonly region: string;
  readonly zone: string | undefined;
  readonly regionZones: readonly RegionZoneInfo[] | undefined;
  readonly specs: readonly VmSpecInfo[];
  readonly prices: readonly PriceInfo[] | undefined;
  readonly images: readonly ImageInfo[] | undefined;
}

const mibPerGib = 1024;

/**
 * Offers of one connection: one per spec of its region. Tolerant by design (catalogs go stale,
 * skypilot#2780, libcloud#1045): a spec without a usable price gets `price: undefined`, a price
 * for a spec that is no longer listed is ignored, NaN or negative prices count as unknown
 * (skypilot-catalog#50), duplicate price rows keep the cheapest (skypilot#3750).
 */
export function offersFromListing(
  listing: ConnectionListing,
  performance?: PerformanceSource,
): { offers: Offer[]; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const issue = (part: CatalogIssue["part"], code: CatalogIssue["code"], message: string, fatal = false): void => {
    issues.push({ connection: listing.name, part, code, message, fatal });
  };
  const regionInfo = listing.regionZones?.find((r) => r.name === listing.region);
  if (listing.zone !== undefined && regionInfo) {
    const zone = regionInfo.zones.find((z) => z.name === listing.zone);
    if (zone?.status === "Unavailable") {
      issue("zone", "CapacityUnavailable", `zone ${listing.zone} is unavailable; the connection offers nothing`, true);
      return { offers: [], issues };
    }
  }
  if (listing.regionZones && !regionInfo?.location) {
    issue("regionZones", "NotFound", `no coordinates for region ${listing.region}; location and latency rank it last`);
  }
  const location: GeoLocation | undefined = regionInfo?.location ? { ...regionInfo.location } : undefined;
  const prices = priceIndex(listing);
  const images = imagesByArchitecture(listing.images ?? []);
  const offers: Offer[] = [];
  const seen = new Set<string>();
  const unpriced: string[] = [];
  for (const spec of listing.specs) {
    if (seen.has(spec.name) || (spec.region !== "" && spec.region !== listing.region)) continue;
    seen.add(spec.name);
    const price = prices.get(spec.name);
    if (!price && listing.prices) unpriced.push(spec.name);
    const gpuCount = spec.gpus.reduce((sum, g) => sum + g.count, 0);
    const firstGpu = spec.gpus[0];
    const query = {
      provider: listing.provider,
      region: listing.region,
      specName: spec.name,
      vcpus: spec.vcpu.count,
      memoryGiB: spec.memorySizeMiB / mibPerGib,
    };
    const score = performance?.(query);
    const known = score !== undefined && Number.isFinite(score);
    const provenance = known ? performance?.provenance?.(query) : undefined;
    offers.push({
      id: offerId(listing.name, spec.name),
      connection: listing.name,
      provider: listing.provider,
      region: listing.region,
      zone: listing.zone,
      specName: spec.name,
      vcpus: spec.vcpu.count,
      memoryGiB: spec.memorySizeMiB / mibPerGib,
      diskGB: spec.diskSizeGB ?? 0,
      gpuCount,
      gpuModel: firstGpu?.model,
      gpuMemoryGB: firstGpu
        ? (firstGpu.memorySizeGB ?? (firstGpu.totalMemorySizeGB ?? 0) / Math.max(1, firstGpu.count))
        : 0,
      architecture: spec.architecture,
      price,
      location,
      performance: known ? score : undefined,
      ...(provenance === undefined ? {} : { performanceProvenance: provenance }),
      images: images.get(spec.architecture) ?? [],
    });
  }
  if (unpriced.length > 0) {
    issue(
      "prices",
      "NotFound",
      `${unpriced.length} spec(s) without a usable price (ranked last on cost): ${unpriced.slice(0, 5).join(", ")}${unpriced.length > 5 ? ", ..." : ""}`,
    );
  }
  return { offers, issues };
}

/** Per spec: the price of the connection's zone, else the region-wide price. */
function priceIndex(listing: ConnectionListing): Map<string, OfferPrice> {
  const zonal = new Map<string, OfferPrice>();
  const regional = new Map<string, OfferPrice>();
  for (const p of listing.prices ?? []) {
    if (p.region !== listing.region) continue;
    const perHour = p.onDemand.price;
    if (typeof perHour !== "number" || !Number.isFinite(perHour) || perHour < 0 || !p.onDemand.currency) continue;
    const target = p.zone === undefined ? regional : p.zone === listing.zone ? zonal : undefined;
    if (!target) continue;
    const known = target.get(p.specName);
    if (known && known.currency === p.onDemand.currency && known.perHour <= perHour) continue;
    target.set(p.specName, { perHour, currency: p.onDemand.currency, source: p.source, retrievedAt: p.retrievedAt });
  }
  for (const [spec, price] of zonal) regional.set(spec, price);
  return regional;
}

function imagesByArchitecture(images: readonly ImageInfo[]): Map<string, OfferImage[]> {
  const out = new Map<string, OfferImage[]>();
  for (const image of images) {
    if (image.status !== "Available") continue;
    const list = out.get(image.osArchitecture) ?? [];
    list.push({
      id: image.id,
      name: image.name,
      osDistribution: image.osDistribution,
      osPlatform: image.osPlatform,
      architecture: image.osArchitecture,
    });
    out.set(image.osArchitecture, list);
  }
  return out;
}
