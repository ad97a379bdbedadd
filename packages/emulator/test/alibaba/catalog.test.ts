/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultCatalogs } from "../../src/index.js";
import { frontFixture, region } from "./support.js";
import type { Body, Fixture } from "./support.js";

let f: Fixture;
beforeEach(async () => {
  f = await frontFixture({ front: { maxPageSize: 3 } });
});
afterEach(() => f.close());

describe("the Alibaba front's catalog", () => {
  it("lists zones with the disk categories and instance types each sells", async () => {
    const zones: Body[] = (await f.ok("DescribeZones")).Zones.Zone;
    expect(zones.map((z) => z.ZoneId)).toContain("cn-hangzhou-b");
    const first = zones[0] as Body;
    expect(first.AvailableResourceCreation.ResourceTypes).toContain("Instance");
    expect(first.AvailableDiskCategories.DiskCategories).toEqual(expect.arrayContaining(["cloud_essd", "cloud_ssd"]));
    expect(first.AvailableInstanceTypes.InstanceTypes).toContain("ecs.g7.large");
    const last = zones[zones.length - 1] as Body;
    expect(last.AvailableDiskCategories.DiskCategories).not.toContain("cloud_ssd");
  });

  it("pages system images by PageNumber and PageSize with TotalCount, filtered by OSType and Architecture", async () => {
    const seen: string[] = [];
    let total = 0;
    for (let page = 1; page <= 10; page++) {
      const body = await f.ok("DescribeImages", { ImageOwnerAlias: "system", PageNumber: page, PageSize: 3 });
      total = body.TotalCount;
      expect(body.PageSize).toBe(3);
      const ids = body.Images.Image.map((i: Body) => i.ImageId);
      if (ids.length === 0) break;
      seen.push(...ids);
    }
    expect(total).toBeGreaterThan(6);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const arm = await f.ok("DescribeImages", { ImageOwnerAlias: "system", OSType: "linux", Architecture: "arm64" });
    expect(arm.Images.Image.length).toBeGreaterThan(0);
    for (const image of arm.Images.Image) {
      expect(image).toMatchObject({
        ImageOwnerAlias: "system",
        OSType: "linux",
        Architecture: "arm64",
        Status: "Available",
      });
    }
    const ubuntu = (await f.ok("DescribeImages", { ImageId: "ubuntu_22_04_x64_20G_alibase_20250113.vhd" })).Images
      .Image;
    expect(ubuntu).toHaveLength(1);
    expect(ubuntu[0]).toMatchObject({ Platform: "Ubuntu", OSType: "linux", Size: 20 });
  });

  it("refuses a PageSize above 100", async () => {
    expect((await f.call("DescribeImages", { PageSize: 101 })).body["Code"]).toBe("InvalidParameter");
  });

  it("describes instance types and follows NextToken", async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const body = await f.ok("DescribeInstanceTypes", token ? { NextToken: token } : {});
      names.push(...body.InstanceTypes.InstanceType.map((t: Body) => t.InstanceTypeId));
      token = body.NextToken || undefined;
    } while (token);
    expect(names).toContain("ecs.g7.large");
    expect(names.length).toBeGreaterThan(6);
    const g7 = (await f.ok("DescribeInstanceTypes", { "InstanceTypes.1": "ecs.g8y.large" })).InstanceTypes.InstanceType;
    expect(g7).toEqual([
      expect.objectContaining({
        InstanceTypeFamily: "ecs.g8y",
        CpuCoreCount: 2,
        MemorySize: 8,
        CpuArchitecture: "ARM",
      }),
    ]);
  });

  it("reports per-zone stock from the world's capacity", async () => {
    const query = { DestinationResource: "InstanceType", InstanceType: "ecs.g7.large" };
    const before = (await f.ok("DescribeAvailableResource", query)).AvailableZones.AvailableZone;
    expect(before.find((z: Body) => z.ZoneId === "cn-hangzhou-b")).toMatchObject({
      Status: "Available",
      StatusCategory: "WithStock",
    });
    f.world.capacity.limit({ provider: "ALIBABA", region, zone: "cn-hangzhou-b", specName: "ecs.g7.large", maxVms: 0 });
    const after = (await f.ok("DescribeAvailableResource", query)).AvailableZones.AvailableZone;
    const b = after.find((z: Body) => z.ZoneId === "cn-hangzhou-b");
    expect(b).toMatchObject({ Status: "SoldOut", StatusCategory: "WithoutStock" });
    expect(b.AvailableResources.AvailableResource[0].SupportedResources.SupportedResource[0]).toMatchObject({
      Value: "ecs.g7.large",
      Status: "SoldOut",
    });
    expect(after.find((z: Body) => z.ZoneId === "cn-hangzhou-g").Status).toBe("Available");
  });

  it("lists system disk categories per zone for an instance type", async () => {
    const zones = (
      await f.ok("DescribeAvailableResource", { DestinationResource: "SystemDisk", InstanceType: "ecs.g7.large" })
    ).AvailableZones.AvailableZone;
    const categories = (zoneId: string) =>
      zones
        .find((z: Body) => z.ZoneId === zoneId)
        .AvailableResources.AvailableResource[0].SupportedResources.SupportedResource.map((r: Body) => r.Value);
    expect(categories("cn-hangzhou-b")).toContain("cloud_ssd");
    expect(categories("cn-hangzhou-k")).not.toContain("cloud_ssd");
    expect(categories("cn-hangzhou-k")).toContain("cloud_essd");
    expect((await f.call("DescribeAvailableResource", {})).body["Code"]).toBe("MissingParameter");
  });

  it("prices an instance type pay-as-you-go per hour", async () => {
    const body = await f.ok("DescribePrice", { InstanceType: "ecs.g7.large" });
    const prices = f.cloud().catalog.listPrices().items;
    const expected = prices.find((p) => p.specName === "ecs.g7.large")?.price;
    expect(body.PriceInfo.Price).toMatchObject({ TradePrice: expected, OriginalPrice: expected, Currency: "USD" });
    expect((await f.call("DescribePrice", { InstanceType: "ecs.nope" })).body["Code"]).toBe(
      "InvalidInstanceType.NotFound",
    );
  });
});

