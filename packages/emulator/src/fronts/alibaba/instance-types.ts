import type { AccountRegion } from "../../world/account-region.js";
import type { Spec } from "../../world/resources/catalog-service.js";
import type { ActionRegistration } from "./actions.js";
import { AlibabaError, invalidParameter, notFound } from "./errors.js";
import { tokenPage } from "./paging.js";
import { ecs } from "./products.js";
import { diskCategoriesOf, inStock, instanceTypesOf, zoneNames } from "./zone-offers.js";

function category(spec: Spec): string {
  if (spec.gpu) return "GPU-accelerated";
  const family = spec.family.split(".")[1] ?? "";
  if (family.startsWith("c")) return "Compute-optimized";
  if (family.startsWith("r")) return "Memory-optimized";
  if (family.startsWith("t")) return "Shared";
  return "General-purpose";
}

function instanceType(spec: Spec): Record<string, unknown> {
  return {
    InstanceTypeId: spec.name,
    InstanceTypeFamily: spec.family,
    InstanceCategory: category(spec),
    InstanceFamilyLevel: spec.family.startsWith("ecs.t") ? "CreditEntryLevel" : "EnterpriseLevel",
    CpuCoreCount: spec.vcpus,
    MemorySize: spec.memoryMiB / 1024,
    CpuArchitecture: spec.architecture === "arm64" ? "ARM" : "X86",
    CpuSpeedFrequency: spec.clockGHz ?? 2.5,
    CpuTurboFrequency: spec.clockGHz ?? 2.5,
    PhysicalProcessorModel: spec.architecture === "arm64" ? "Yitian 710" : "Intel Xeon (Ice Lake) Platinum 8369B",
    GPUAmount: spec.gpu?.count ?? 0,
    GPUSpec: spec.gpu ? `${spec.gpu.manufacturer} ${spec.gpu.model}` : "",
    GPUMemorySize: spec.gpu?.memoryGB ?? 0,
    LocalStorageCapacity: spec.localDiskGB ?? 0,
    LocalStorageAmount: spec.localDiskGB === undefined ? 0 : 1,
    EniQuantity: Math.max(2, Math.min(8, spec.vcpus)),
    EniPrivateIpAddressQuantity: 6,
    DiskQuantity: 17,
    InstanceBandwidthRx: 1_024_000 * Math.max(1, spec.vcpus / 2),
    InstanceBandwidthTx: 1_024_000 * Math.max(1, spec.vcpus / 2),
  };
}

const describeInstanceTypes: ActionRegistration = {
  product: ecs,
  action: "DescribeInstanceTypes",
  regionRequired: false,
  handler: async (c) => {
    const p = c.params;
    const names = p.list("InstanceTypes");
    if (names.length > 10) throw invalidParameter("InstanceTypes", "At most 10 instance types are allowed.");
    const family = p.string("InstanceTypeFamily");
    const arch = p.oneOf("CpuArchitecture", ["X86", "ARM"]);
    const minCpu = p.int("MinimumCpuCoreCount", { min: 1 });
    const maxCpu = p.int("MaximumCpuCoreCount", { min: 1 });
    const where = (s: Spec) =>
      (names.length === 0 || names.includes(s.name)) &&
      (family === undefined || s.family === family) &&
      (arch === undefined || (arch === "ARM") === (s.architecture === "arm64")) &&
      (minCpu === undefined || s.vcpus >= minCpu) &&
      (maxCpu === undefined || s.vcpus <= maxCpu);
    return c.call((cloud) => {
      const page = tokenPage((o) => cloud.catalog.listSpecs(o), p, c.pages, where, { defaultSize: 1600, max: 1600 });
      return { NextToken: page.nextToken, InstanceTypes: { InstanceType: page.items.map(instanceType) } };
    });
  },
};

const destinations = ["Zone", "IoOptimized", "InstanceType", "SystemDisk", "DataDisk", "Network", "ddh"] as const;

interface Supported {
  Value: string;
  Status: "Available" | "SoldOut";
  StatusCategory: "WithStock" | "WithoutStock";
  Min?: number;
  Max?: number;
  Unit?: string;
}

const stock = (available: boolean): Pick<Supported, "Status" | "StatusCategory"> =>
  available
    ? { Status: "Available", StatusCategory: "WithStock" }
    : { Status: "SoldOut", StatusCategory: "WithoutStock" };

/**
 * DescribeAvailableResource: what each zone sells now and whether it is in stock, from the zone's
 * offers and the world's capacity (a spec whose capacity is used up is SoldOut).
 */
