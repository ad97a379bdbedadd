import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frontFixture, region, sdkErrorCode, zone } from "./support.js";
import type { Fixture } from "./support.js";

const image = "img-487zeit5"; // Ubuntu Server 22.04 LTS 64bit

let f: Fixture;
let network: { vpcId: string; subnetId: string; groupId: string };
beforeEach(async () => {
  f = await frontFixture({ front: { maxPageSize: 2 } });
  const vpc = await f.sdk.vpc.CreateVpc({ VpcName: "v", CidrBlock: "10.0.0.0/16" });
  const vpcId = vpc.Vpc?.VpcId ?? "";
  const subnet = await f.sdk.vpc.CreateSubnet({ VpcId: vpcId, SubnetName: "s", CidrBlock: "10.0.1.0/24", Zone: zone });
  const group = await f.sdk.vpc.CreateSecurityGroup({ GroupName: "g", GroupDescription: "g" });
  network = { vpcId, subnetId: subnet.Subnet?.SubnetId ?? "", groupId: group.SecurityGroup?.SecurityGroupId ?? "" };
});
afterEach(() => f.close());

function runRequest(extra: Record<string, unknown> = {}) {
  return {
    InstanceChargeType: "POSTPAID_BY_HOUR",
    Placement: { Zone: zone, ProjectId: 0 },
    InstanceType: "S5.MEDIUM4",
    ImageId: image,
    SystemDisk: { DiskType: "CLOUD_PREMIUM", DiskSize: 50 },
    VirtualPrivateCloud: { VpcId: network.vpcId, SubnetId: network.subnetId },
    InternetAccessible: {
      InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR",
      InternetMaxBandwidthOut: 10,
      PublicIpAssigned: true,
    },
    SecurityGroupIds: [network.groupId],
    InstanceName: "web",
    TagSpecification: [{ ResourceType: "instance", Tags: [{ Key: "app", Value: "web" }] }],
    ...extra,
  };
}

async function describe1(id: string) {
  const answer = await f.sdk.cvm.DescribeInstances({ InstanceIds: [id] });
  return answer.InstanceSet?.[0];
}

