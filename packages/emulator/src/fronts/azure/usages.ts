import type { FrontResponse } from "../http-front.js";
import { ArmError } from "./arm-error.js";
import { gate, json } from "./context.js";
import type { ArmContext } from "./context.js";

/** The world's quotas Compute reports as usages, by Compute's names. */
const computeUsages = [
  ["vcpus", "cores", "Total Regional vCPUs"],
  ["vms", "virtualMachines", "Virtual Machines"],
] as const;

/** GET .../providers/Microsoft.Compute/locations/{location}/usages: the subscription's compute use and limits there. */
export async function serveUsages(ctx: ArmContext, location: string): Promise<FrontResponse> {
  const region = ctx.world.catalog("AZURE").regions.find((r) => r.name === location.toLowerCase())?.name;
  if (!region) {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${location}' is not available for resource type 'Microsoft.Compute/locations/usages'.`,
    );
  }
  const usage = await gate(ctx, region, "Usage_List", (cloud) => cloud.quotaUsage());
  const value = computeUsages.flatMap(([world, name, localized]) => {
    const q = usage.find((u) => u.name === world);
    return q
      ? [{ unit: "Count", currentValue: q.used, limit: q.limit, name: { value: name, localizedValue: localized } }]
      : [];
  });
  return json(200, { value });
}
