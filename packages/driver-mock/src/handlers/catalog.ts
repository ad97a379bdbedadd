import type {
  ImageHandler,
  ImageInfo,
  PriceHandler,
  PriceInfo,
  RegionZoneHandler,
  RegionZoneInfo,
  SpecHandler,
  VmSpecInfo,
} from "@cloud-barista/core/driver";
import type { Image, Price, Region, Spec } from "@cloud-barista/emulator";
import type { MockSession } from "../session.js";
import { fromWorldImageStatus, fromWorldOsPlatform, fromWorldZoneStatus } from "../vocabulary.js";

// Catalog data: regions and zones, public images, VM specs and on-demand prices.

export function createRegionZoneHandler(session: MockSession): RegionZoneHandler {
  return {
    list: (ctx) => session.list(ctx, "DescribeRegions", (cloud, page) => cloud.catalog.listRegions(page), toRegionZone),
  };
}

export function createImageHandler(session: MockSession): ImageHandler {
  return {
    list: (ctx) => session.list(ctx, "DescribeImages", (cloud, page) => cloud.catalog.listImages(page), toImage),
    get: async (id, ctx) => toImage(await session.call(ctx, "DescribeImages", (cloud) => cloud.catalog.getImage(id))),
  };
}

export function createSpecHandler(session: MockSession): SpecHandler {
  return {
    list: (ctx) => session.list(ctx, "DescribeInstanceTypes", (cloud, page) => cloud.catalog.listSpecs(page), toSpec),
    get: async (name, ctx) =>
      toSpec(await session.call(ctx, "DescribeInstanceTypes", (cloud) => cloud.catalog.getSpec(name))),
  };
}

export function createPriceHandler(session: MockSession): PriceHandler {
  return {
    list: (ctx) =>
      session.list(
        ctx,
        "GetProducts",
        (cloud, page) => cloud.catalog.listPrices(page),
        (price) => toPrice(price, new Date(ctx.clock.now())),
      ),
  };
}

function toRegionZone(region: Region): RegionZoneInfo {
  return {
    name: region.name,
    displayName: region.displayName,
    location: { ...region.location },
    zones: region.zones.map((zone) => ({
      name: zone.name,
      displayName: zone.displayName,
      status: fromWorldZoneStatus(zone.status),
    })),
  };
}

function toImage(image: Image): ImageInfo {
  return {
    id: image.id,
    name: image.name,
    osArchitecture: image.architecture,
    osPlatform: fromWorldOsPlatform(image.osPlatform),
    osDistribution: image.osDistribution,
    osDiskSizeGB: image.diskSizeGB,
    status: fromWorldImageStatus(image.status),
    extra: { loginUser: image.loginUser },
  };
}

function toSpec(spec: Spec): VmSpecInfo {
  return {
    name: spec.name,
    region: spec.region,
    vcpu: spec.clockGHz === undefined ? { count: spec.vcpus } : { count: spec.vcpus, clockGHz: spec.clockGHz },
    memorySizeMiB: spec.memoryMiB,
    ...(spec.localDiskGB === undefined ? {} : { diskSizeGB: spec.localDiskGB }),
    gpus: spec.gpu
      ? [
          {
            count: spec.gpu.count,
            manufacturer: spec.gpu.manufacturer,
            model: spec.gpu.model,
            memorySizeGB: spec.gpu.memoryGB,
            totalMemorySizeGB: spec.gpu.memoryGB * spec.gpu.count,
          },
        ]
      : [],
    architecture: spec.architecture,
    extra: { family: spec.family },
  };
}

function toPrice(price: Price, retrievedAt: Date): PriceInfo {
  return {
    specName: price.specName,
    region: price.region,
    onDemand: { price: price.price, currency: price.currency, unit: price.unit, pricingId: price.pricingId },
    source: price.source,
    retrievedAt,
  };
}