const describeAvailableResource: ActionRegistration = {
  product: ecs,
  action: "DescribeAvailableResource",
  handler: async (c) => {
    const p = c.params;
    const destination = p.oneOf("DestinationResource", destinations);
    if (destination === undefined) p.required("DestinationResource");
    const zoneId = p.string("ZoneId");
    const typeName = p.string("InstanceType");
    const resourceType = p.oneOf("ResourceType", ["instance", "disk", "reservedinstance", "ddh"]) ?? "instance";
    p.oneOf("InstanceChargeType", ["PrePaid", "PostPaid"]);
    const systemCategory = p.string("SystemDiskCategory");
    const dataCategory = p.string("DataDiskCategory");
    const cores = p.int("Cores", { min: 1 });
    const memory = p.string("Memory") === undefined ? undefined : Number(p.string("Memory"));
    if (destination === "SystemDisk" && resourceType === "instance" && typeName === undefined) {
      throw new AlibabaError(
        "Invalid.InstanceType",
        "InstanceType is required when DestinationResource is SystemDisk.",
      );
    }
    return c.call((cloud) => {
      const zones = zoneNames(cloud);
      if (zoneId !== undefined && !zones.includes(zoneId))
        throw new AlibabaError("InvalidZoneId.NotFound", `The specified ZoneId "${zoneId}" does not exist.`, 404);
      const catalogZones = cloud.catalog.getRegion(cloud.region).zones;
      const available = [] as Record<string, unknown>[];
      for (const zone of catalogZones) {
        if (zoneId !== undefined && zone.name !== zoneId) continue;
        const open = zone.status === "available";
        const types = instanceTypesOf(cloud, zone.name);
        const typeHere = typeName === undefined ? undefined : types.find((s) => s.name === typeName);
        if (typeName !== undefined && !typeHere) continue;
        const typeInStock = typeHere === undefined || (open && inStock(c.world, cloud, zone.name, typeHere));
        const resources = supportedIn(cloud, zone.name, destination ?? "Zone", {
          open,
          types: types.filter(
            (s) =>
              (typeName === undefined || s.name === typeName) &&
              (cores === undefined || s.vcpus === cores) &&
              (memory === undefined || s.memoryMiB / 1024 === memory),
          ),
          typeInStock,
          categories: diskCategoriesOf(cloud, zone.name).filter(
            (d) =>
              (destination !== "SystemDisk" || systemCategory === undefined || d === systemCategory) &&
              (destination !== "DataDisk" || dataCategory === undefined || d === dataCategory),
          ),
          c,
        });
        if (resources.length === 0) continue;
        const any = resources.some((r) => r.Status === "Available");
        available.push({
          RegionId: cloud.region,
          ZoneId: zone.name,
          ...stock(any),
          AvailableResources: {
            AvailableResource: [{ Type: destination, SupportedResources: { SupportedResource: resources } }],
          },
        });
      }
      return { AvailableZones: { AvailableZone: available } };
    });
  },
};

function supportedIn(
  cloud: AccountRegion,
  zone: string,
  destination: (typeof destinations)[number],
  o: {
    open: boolean;
    types: Spec[];
    typeInStock: boolean;
    categories: string[];
    c: Parameters<ActionRegistration["handler"]>[0];
  },
): Supported[] {
  switch (destination) {
    case "Zone":
      return [{ Value: zone, ...stock(o.open && o.typeInStock) }];
    case "IoOptimized":
      return [{ Value: "optimized", ...stock(o.open && o.typeInStock) }];
    case "Network":
      return [{ Value: "vpc", ...stock(o.open && o.typeInStock) }];
    case "ddh":
      return [];
    case "InstanceType":
      return o.types.map((s) => ({ Value: s.name, ...stock(o.open && inStock(o.c.world, cloud, zone, s)) }));
    case "SystemDisk":
    case "DataDisk": {
      const defs = cloud.catalog.diskTypes();
      return o.categories.map((name) => {
        const def = defs.find((d) => d.name === name);
        const system = destination === "SystemDisk";
        return {
          Value: name,
          ...stock(o.open && o.typeInStock),
          Min: system ? Math.max(20, def?.minGB ?? 20) : (def?.minGB ?? 20),
          Max: system ? 2048 : (def?.maxGB ?? 32768),
          Unit: "GiB",
        };
      });
    }
  }
}

const hoursPer: Readonly<Record<string, number>> = { Hour: 1, Week: 168, Month: 720, Year: 8760 };

/** DescribePrice: an instance type's pay-as-you-go Linux price from the world's prices. */
const describePrice: ActionRegistration = {
  product: ecs,
  action: "DescribePrice",
  handler: async (c) => {
    const p = c.params;
    const resourceType =
      p.oneOf("ResourceType", ["instance", "disk", "bandwidth", "ddh", "ElasticityAssurance", "CapacityReservation"]) ??
      "instance";
    if (resourceType !== "instance") {
      throw new AlibabaError(
        "InvalidResourceType.NotSupported",
        `The emulator prices instances only, not ${resourceType}.`,
      );
    }
    const typeName = p.required("InstanceType");
    const unit = p.oneOf("PriceUnit", ["Hour", "Week", "Month", "Year"]) ?? "Hour";
    const period = p.int("Period", { min: 1 }) ?? 1;
    const amount = p.int("Amount", { min: 1, max: 1000 }) ?? 1;
    return c.call((cloud) => {
      const price = cloud.catalog.listPrices().items.find((pr) => pr.specName === typeName);
      if (!price) throw notFound("spec", typeName);
      const total = Math.round(price.price * (hoursPer[unit] ?? 1) * period * amount * 10_000) / 10_000;
      return {
        PriceInfo: {
          Price: {
            OriginalPrice: total,
            DiscountPrice: 0,
            TradePrice: total,
            Currency: price.currency,
            DetailInfos: {
              DetailInfo: [
                { Resource: "instanceType", OriginalPrice: total, DiscountPrice: 0, TradePrice: total },
                { Resource: "systemDisk", OriginalPrice: 0, DiscountPrice: 0, TradePrice: 0 },
              ],
            },
          },
          Rules: { Rule: [] },
        },
      };
    });
  },
};

export const instanceTypeActions: readonly ActionRegistration[] = [
  describeInstanceTypes,
  describeAvailableResource,
  describePrice,
];
