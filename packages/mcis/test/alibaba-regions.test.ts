import { alibabaVendorClients, createAlibabaDriver } from "@cloud-barista/driver-alibaba";
import { addFrontConnection } from "@cloud-barista/emulator";
import type { World } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/index.js";
import {
  baristaOnFront,
  closeAfterEach,
  createScaleDelete,
  failOverToAnotherRegion,
  nearSeoulRequest,
  rankAcrossRegions,
  twoRegionRequest,
} from "./cloud-regions.js";
import type { CloudRegions } from "./cloud-regions.js";

// MCIS and placement over two Alibaba Cloud regions through driver-alibaba and pop-core, over HTTP
// to the emulator's Alibaba front: the catalog ranks the ECS instance types of both regions by
// DescribePrice, the plan spreads the VMs over the two regions, and the MCIS is made, scaled and
// deleted with nothing left behind; a zone that answers OperationDenied.NoStock is moved away from.

/** Connection name -> Alibaba region, and the zone each connection uses. */
const regions = { seoul: "ap-northeast-2", tokyo: "ap-northeast-1" } as const;
const zones = { seoul: "ap-northeast-2a", tokyo: "ap-northeast-1a" } as const;

const closeLater = closeAfterEach();

/** The lists that hold what an MCIS VM makes on Alibaba: kind, product, action, list, item and id fields. */
const listings = [
  ["vm", "ecs", "DescribeInstances", "Instances", "Instance", "InstanceId"],
  ["disk", "ecs", "DescribeDisks", "Disks", "Disk", "DiskId"],
  ["sg", "ecs", "DescribeSecurityGroups", "SecurityGroups", "SecurityGroup", "SecurityGroupId"],
  ["key", "ecs", "DescribeKeyPairs", "KeyPairs", "KeyPair", "KeyPairName"],
  ["vswitch", "vpc", "DescribeVSwitches", "VSwitches", "VSwitch", "VSwitchId"],
  ["vpc", "vpc", "DescribeVpcs", "Vpcs", "Vpc", "VpcId"],
] as const;

type Answer = Partial<Record<string, Partial<Record<string, Record<string, unknown>[]>>>>;

async function alibabaClouds(): Promise<CloudRegions & { world: World }> {
  // New VPCs and VSwitches stay Pending a while (3 s): the driver waits for them on the world's clock.
  const { world, front, barista } = await baristaOnFront("ALIBABA", { account: "5123456789012345" }, closeLater);
  const driver = barista.drivers.register(createAlibabaDriver());
  for (const [connection, region] of Object.entries(regions)) {
    await addFrontConnection(barista, front, {
      connection,
      driver,
      region,
      zone: zones[connection as keyof typeof zones],
    });
  }
  /** What the connection's region holds of what an MCIS VM makes (the region's default VPC aside). */
  const leftovers = async (connection: string): Promise<string[]> => {
    const clients = await alibabaVendorClients(await barista.connection(connection));
    const RegionId = regions[connection as keyof typeof regions];
    const found: string[] = [];
    for (const [kind, product, action, list, item, id] of listings) {
      const answer = await clients[product].request<Answer>(action, { RegionId, PageSize: 50 }, { method: "POST" });
      for (const r of answer[list]?.[item] ?? []) if (r["IsDefault"] !== true) found.push(`${kind} ${String(r[id])}`);
    }
    return found;
  };
  return { world, barista, regions, leftovers };
}

const ref = { namespace: "ns", name: "alibaba-app" };

describe("MCIS over two Alibaba regions through driver-alibaba", () => {
  it("ranks Alibaba offers across regions by DescribePrice, places, creates, scales and deletes an MCIS", async () => {
    const clouds = await alibabaClouds();
    const offers = await rankAcrossRegions(clouds, {
      places: ["ALIBABA ap-northeast-2/ap-northeast-2a", "ALIBABA ap-northeast-1/ap-northeast-1a"],
      source: "alibaba-describe-price",
      spec: "ecs.g7.large",
    });
    await createScaleDelete(clouds, offers, twoRegionRequest, ref, ["vm", "disk", "sg", "key", "vswitch", "vpc"]);
  });

  it("moves the VMs to the other region when the nearest zone answers OperationDenied.NoStock, leaving nothing there", async () => {
    const clouds = await alibabaClouds();
    const offers = (await loadCatalog(clouds.barista)).offers;
    // The zone sold out after the catalog was read: RunInstances there answers NoStock.
    const noStock = clouds.world.faults.add({
      provider: "ALIBABA",
      region: "ap-northeast-2",
      api: "RunInstances",
      kind: "capacity",
    });
    // Seoul's refused VMs leave no instance or disk there.
    const route = { from: "seoul", to: "tokyo", vmKinds: ["vm", "disk"] };
    await failOverToAnotherRegion(clouds, offers, nearSeoulRequest, ref, route);
    expect(noStock.fired).toBeGreaterThan(0);
    await clouds.barista.history.flush();
    const refused = await clouds.barista.history.query({ connection: "seoul", from: new Date(0) });
    // The driver typed Alibaba's OperationDenied.NoStock as capacity, which placement moves away from.
    expect(refused.filter((r) => r.api === "RunInstances").map((r) => r.error?.code)).toContain("CapacityUnavailable");
  });
});