describe("the Alibaba front's account attributes", () => {
  it("reports quotas and their use from the world", async () => {
    f.world.quotas.set({ provider: "ALIBABA" }, { vcpus: 64 });
    const body = await f.ok("DescribeAccountAttributes", {
      "AttributeName.1": "max-postpaid-instance-vcpu-count",
      "AttributeName.2": "used-postpaid-instance-vcpu-count",
    });
    const values = body.AccountAttributeItems.AccountAttributeItem.map((i: Body) => [
      i.AttributeName,
      i.AttributeValues.ValueItem[0].Value,
    ]);
    expect(values).toEqual([
      ["max-postpaid-instance-vcpu-count", "64"],
      ["used-postpaid-instance-vcpu-count", "0"],
    ]);
  });
});

describe("the Alibaba front's zones not on sale", () => {
  it("refuses new VSwitches and disks there with Zone.NotOnSale", async () => {
    const catalogs = defaultCatalogs.map((catalog) =>
      catalog.provider !== "ALIBABA"
        ? catalog
        : {
            ...catalog,
            regions: catalog.regions.map((r) => ({
              ...r,
              zones: r.zones.map((z) => (z.name === "cn-hangzhou-j" ? { ...z, status: "unavailable" as const } : z)),
            })),
          },
    );
    const closed = await frontFixture({ world: { catalogs }, front: { vpcPendingMs: 0 } });
    try {
      const { VpcId } = await closed.ok("CreateVpc", { CidrBlock: "10.0.0.0/16" }, { product: "vpc" });
      const vsw = await closed.call(
        "CreateVSwitch",
        { VpcId, ZoneId: "cn-hangzhou-j", CidrBlock: "10.0.1.0/24" },
        { product: "vpc" },
      );
      expect(vsw).toMatchObject({ status: 403, body: { Code: "Zone.NotOnSale" } });
      const disk = await closed.call("CreateDisk", { ZoneId: "cn-hangzhou-j", DiskCategory: "cloud_essd", Size: 20 });
      expect(disk.body["Code"]).toBe("Zone.NotOnSale");
      const zones = (await closed.ok("DescribeZones")).Zones.Zone;
      expect(zones.find((z: Body) => z.ZoneId === "cn-hangzhou-j").AvailableResourceCreation.ResourceTypes).toEqual([]);
    } finally {
      await closed.close();
    }
  });
});
