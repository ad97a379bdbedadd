import { alibabaVendorClients, createAlibabaDriver } from "@cloud-barista/driver-alibaba";
import { describe, expect, it } from "vitest";
import { closeRegionsAfterEach, failoverWhenNoCapacity, placeCreateScaleDelete } from "./cloud-regions.js";
import type { CloudRegions } from "./cloud-regions.js";

// MCIS and placement over two Alibaba Cloud regions through driver-alibaba and pop-core, over HTTP
// to the emulator's Alibaba front: the catalog ranks the ECS instance types of both regions by
// DescribePrice, the plan spreads the VMs over the two regions, and the MCIS is made, scaled and
// deleted with nothing left behind; when the nearest zone answers RunInstances with
// OperationDenied.NoStock, the VMs move to the other region.

/** The lists that hold what an MCIS VM makes on Alibaba: kind, product, action, list, item and id fields. */
const listings = [
  ["instance", "ecs", "DescribeInstances", "Instances", "Instance", "InstanceId"],
  ["disk", "ecs", "DescribeDisks", "Disks", "Disk", "DiskId"],
  ["sg", "ecs", "DescribeSecurityGroups", "SecurityGroups", "SecurityGroup", "SecurityGroupId"],
  ["key", "ecs", "DescribeKeyPairs", "KeyPairs", "KeyPair", "KeyPairName"],
  ["vswitch", "vpc", "DescribeVSwitches", "VSwitches", "VSwitch", "VSwitchId"],
  ["vpc", "vpc", "DescribeVpcs", "Vpcs", "Vpc", "VpcId"],
] as const;

type Answer = Partial<Record<string, Partial<Record<string, Record<string, unknown>[]>>>>;

const alibaba: CloudRegions<"seoul" | "tokyo"> = {
  provider: "ALIBABA",
  regions: { seoul: "ap-northeast-2", tokyo: "ap-northeast-1" },
  zoneOf: (region) => `${region}a`,
  // New VPCs and VSwitches stay Pending a while (3 s of world time): the driver waits for them.
  front: { account: "5123456789012345" },
  driver: () => createAlibabaDriver(),
  priceSource: "alibaba-describe-price",
  pricedInBoth: "ecs.g7.large",
  kinds: { all: ["instance", "disk", "sg", "key", "vswitch", "vpc"], perVm: ["instance", "disk"] },
  // What the connection's region holds of what an MCIS VM makes (the region's default VPC aside).
  async leftovers(barista, connection) {
    const clients = await alibabaVendorClients(await barista.connection(connection));
    const RegionId = alibaba.regions[connection];
    const found: string[] = [];
    for (const [kind, product, action, list, item, id] of listings) {
      const answer = await clients[product].request<Answer>(action, { RegionId, PageSize: 50 }, { method: "POST" });
      for (const r of answer[list]?.[item] ?? []) if (r["IsDefault"] !== true) found.push(`${kind} ${String(r[id])}`);
    }
    return found;
  },
  // The zone sells out after the catalog was read and the driver's stock check passed: RunInstances
  // there answers OperationDenied.NoStock.
  refuseCapacity(world, region) {
    world.faults.add({ provider: "ALIBABA", region, api: "RunInstances", kind: "capacity" });
  },
  // Each VM reached RunInstances, which the driver typed as capacity (not retried).
  async expectNoCapacityCalls(barista, connection) {
    await barista.history.flush();
    const calls = await barista.history.query({ connection, api: "RunInstances", from: new Date(0) });
    expect(calls.map((c) => c.error?.code)).toEqual(["CapacityUnavailable", "CapacityUnavailable"]);
  },
};

closeRegionsAfterEach();

describe("MCIS over two Alibaba regions through driver-alibaba", () => {
  it("ranks Alibaba offers across regions by DescribePrice, places, creates, scales and deletes an MCIS", async () => {
    await placeCreateScaleDelete(alibaba);
  });

  it("moves the VMs to the other region when the nearest zone answers OperationDenied.NoStock, leaving nothing there", async () => {
    await failoverWhenNoCapacity(alibaba);
  });
});
