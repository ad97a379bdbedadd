import type { ActionRegistration } from "./actions.js";
import { TencentError, invalidValue } from "./errors.js";
import { filtersOf, passes } from "./paging.js";
import { requireZone } from "./regions.js";
import { cbs, cvm } from "./services.js";
import { diskTypesOf, familyOf, hourlyPrice, inStock, instanceTypesOf } from "./zone-offers.js";

const typeNames: Readonly<Record<string, string>> = {
  S5: "Standard S5",
  S6: "Standard S6",
  SA5: "Standard SA5",
  C5: "Compute C5",
  SR1: "Standard ARM SR1",
  GN7: "GPU GN7",
  GN10Xp: "GPU GN10Xp",
  GT4: "GPU GT4",
};

function itemPrice(unitPrice: number): Record<string, unknown> {
  return {
    UnitPrice: unitPrice,
    ChargeUnit: "HOUR",
    UnitPriceDiscount: unitPrice,
    Discount: 100,
  };
}

const describeZoneInstanceConfigInfos: ActionRegistration = {
  service: cvm,
  action: "DescribeZoneInstanceConfigInfos",
  handler: async (c) => {
    const filters = filtersOf(c.params, [
      "zone",
      "instance-family",
      "instance-type",
      "instance-charge-type",
      "sort-keys",
    ]);
    for (const charge of filters.get("instance-charge-type") ?? []) {
      if (!["PREPAID", "POSTPAID_BY_HOUR", "SPOTPAID", "CDHPAID", "CDCPAID"].includes(charge)) {
        throw invalidValue("Filters.instance-charge-type", `\`${charge}\` is not a charge type.`);
      }
    }
    const charges = filters.get("instance-charge-type");
    if (charges && !charges.includes("POSTPAID_BY_HOUR")) return { InstanceTypeQuotaSet: [] };
    return c.call((cloud) => {
      const zones = cloud.catalog.getRegion(cloud.region).zones.filter((z) => passes(filters, "zone", z.name));
      const set = zones.flatMap((zone) =>
        instanceTypesOf(cloud, zone.name)
          .filter((spec) => passes(filters, "instance-type", spec.name))
          .filter((spec) => passes(filters, "instance-family", familyOf(spec.name)))
          .map((spec) => {
            const selling = zone.status === "available" && inStock(c.world, cloud, zone.name, spec);
            const family = familyOf(spec.name);
            return {
              Zone: zone.name,
              InstanceType: spec.name,
              InstanceChargeType: "POSTPAID_BY_HOUR",
              NetworkCard: 25,
              Externals: {},
              Cpu: spec.vcpus,
              Memory: Math.round(spec.memoryMiB / 1024),
              InstanceFamily: family,
              TypeName: typeNames[family] ?? family,
              LocalDiskTypeList: [],
              Status: selling ? "SELL" : "SOLD_OUT",
              ...(selling ? {} : { SoldOutReason: "Resources in the zone are sold out." }),
              Price: itemPrice(hourlyPrice(cloud, spec.name)),
              InstanceBandwidth: 1.5,
              InstancePps: 30,
              StorageBlockAmount: 0,
              CpuType: spec.architecture === "arm64" ? "Ampere Altra" : "Intel Xeon Cascade Lake",
              Gpu: spec.gpu?.count ?? 0,
              GpuCount: spec.gpu?.count ?? 0,
              Fpga: 0,
              Frequency: spec.clockGHz === undefined ? "-" : `${spec.clockGHz}GHz`,
              StatusCategory: selling ? "EnoughStock" : "WithoutStock",
              Remark: "",
            };
          }),
      );
      return { InstanceTypeQuotaSet: set };
    });
  },
};