describe("the Tencent front's instances", () => {
  it("runs instances through PENDING to RUNNING on the world clock, with the latest operation", async () => {
    const run = await f.sdk.cvm.RunInstances(runRequest({ ClientToken: "token-1" }));
    const id = run.InstanceIdSet?.[0] ?? "";
    expect(id).toMatch(/^ins-[a-z0-9]{8}$/);
    const again = await f.sdk.cvm.RunInstances(runRequest({ ClientToken: "token-1" }));
    expect(again.InstanceIdSet).toEqual([id]);
    expect(await describe1(id)).toMatchObject({
      InstanceState: "PENDING",
      LatestOperation: "RunInstances",
      LatestOperationState: "OPERATING",
      LatestOperationRequestId: run.RequestId,
      Placement: { Zone: zone },
      InstanceType: "S5.MEDIUM4",
      CPU: 2,
      Memory: 4,
      Tags: [{ Key: "app", Value: "web" }],
    });
    expect(await sdkErrorCode(f.sdk.cvm.StopInstances({ InstanceIds: [id] }))).toBe(
      "OperationDenied.InstanceOperationInProgress",
    );
    f.clock.advance(f.world.timing.vmBootMs);
    const running = await describe1(id);
    expect(running).toMatchObject({ InstanceState: "RUNNING", LatestOperationState: "SUCCESS" });
    expect(running?.PublicIpAddresses).toHaveLength(1);
    const stop = await f.sdk.cvm.StopInstances({ InstanceIds: [id] });
    expect(await describe1(id)).toMatchObject({
      InstanceState: "STOPPING",
      LatestOperation: "StopInstances",
      LatestOperationState: "OPERATING",
      LatestOperationRequestId: stop.RequestId,
    });
    f.clock.advance(f.world.timing.vmStopMs);
    expect(await describe1(id)).toMatchObject({ InstanceState: "STOPPED", LatestOperationState: "SUCCESS" });
    expect(await sdkErrorCode(f.sdk.cvm.StopInstances({ InstanceIds: [id] }))).toBe(
      "UnsupportedOperation.InstanceStateStopped",
    );
    await f.sdk.cvm.TerminateInstances({ InstanceIds: [id] });
    expect((await describe1(id))?.InstanceState).toBe("TERMINATING");
    f.clock.advance(f.world.timing.vmTerminateMs);
    expect(await describe1(id)).toBeUndefined();
    expect(await sdkErrorCode(f.sdk.cvm.StartInstances({ InstanceIds: [id] }))).toBe("InvalidInstanceId.NotFound");
  });

  it("ends a launch hit by a background fault in LAUNCH_FAILED, which can only be terminated", async () => {
    f.world.faults.add({ provider: "TENCENT", api: "RunInstances", kind: "internal", phase: "background", times: 1 });
    const run = await f.sdk.cvm.RunInstances(runRequest());
    const id = run.InstanceIdSet?.[0] ?? "";
    expect((await describe1(id))?.InstanceState).toBe("PENDING");
    f.clock.advance(f.world.timing.vmBootMs);
    expect(await describe1(id)).toMatchObject({
      InstanceState: "LAUNCH_FAILED",
      LatestOperation: "RunInstances",
      LatestOperationState: "FAILED",
    });
    expect(await sdkErrorCode(f.sdk.cvm.StartInstances({ InstanceIds: [id] }))).toBe(
      "UnsupportedOperation.InstanceStateLaunchFailed",
    );
    await f.sdk.cvm.TerminateInstances({ InstanceIds: [id] });
    f.clock.advance(f.world.timing.vmTerminateMs);
    expect(await describe1(id)).toBeUndefined();
  });

  it("reports sold-out stock per zone and refuses to run a sold-out type", async () => {
    f.world.capacity.limit({ provider: "TENCENT", region, zone, specName: "S5.MEDIUM4", maxVms: 0 });
    const configs = await f.sdk.cvm.DescribeZoneInstanceConfigInfos({
      Filters: [
        { Name: "instance-type", Values: ["S5.MEDIUM4"] },
        { Name: "instance-charge-type", Values: ["POSTPAID_BY_HOUR"] },
      ],
    });
    const byZone = new Map(configs.InstanceTypeQuotaSet?.map((q) => [q.Zone, q]));
    expect(byZone.get(zone)).toMatchObject({ Status: "SOLD_OUT", InstanceFamily: "S5", Cpu: 2, Memory: 4 });
    expect(byZone.get("ap-guangzhou-4")).toMatchObject({ Status: "SELL", Price: { ChargeUnit: "HOUR" } });
    expect(byZone.get("ap-guangzhou-4")?.Price?.UnitPrice).toBeGreaterThan(0);
    const gpu = await f.sdk.cvm.DescribeInstanceTypeConfigs({
      Filters: [{ Name: "instance-family", Values: ["GN7"] }],
    });
    expect(gpu.InstanceTypeConfigSet?.map((t) => t.Zone)).toEqual(["ap-guangzhou-3", "ap-guangzhou-4"]);
    expect(gpu.InstanceTypeConfigSet?.[0]).toMatchObject({
      InstanceType: "GN7.2XLARGE32",
      CPU: 8,
      Memory: 32,
      GPU: 1,
      GpuType: "T4",
    });
    expect(await sdkErrorCode(f.sdk.cvm.RunInstances(runRequest()))).toBe("ResourcesSoldOut.SpecifiedInstanceType");
    const price = await f.sdk.cvm.InquiryPriceRunInstances({
      Placement: { Zone: "ap-guangzhou-4" },
      ImageId: image,
      InstanceType: "S5.MEDIUM4",
    });
    expect(price.Price?.InstancePrice).toMatchObject({
      ChargeUnit: "HOUR",
      UnitPrice: byZone.get("ap-guangzhou-4")?.Price?.UnitPrice,
    });
  });

  it("offers disk types per zone and refuses a system disk the zone does not sell", async () => {
    const last = "ap-guangzhou-7";
    const quota = await f.sdk.cbs.DescribeDiskConfigQuota({
      InquiryType: "INQUIRY_CVM_CONFIG",
      Zones: [last],
      DiskUsage: "SYSTEM_DISK",
    });
    const types = quota.DiskConfigSet?.map((d) => d.DiskType);
    expect(types).toContain("CLOUD_BSSD");
    expect(types).not.toContain("CLOUD_PREMIUM");
    const subnet = await f.sdk.vpc.CreateSubnet({
      VpcId: network.vpcId,
      SubnetName: "s7",
      CidrBlock: "10.0.7.0/24",
      Zone: last,
    });
    const request = runRequest({
      Placement: { Zone: last },
      VirtualPrivateCloud: { VpcId: network.vpcId, SubnetId: subnet.Subnet?.SubnetId ?? "" },
    });
    expect(await sdkErrorCode(f.sdk.cvm.RunInstances(request))).toBe("ResourceInsufficient.CloudDiskUnavailable");
    const bssd = await f.sdk.cvm.RunInstances({ ...request, SystemDisk: { DiskType: "CLOUD_BSSD", DiskSize: 50 } });
    expect(bssd.InstanceIdSet).toHaveLength(1);
  });

  it("refuses launch settings CVM refuses", async () => {
    expect(await sdkErrorCode(f.sdk.cvm.RunInstances(runRequest({ LoginSettings: { Password: "password" } })))).toBe(
      "InvalidPassword",
    );
    expect(
      await sdkErrorCode(f.sdk.cvm.RunInstances(runRequest({ DataDisks: [{ DiskType: "CLOUD_SSD", DiskSize: 10 }] }))),
    ).toBe("InvalidParameterValue");
    expect(await sdkErrorCode(f.sdk.cvm.RunInstances(runRequest({ ImageId: "img-00000000" })))).toBe(
      "InvalidImageId.NotFound",
    );
    expect(
      await sdkErrorCode(
        f.sdk.cvm.RunInstances(runRequest({ InstanceType: "GN7.2XLARGE32", Placement: { Zone: "ap-guangzhou-7" } })),
      ),
    ).toBe("InvalidInstanceType.NotFound");
    const ok = await f.sdk.cvm.RunInstances(runRequest({ LoginSettings: { Password: "Cloud-Barista1" } }));
    expect(ok.InstanceIdSet).toHaveLength(1);
  });

  it("pages instances with Offset and Limit, and filters by tag and state", async () => {
    await f.sdk.cvm.RunInstances(runRequest({ InstanceCount: 3 }));
    await f.sdk.cvm.RunInstances(runRequest({ TagSpecification: [] }));
    const first = await f.sdk.cvm.DescribeInstances({ Limit: 2 });
    const second = await f.sdk.cvm.DescribeInstances({ Offset: 2, Limit: 2 });
    expect(first.TotalCount).toBe(4);
    expect([...(first.InstanceSet ?? []), ...(second.InstanceSet ?? [])].map((i) => i.InstanceId)).toHaveLength(4);
    const tagged = await f.sdk.cvm.DescribeInstances({ Filters: [{ Name: "tag:app", Values: ["web"] }] });
    expect(tagged.TotalCount).toBe(3);
    const pending = await f.sdk.cvm.DescribeInstances({ Filters: [{ Name: "instance-state", Values: ["RUNNING"] }] });
    expect(pending.TotalCount).toBe(0);
    expect(await sdkErrorCode(f.sdk.cvm.DescribeInstances({ Filters: [{ Name: "nonsense", Values: ["x"] }] }))).toBe(
      "InvalidFilter",
    );
  });

  it("makes an image of a running instance, CREATING then NORMAL, and deletes it", async () => {
    const run = await f.sdk.cvm.RunInstances(runRequest());
    const id = run.InstanceIdSet?.[0] ?? "";
    f.clock.advance(f.world.timing.vmBootMs);
    const made = await f.sdk.cvm.CreateImage({ InstanceId: id, ImageName: "golden" });
    const imageId = made.ImageId ?? "";
    const own = () => f.sdk.cvm.DescribeImages({ Filters: [{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }] });
    expect((await own()).ImageSet?.[0]).toMatchObject({
      ImageId: imageId,
      ImageState: "CREATING",
      ImageType: "PRIVATE_IMAGE",
    });
    f.clock.advance(f.world.timing.myImageCreateMs);
    expect((await own()).ImageSet?.[0]?.ImageState).toBe("NORMAL");
    await f.sdk.cvm.DeleteImages({ ImageIds: [imageId] });
    expect((await own()).TotalCount).toBe(0);
    const publics = await f.sdk.cvm.DescribeImages({
      Filters: [{ Name: "image-type", Values: ["PUBLIC_IMAGE"] }],
      Limit: 100,
    });
    expect(publics.TotalCount).toBeGreaterThan(2);
    expect(publics.ImageSet).toHaveLength(2);
  });
});
