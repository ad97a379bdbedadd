import type { ActionContext, ActionRegistration } from "./actions.js";
import { offsetPage } from "./paging.js";
import { Params } from "./params.js";
import { autoScaling } from "./services.js";

// Auto Scaling (as 2018-04-19), as far as TKE's node pools need it: each pool is an auto-scaling
// group with a launch configuration, made by CreateClusterNodePool from its LaunchConfigurePara.
// DescribeLaunchConfigurations is how a client learns a pool's instance type, disk, key and groups.

function parsed(text: string): Params {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value))
      return new Params(value as Record<string, unknown>);
  } catch {
    // An empty configuration below.
  }
  return new Params({});
}

async function describeLaunchConfigurations(c: ActionContext) {
  const ids = c.params.strings("LaunchConfigurationIds", { max: 100 });
  return c.call(() => {
    const all = [...c.state.tkePools.values()]
      .filter((pool) => c.state.tkePoolOwners.get(pool.launchConfigurationId) === `${c.caller.account}/${c.region}`)
      .filter((pool) => ids === undefined || ids.includes(pool.launchConfigurationId));
    const page = offsetPage(all, c.params, c.pages, { defaultLimit: 20, max: 100 });
    return {
      TotalCount: page.total,
      LaunchConfigurationSet: page.items.map((pool) => {
        const launch = parsed(pool.launchConfigurePara);
        const disk = launch.object("SystemDisk");
        return {
          ProjectId: 0,
          LaunchConfigurationId: pool.launchConfigurationId,
          LaunchConfigurationName: `tke-np-${pool.launchConfigurationId}`,
          InstanceType: launch.string("InstanceType") ?? "",
          InstanceTypes: [launch.string("InstanceType") ?? ""],
          SystemDisk: { DiskType: disk?.string("DiskType") ?? "CLOUD_PREMIUM", DiskSize: disk?.int("DiskSize") ?? 50 },
          DataDisks: [],
          LoginSettings: { KeyIds: launch.object("LoginSettings")?.strings("KeyIds") ?? [] },
          SecurityGroupIds: launch.strings("SecurityGroupIds") ?? [],
          ImageId: launch.string("ImageId") ?? "",
          LaunchConfigurationStatus: "NORMAL",
          InstanceChargeType: launch.string("InstanceChargeType") ?? "POSTPAID_BY_HOUR",
          InstanceTags: [],
          Tags: [],
          VersionNumber: 1,
        };
      }),
    };
  });
}

export const autoScalingActions: readonly ActionRegistration[] = [
  { service: autoScaling, action: "DescribeLaunchConfigurations", handler: describeLaunchConfigurations },
];