const inquiryPriceRunInstances: ActionRegistration = {
  service: cvm,
  action: "InquiryPriceRunInstances",
  handler: async (c) => {
    const p = c.params;
    const zone = p.requiredObject("Placement").required("Zone");
    p.required("ImageId");
    const typeName = p.string("InstanceType") ?? "S5.SMALL2";
    const charge = p.oneOf("InstanceChargeType", ["PREPAID", "POSTPAID_BY_HOUR", "SPOTPAID", "CDHPAID"]);
    if (charge !== undefined && charge !== "POSTPAID_BY_HOUR") {
      throw new TencentError(
        "UnsupportedOperation",
        "The emulator prices pay-as-you-go (POSTPAID_BY_HOUR) instances only.",
      );
    }
    const count = p.int("InstanceCount", { min: 1, max: 100 }) ?? 1;
    const bandwidth = p.object("InternetAccessible")?.int("InternetMaxBandwidthOut", { min: 0 }) ?? 0;
    return c.call((cloud) => {
      requireZone(cloud, zone);
      if (!instanceTypesOf(cloud, zone).some((s) => s.name === typeName)) {
        throw new TencentError(
          "InvalidInstanceType.NotFound",
          `The instance type \`${typeName}\` is not sold in ${zone}.`,
        );
      }
      const unit = Math.round(hourlyPrice(cloud, typeName) * count * 10_000) / 10_000;
      const bandwidthUnit = Math.round(bandwidth * 0.08 * 10_000) / 10_000;
      return { Price: { InstancePrice: itemPrice(unit), BandwidthPrice: itemPrice(bandwidthUnit) } };
    });
  },
};

const describeDiskConfigQuota: ActionRegistration = {
  service: cbs,
  action: "DescribeDiskConfigQuota",
  handler: async (c) => {
    const p = c.params;
    p.required("InquiryType");
    p.oneOf("InquiryType", ["INQUIRY_CBS_CONFIG", "INQUIRY_CVM_CONFIG"]);
    const usage = p.oneOf("DiskUsage", ["SYSTEM_DISK", "DATA_DISK"]);
    const wantedZones = p.strings("Zones");
    const wantedTypes = p.strings("DiskTypes");
    const charge = p.oneOf("DiskChargeType", ["PREPAID", "POSTPAID_BY_HOUR", "CDCPAID"]);
    return c.call((cloud) => {
      const zones = cloud.catalog
        .getRegion(cloud.region)
        .zones.filter((z) => z.status === "available" && (wantedZones === undefined || wantedZones.includes(z.name)));
      const usages = usage === undefined ? ["SYSTEM_DISK", "DATA_DISK"] : [usage];
      const set = zones.flatMap((zone) =>
        diskTypesOf(cloud, zone.name)
          .filter((type) => wantedTypes === undefined || wantedTypes.includes(type))
          .flatMap((type) => {
            const def = cloud.catalog.diskTypes().find((d) => d.name === type);
            return usages.map((diskUsage) => ({
              Available: true,
              DiskChargeType: charge ?? "POSTPAID_BY_HOUR",
              Zone: zone.name,
              DiskType: type,
              DiskUsage: diskUsage,
              MinDiskSize: diskUsage === "SYSTEM_DISK" ? Math.max(20, def?.minGB ?? 20) : (def?.minGB ?? 10),
              MaxDiskSize: diskUsage === "SYSTEM_DISK" ? 1024 : (def?.maxGB ?? 32000),
              StepSize: 10,
              DeviceClass: "",
              InstanceFamily: "",
            }));
          }),
      );
      return { DiskConfigSet: set };
    });
  },
};

const describeInstanceTypeConfigs: ActionRegistration = {
  service: cvm,
  action: "DescribeInstanceTypeConfigs",
  handler: async (c) => {
    const filters = filtersOf(c.params, ["zone", "instance-family", "instance-type"]);
    return c.call((cloud) => ({
      InstanceTypeConfigSet: cloud.catalog
        .getRegion(cloud.region)
        .zones.filter((zone) => passes(filters, "zone", zone.name))
        .flatMap((zone) =>
          instanceTypesOf(cloud, zone.name)
            .filter((spec) => passes(filters, "instance-type", spec.name))
            .filter((spec) => passes(filters, "instance-family", familyOf(spec.name)))
            .map((spec) => ({
              Zone: zone.name,
              InstanceType: spec.name,
              InstanceFamily: familyOf(spec.name),
              CPU: spec.vcpus,
              Memory: Math.round(spec.memoryMiB / 1024),
              GPU: spec.gpu?.count ?? 0,
              GpuCount: spec.gpu?.count ?? 0,
              ...(spec.gpu ? { GpuType: spec.gpu.model, GpuMemory: spec.gpu.memoryGB } : {}),
              FPGA: 0,
            })),
        ),
    }));
  },
};

export const specActions: ActionRegistration[] = [
  describeInstanceTypeConfigs,
  describeZoneInstanceConfigInfos,
  inquiryPriceRunInstances,
  describeDiskConfigQuota,
];
