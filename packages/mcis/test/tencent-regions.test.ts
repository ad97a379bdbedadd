import { createTencentDriver, tencentVendorClients } from "@cloud-barista/driver-tencent";
import { describe, expect, it } from "vitest";
import { loadCatalog, planPlacement } from "../src/index.js";
import {
  closeRegionsAfterEach,
  failoverWhenNoCapacity,
  nearSeoulRequest,
  placeCreateScaleDelete,
  startRegions,
} from "./cloud-regions.js";
import type { CloudRegions } from "./cloud-regions.js";

// MCIS and placement over two Tencent Cloud regions through driver-tencent and
// tencentcloud-sdk-nodejs, over HTTP to the emulator's Tencent front: the catalog ranks the CVM
// instance types of both regions by DescribeZoneInstanceConfigInfos' prices, the plan spreads the
// VMs over the two regions, and the MCIS is made, scaled and deleted with nothing left behind; when
// the nearest zone sells out, the VMs move to the other region; a type the zone has SOLD_OUT is
// never placed there.

const tencent: CloudRegions<"seoul" | "tokyo"> = {
  provider: "TENCENT",
  regions: { seoul: "ap-seoul", tokyo: "ap-tokyo" },
  zoneOf: (region) => `${region}-1`,
  // A numeric UIN: the front hands it out with the credential (tag changes name it).
  front: { account: "100023456789" },
  // The world's price list is in US dollars; the driver would call it CNY (the mainland site's currency).
  driver: () => createTencentDriver({ currency: "USD" }),
  priceSource: "tencent-describe-zone-instance-config-infos",
  pricedInBoth: "S5.MEDIUM4",
  // The front's DescribeDisks lists no system disks (MCIS VMs have no data disks): "disk" is only
  // what must not be left.
  kinds: { all: ["instance", "sg", "key", "subnet", "vpc"], perVm: ["instance", "disk"] },
  // What the connection's region holds of what an MCIS VM makes (defaults aside), by raw SDK calls.
  async leftovers(barista, connection) {
    const { cvm, cbs, vpc } = await tencentVendorClients(await barista.connection(connection));
    const found: string[] = [];
    const add = (kind: string, ids: (string | undefined)[]) => {
      for (const id of ids) found.push(`${kind} ${String(id)}`);
    };
    add(
      "instance",
      ((await cvm.DescribeInstances({ Limit: 100 })).InstanceSet ?? []).map((i) => i.InstanceId),
    );
    add(
      "disk",
      ((await cbs.DescribeDisks({ Limit: 100 })).DiskSet ?? []).map((d) => d.DiskId),
    );
    const groups = (await vpc.DescribeSecurityGroups({ Limit: "100" })).SecurityGroupSet ?? [];
    add(
      "sg",
      groups.filter((g) => g.IsDefault !== true).map((g) => g.SecurityGroupId),
    );
    add(
      "key",
      ((await cvm.DescribeKeyPairs({ Limit: 100 })).KeyPairSet ?? []).map((k) => k.KeyId),
    );
    const subnets = (await vpc.DescribeSubnets({ Limit: "100" })).SubnetSet ?? [];
    add(
      "subnet",
      subnets.filter((s) => s.IsDefault !== true).map((s) => s.SubnetId),
    );
    const vpcs = (await vpc.DescribeVpcs({ Limit: "100" })).VpcSet ?? [];
    add(
      "vpc",
      vpcs.filter((v) => v.IsDefault !== true).map((v) => v.VpcId),
    );
    return found;
  },
  // The zone sells out after the catalog was read: every type there is SOLD_OUT.
  refuseCapacity(world, region) {
    world.capacity.limit({ provider: "TENCENT", region, zone: `${region}-1`, maxVms: 0 });
  },
  // The driver asked the zone's sell status afresh before RunInstances (DescribeZoneInstanceConfigInfos,
  // after the network and key were made) and refused the VMs as capacity without calling it.
  async expectNoCapacityCalls(barista, connection) {
    await barista.history.flush();
    const apis = (await barista.history.query({ connection, from: new Date(0) })).map((c) => c.api);
    expect(apis).not.toContain("RunInstances");
    expect(apis).toContain("CreateKeyPair");
    expect(apis.slice(apis.indexOf("CreateKeyPair"))).toContain("DescribeZoneInstanceConfigInfos");
  },
};

closeRegionsAfterEach();

describe("MCIS over two Tencent regions through driver-tencent", () => {
  it("ranks Tencent offers across regions by DescribeZoneInstanceConfigInfos prices, places, creates, scales and deletes an MCIS", async () => {
    await placeCreateScaleDelete(tencent);
  });

  it("moves the VMs to the other region when the nearest zone sells out, leaving nothing there", async () => {
    await failoverWhenNoCapacity(tencent);
  });

  it("never places a type the nearest zone has SOLD_OUT, while the other region still offers it", async () => {
    const { world, barista } = await startRegions(tencent);
    const nearest = (await loadCatalog(barista)).offers;
    const cheapest = planPlacement(nearest, nearSeoulRequest()).subGroups[0]?.offer;
    expect([cheapest?.region, cheapest?.zone]).toEqual(["ap-seoul", "ap-seoul-1"]);
    const soldOut = cheapest?.specName ?? "";
    // The connection's zone sells out of it: the catalog read afresh no longer offers it there.
    world.capacity.limit({ provider: "TENCENT", region: "ap-seoul", zone: "ap-seoul-1", specName: soldOut, maxVms: 0 });
    const offers = (await loadCatalog(barista, { refresh: true })).offers;
    expect(offers.filter((o) => o.specName === soldOut).map((o) => o.region)).toEqual(["ap-tokyo"]);
    const plan = planPlacement(offers, nearSeoulRequest());
    expect(plan.feasible).toBe(true);
    expect(plan.subGroups.map((g) => `${g.offer.region} ${g.offer.specName === soldOut}`)).toEqual(["ap-seoul false"]);
  });
});
