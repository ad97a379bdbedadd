import type { ActionRegistration } from "./actions.js";
import { diskCategoriesOf, instanceTypesOf } from "./zone-offers.js";
import { ecs, vpc } from "./products.js";

/**
 * DescribeRegions of a product: every region, with the endpoint a client would use there (ECS
 * names one per region and a status; VPC one central endpoint).
 */
function describeRegionsOf(
  product: ActionRegistration["product"],
  endpoint: (region: string) => string,
  status?: string,
): ActionRegistration {
  return {
    product,
    action: "DescribeRegions",
    regionRequired: false,
    handler: async (c) =>
      c.call((cloud) => ({
        Regions: {
          Region: cloud.catalog.listRegions().items.map((r) => ({
            RegionId: r.name,
            LocalName: r.displayName,
            RegionEndpoint: endpoint(r.name),
            ...(status === undefined ? {} : { Status: status }),
          })),
        },
      })),
  };
}

const describeRegions = describeRegionsOf(ecs, (region) => `ecs.${region}.aliyuncs.com`, "available");

/** DescribeZones: the region's zones with what each sells (disk categories, instance types). */
const describeZones: ActionRegistration = {
  product: ecs,
  action: "DescribeZones",
  handler: async (c) => {
    const verbose = c.params.bool("Verbose") ?? true;
    return c.call((cloud) => ({
      Zones: {
        Zone: cloud.catalog.getRegion(cloud.region).zones.map((zone) => {
          const disks = diskCategoriesOf(cloud, zone.name);
          const types = instanceTypesOf(cloud, zone.name).map((s) => s.name);
          const open = zone.status === "available";
          return {
            ZoneId: zone.name,
            LocalName: zone.displayName,
            ZoneType: "AvailabilityZone",
            AvailableResourceCreation: { ResourceTypes: open ? ["VSwitch", "IoOptimized", "Instance", "Disk"] : [] },
            AvailableDiskCategories: { DiskCategories: open ? disks : [] },
            AvailableVolumeCategories: { VolumeCategories: [] },
            AvailableInstanceTypes: { InstanceTypes: open && verbose ? types : [] },
            AvailableResources: {
              ResourcesInfo: open
                ? [
                    {
                      IoOptimized: true,
                      SystemDiskCategories: { supportedSystemDiskCategory: disks },
                      DataDiskCategories: { supportedDataDiskCategory: disks },
                      InstanceTypes: { supportedInstanceType: types },
                      InstanceTypeFamilies: {
                        supportedInstanceTypeFamily: [
                          ...new Set(instanceTypesOf(cloud, zone.name).map((s) => s.family)),
                        ],
                      },
                      InstanceGenerations: { supportedInstanceGeneration: ["ecs-5"] },
                      NetworkTypes: { supportedNetworkCategory: ["vpc"] },
                    },
                  ]
                : [],
            },
            AvailableDedicatedHostTypes: { DedicatedHostType: [] },
            DedicatedHostGenerations: { DedicatedHostGeneration: [] },
            NetworkTypes: { NetworkType: ["vpc"] },
          };
        }),
      },
    }));
  },
};

/** VPC's DescribeZones: the zones where VSwitches can be made. */
const describeVpcZones: ActionRegistration = {
  product: vpc,
  action: "DescribeZones",
  handler: async (c) =>
    c.call((cloud) => ({
      Zones: {
        Zone: cloud.catalog
          .getRegion(cloud.region)
          .zones.filter((z) => z.status === "available")
          .map((z) => ({ ZoneId: z.name, LocalName: z.displayName, ZoneType: "AvailabilityZone" })),
      },
    })),
};

const describeVpcRegions = describeRegionsOf(vpc, () => "vpc.aliyuncs.com");

export const regionActions: readonly ActionRegistration[] = [
  describeRegions,
  describeZones,
  describeVpcRegions,
  describeVpcZones,
];
