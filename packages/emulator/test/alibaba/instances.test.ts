/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frontFixture, region } from "./support.js";
import type { Body, Fixture } from "./support.js";

let f: Fixture;
let net: { vpcId: string; vswitchId: string; groupId: string };
const image = "ubuntu_22_04_x64_20G_alibase_20250113.vhd";

beforeEach(async () => {
  f = await frontFixture({
    front: { maxPageSize: 2, vpcPendingMs: 1_000 },
    world: { timing: { vmBootMs: 10_000, vmStopMs: 5_000, vmStartMs: 5_000 } },
  });
  const { VpcId: vpcId } = await f.ok("CreateVpc", { CidrBlock: "10.0.0.0/16" }, { product: "vpc" });
  f.clock.advance(1_000);
  const { VSwitchId: vswitchId } = await f.ok(
    "CreateVSwitch",
    { VpcId: vpcId, ZoneId: "cn-hangzhou-b", CidrBlock: "10.0.1.0/24" },
    { product: "vpc" },
  );
  f.clock.advance(1_000);
  const { SecurityGroupId: groupId } = await f.ok("CreateSecurityGroup", { VpcId: vpcId });
  net = { vpcId, vswitchId, groupId };
});
afterEach(() => f.close());

function run(extra: Record<string, string | number> = {}) {
  return f.call("RunInstances", {
    ImageId: image,
    InstanceType: "ecs.g7.large",
    VSwitchId: net.vswitchId,
    "SecurityGroupIds.1": net.groupId,
    ...extra,
  });
}

async function describe1(id: string): Promise<Body> {
  const body = await f.ok("DescribeInstances", { InstanceIds: JSON.stringify([id]) });
  return body.Instances.Instance[0] as Body;
}

describe("the Alibaba front's instances", () => {
  it("runs an instance Pending then Running, with a public IP for InternetMaxBandwidthOut and tags", async () => {
    const answer = await run({
      InstanceName: "web",
      InternetMaxBandwidthOut: 5,
      "Tag.1.Key": "app",
      "Tag.1.Value": "x",
      "SystemDisk.Category": "cloud_essd",
    });
    expect(answer.status).toBe(200);
    const [id] = answer.body["InstanceIdSets"].InstanceIdSet as string[];
    expect(id).toMatch(/^i-bp1/);
    const pending = await describe1(id ?? "");
    expect(pending).toMatchObject({
      InstanceName: "web",
      Status: "Pending",
      ZoneId: "cn-hangzhou-b",
      InstanceType: "ecs.g7.large",
      RegionId: region,
      InternetMaxBandwidthOut: 5,
    });
    expect(pending.PublicIpAddress.IpAddress).toHaveLength(1);
    expect(pending.VpcAttributes).toMatchObject({ VpcId: net.vpcId, VSwitchId: net.vswitchId });
    expect(pending.SecurityGroupIds.SecurityGroupId).toEqual([net.groupId]);
    expect(pending.Tags.Tag).toEqual([{ TagKey: "app", TagValue: "x" }]);
    f.clock.advance(10_000);
    expect((await describe1(id ?? "")).Status).toBe("Running");
    const disks = await f.ok("DescribeDisks", { InstanceId: id ?? "" });
    expect(disks.Disks.Disk[0]).toMatchObject({ Type: "system", Category: "cloud_essd", Status: "In_use" });
  });

  it("makes one instance for a repeated ClientToken", async () => {
    const a = await run({ ClientToken: "ct-1" });
    const b = await run({ ClientToken: "ct-1" });
    expect(b.body["InstanceIdSets"]).toEqual(a.body["InstanceIdSets"]);
    expect((await f.ok("DescribeInstances")).TotalCount).toBe(1);
  });

  it("makes one instance when the answer of the first try was lost", async () => {
    f.world.faults.add({ provider: "ALIBABA", api: "RunInstances", kind: "internal", phase: "after", times: 1 });
    expect((await run({ ClientToken: "ct-lost" })).status).toBe(500);
    const retry = await run({ ClientToken: "ct-lost" });
    expect(retry.status).toBe(200);
    expect((await f.ok("DescribeInstances")).TotalCount).toBe(1);
  });

  it("runs Amount instances and pages them by PageNumber and by NextToken", async () => {
    const answer = await run({ Amount: 5, InstanceName: "node", UniqueSuffix: "true" });
    expect(answer.body["InstanceIdSets"].InstanceIdSet).toHaveLength(5);
    const byNumber: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await f.ok("DescribeInstances", { PageNumber: page, PageSize: 2 });
      expect(body.TotalCount).toBe(5);
      byNumber.push(...body.Instances.Instance.map((i: Body) => i.InstanceName));
    }
    expect(byNumber.sort()).toEqual(["node001", "node002", "node003", "node004", "node005"]);
    const byToken: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const body = await f.ok("DescribeInstances", token ? { MaxResults: 2, NextToken: token } : { MaxResults: 2 });
      byToken.push(...body.Instances.Instance.map((i: Body) => i.InstanceId));
      token = body.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(new Set(byToken).size).toBe(5);
  });

  it("refuses a weak password", async () => {
    expect((await run({ Password: "password" })).body["Code"]).toBe("InvalidPassword.Malformed");
    expect((await run({ Password: "Passw0rd!" })).status).toBe(200);
  });

  it("refuses sold-out stock with OperationDenied.NoStock and a disk category the zone lacks", async () => {
    f.world.capacity.limit({ provider: "ALIBABA", zone: "cn-hangzhou-b", specName: "ecs.g7.large", maxVms: 0 });
    expect(await run()).toMatchObject({ status: 403, body: { Code: "OperationDenied.NoStock" } });
    const vpcId = net.vpcId;
    const { VSwitchId } = await f.ok(
      "CreateVSwitch",
      { VpcId: vpcId, ZoneId: "cn-hangzhou-k", CidrBlock: "10.0.9.0/24" },
      { product: "vpc" },
    );
    f.clock.advance(1_000);
    const ssd = await f.call("RunInstances", {
      ImageId: image,
      InstanceType: "ecs.g7.large",
      VSwitchId,
      "SecurityGroupIds.1": net.groupId,
      "SystemDisk.Category": "cloud_ssd",
    });
    expect(ssd.body["Code"]).toBe("InvalidSystemDiskCategory.ValueNotSupported");
    expect((await f.ok("DescribeInstances")).TotalCount).toBe(0);
  });

  it("stops with StopCharging, starts, and deletes only a stopped instance unless forced", async () => {
    const [id = ""] = (await run()).body["InstanceIdSets"].InstanceIdSet as string[];
    expect((await f.call("StopInstance", { InstanceId: id })).body["Code"]).toBe("IncorrectInstanceStatus");
    f.clock.advance(10_000);
    expect(await f.call("DeleteInstance", { InstanceId: id })).toMatchObject({
      status: 403,
      body: { Code: "IncorrectInstanceStatus" },
    });
    await f.ok("StopInstance", { InstanceId: id, StoppedMode: "StopCharging" });
    expect((await describe1(id)).Status).toBe("Stopping");
    f.clock.advance(5_000);
    const stopped = await describe1(id);
    expect(stopped).toMatchObject({ Status: "Stopped", StoppedMode: "StopCharging" });
    const statuses = await f.ok("DescribeInstanceStatus", { "InstanceId.1": id });
    expect(statuses.InstanceStatuses.InstanceStatus).toEqual([{ InstanceId: id, Status: "Stopped" }]);
    await f.ok("StartInstance", { InstanceId: id });
    expect((await describe1(id)).Status).toBe("Starting");
    f.clock.advance(5_000);
    await f.ok("DeleteInstance", { InstanceId: id, Force: "true" });
    // Being released, it is Stopping, and holds its security group, until it is gone.
    expect((await describe1(id)).Status).toBe("Stopping");
    expect((await f.call("DeleteSecurityGroup", { SecurityGroupId: net.groupId })).body["Code"]).toBe(
      "DependencyViolation",
    );
    f.clock.advance(30_000);
    expect((await f.ok("DescribeInstances")).TotalCount).toBe(0);
    await f.ok("DeleteSecurityGroup", { SecurityGroupId: net.groupId });
    expect(await f.call("StartInstance", { InstanceId: id })).toMatchObject({
      status: 404,
      body: { Code: "InvalidInstanceId.NotFound" },
    });
  });

  it("refuses a security group in use, and deletes it once the instance is gone", async () => {
    const [id = ""] = (await run()).body["InstanceIdSets"].InstanceIdSet as string[];
    expect(await f.call("DeleteSecurityGroup", { SecurityGroupId: net.groupId })).toMatchObject({
      status: 403,
      body: { Code: "DependencyViolation" },
    });
    await f.ok("DeleteInstance", { InstanceId: id, Force: "true" });
    f.clock.advance(60_000);
    await f.ok("DeleteSecurityGroup", { SecurityGroupId: net.groupId });
  });
});

describe("the Alibaba front's disks", () => {
  it("creates a disk Creating then Available, attaches, resizes, detaches and deletes it", async () => {
    const [id = ""] = (await run()).body["InstanceIdSets"].InstanceIdSet as string[];
    f.clock.advance(10_000);
    const { DiskId } = await f.ok("CreateDisk", {
      ZoneId: "cn-hangzhou-b",
      DiskCategory: "cloud_essd",
      Size: 40,
      DiskName: "data",
    });
    expect(DiskId).toMatch(/^d-/);
    const disk = async () => (await f.ok("DescribeDisks", { DiskIds: JSON.stringify([DiskId]) })).Disks.Disk[0] as Body;
    expect(await disk()).toMatchObject({
      Status: "Creating",
      Type: "data",
      Size: 40,
      Category: "cloud_essd",
      DiskName: "data",
    });
    expect((await f.call("AttachDisk", { InstanceId: id, DiskId })).body["Code"]).toBe("IncorrectDiskStatus");
    f.clock.advance(60_000);
    expect((await disk()).Status).toBe("Available");
    await f.ok("AttachDisk", { InstanceId: id, DiskId });
    f.clock.advance(60_000);
    expect(await disk()).toMatchObject({ Status: "In_use", InstanceId: id });
    expect((await f.call("DeleteDisk", { DiskId })).body["Code"]).toBe("IncorrectDiskStatus");
    expect((await f.call("ResizeDisk", { DiskId, NewSize: 30 })).body["Code"]).toBe("InvalidDiskSize.TooSmall");
    await f.ok("ResizeDisk", { DiskId, NewSize: 80 });
    await f.ok("DetachDisk", { InstanceId: id, DiskId });
    f.clock.advance(60_000);
    expect(await disk()).toMatchObject({ Status: "Available", Size: 80, InstanceId: "" });
    await f.ok("DeleteDisk", { DiskId });
    expect((await f.ok("DescribeDisks", { DiskType: "data" })).TotalCount).toBe(0);
    const { DiskId: goes } = await f.ok("CreateDisk", {
      ZoneId: "cn-hangzhou-b",
      DiskCategory: "cloud_essd",
      Size: 20,
    });
    f.clock.advance(60_000);
    await f.ok("AttachDisk", { InstanceId: id, DiskId: goes, DeleteWithInstance: "true" });
    f.clock.advance(60_000);
    expect((await f.ok("DescribeDisks", { DiskIds: JSON.stringify([goes]) })).Disks.Disk[0].DeleteWithInstance).toBe(
      true,
    );
    await f.ok("DeleteInstance", { InstanceId: id, Force: "true" });
    expect((await f.ok("DescribeDisks", { DiskIds: JSON.stringify([goes]) })).TotalCount).toBe(0);
    const wrongZone = await f.call("CreateDisk", { ZoneId: "cn-hangzhou-k", DiskCategory: "cloud_ssd", Size: 40 });
    expect(wrongZone.body["Code"]).toBe("InvalidDiskCategory.ValueNotSupported");
  });
});

describe("the Alibaba front's images and tags", () => {
  it("makes an image from an instance, Creating then Available, and deletes it", async () => {
    const [id = ""] = (await run()).body["InstanceIdSets"].InstanceIdSet as string[];
    expect((await f.call("CreateImage", { InstanceId: id, ImageName: "mine" })).body["Code"]).toBe(
      "IncorrectInstanceStatus",
    );
    f.clock.advance(10_000);
    const { ImageId } = await f.ok("CreateImage", { InstanceId: id, ImageName: "mine", Description: "golden" });
    expect(ImageId).toMatch(/^m-/);
    const creating = await f.ok("DescribeImages", { ImageOwnerAlias: "self", Status: "Creating,Available" });
    expect(creating.Images.Image).toEqual([
      expect.objectContaining({
        ImageId,
        ImageName: "mine",
        Description: "golden",
        Status: "Creating",
        ImageOwnerAlias: "self",
      }),
    ]);
    f.clock.advance(10 * 60_000);
    const available = await f.ok("DescribeImages", { ImageOwnerAlias: "self" });
    expect(available.Images.Image[0]).toMatchObject({ ImageId, Status: "Available" });
    await f.ok("DeleteImage", { ImageId });
    expect((await f.ok("DescribeImages", { ImageOwnerAlias: "self" })).TotalCount).toBe(0);
  });

  it("tags, lists and untags ECS and VPC resources", async () => {
    const [id = ""] = (await run()).body["InstanceIdSets"].InstanceIdSet as string[];
    await f.ok("TagResources", {
      ResourceType: "instance",
      "ResourceId.1": id,
      "Tag.1.Key": "env",
      "Tag.1.Value": "dev",
    });
    await f.ok("TagResources", {
      ResourceType: "securitygroup",
      "ResourceId.1": net.groupId,
      "Tag.1.Key": "env",
      "Tag.1.Value": "dev",
    });
    const listed = await f.ok("ListTagResources", { ResourceType: "instance", "ResourceId.1": id });
    expect(listed.TagResources.TagResource).toEqual([
      { ResourceType: "instance", ResourceId: id, TagKey: "env", TagValue: "dev" },
    ]);
    const byTag = await f.ok("ListTagResources", {
      ResourceType: "instance",
      "Tag.1.Key": "env",
      "Tag.1.Value": "dev",
    });
    expect(byTag.TagResources.TagResource.map((t: Body) => t.ResourceId)).toEqual([id]);
    await f.ok("UntagResources", { ResourceType: "instance", "ResourceId.1": id, "TagKey.1": "env" });
    expect((await describe1(id)).Tags.Tag).toEqual([]);
    await f.ok(
      "TagResources",
      { ResourceType: "VPC", "ResourceId.1": net.vpcId, "Tag.1.Key": "tier", "Tag.1.Value": "a" },
      { product: "vpc" },
    );
    const vpcs = await f.ok("DescribeVpcs", { VpcId: net.vpcId }, { product: "vpc" });
    expect(vpcs.Vpcs.Vpc[0].Tags.Tag).toEqual([{ Key: "tier", Value: "a" }]);
    const unknown = await f.call("TagResources", {
      ResourceType: "instance",
      "ResourceId.1": "i-nothere",
      "Tag.1.Key": "a",
      "Tag.1.Value": "b",
    });
    expect(unknown).toMatchObject({ status: 404, body: { Code: "InvalidResourceId.NotFound" } });
  });
});

describe("the Alibaba front's classic load balancers", () => {
  const slb = { product: "slb" } as const;

  it("balances TCP to backend servers with a health check, then deletes the balancer", async () => {
    const [id = ""] = (await run()).body["InstanceIdSets"].InstanceIdSet as string[];
    const made = await f.ok(
      "CreateLoadBalancer",
      { AddressType: "internet", VpcId: net.vpcId, VSwitchId: net.vswitchId, LoadBalancerName: "lb1" },
      slb,
    );
    expect(made.LoadBalancerId).toMatch(/^lb-/);
    expect(made.Address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const lbId = made.LoadBalancerId as string;
    await f.ok(
      "CreateLoadBalancerTCPListener",
      {
        LoadBalancerId: lbId,
        ListenerPort: 80,
        BackendServerPort: 8080,
        Bandwidth: -1,
        HealthyThreshold: 2,
        UnhealthyThreshold: 3,
        HealthCheckInterval: 2,
      },
      slb,
    );
    const twice = await f.call(
      "CreateLoadBalancerTCPListener",
      { LoadBalancerId: lbId, ListenerPort: 80, BackendServerPort: 8080, Bandwidth: -1 },
      slb,
    );
    expect(twice.body["Code"]).toBe("ListenerAlreadyExists");
    await f.ok("StartLoadBalancerListener", { LoadBalancerId: lbId, ListenerPort: 80 }, slb);
    const added = await f.ok(
      "AddBackendServers",
      { LoadBalancerId: lbId, BackendServers: JSON.stringify([{ ServerId: id, Weight: "100" }]) },
      slb,
    );
    expect(added.BackendServers.BackendServer).toEqual([{ ServerId: id, Weight: 100, Type: "ecs" }]);
    f.clock.advance(10 * 60_000);
    const attr = await f.ok("DescribeLoadBalancerAttribute", { LoadBalancerId: lbId }, slb);
    expect(attr).toMatchObject({
      LoadBalancerStatus: "active",
      AddressType: "internet",
      VpcId: net.vpcId,
      ListenerPorts: { ListenerPort: [80] },
    });
    const health = await f.ok("DescribeHealthStatus", { LoadBalancerId: lbId }, slb);
    expect(health.BackendServers.BackendServer).toEqual([
      expect.objectContaining({ ListenerPort: 80, Port: 8080, ServerId: id, ServerHealthStatus: "normal" }),
    ]);
    const listed = await f.ok("DescribeLoadBalancers", { VpcId: net.vpcId }, slb);
    expect(listed.LoadBalancers.LoadBalancer).toEqual([
      expect.objectContaining({ LoadBalancerId: lbId, LoadBalancerName: "lb1" }),
    ]);
    await f.ok(
      "RemoveBackendServers",
      { LoadBalancerId: lbId, BackendServers: JSON.stringify([{ ServerId: id }]) },
      slb,
    );
    await f.ok("DeleteLoadBalancer", { LoadBalancerId: lbId }, slb);
    expect(await f.call("DescribeLoadBalancerAttribute", { LoadBalancerId: lbId }, slb)).toMatchObject({
      status: 404,
      body: { Code: "InvalidLoadBalancerId.NotFound" },
    });
  });

  it("makes an internet balancer without a VPC, as SLB allows, and places it with its first backend", async () => {
    const [id = ""] = (await run()).body["InstanceIdSets"].InstanceIdSet as string[];
    const made = await f.ok("CreateLoadBalancer", { AddressType: "internet", LoadBalancerName: "pub" }, slb);
    const lbId = made.LoadBalancerId as string;
    expect(made).toMatchObject({ NetworkType: "classic", VpcId: "" });
    expect(made.Address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await f.ok(
      "TagResources",
      { ResourceType: "instance", "ResourceId.1": lbId, "Tag.1.Key": "vpc", "Tag.1.Value": net.vpcId },
      slb,
    );
    await f.ok(
      "CreateLoadBalancerUDPListener",
      { LoadBalancerId: lbId, ListenerPort: 53, BackendServerPort: 53, Bandwidth: -1, HealthCheckInterval: 5 },
      slb,
    );
    const udp = await f.ok("DescribeLoadBalancerUDPListenerAttribute", { LoadBalancerId: lbId, ListenerPort: 53 }, slb);
    expect(udp).toMatchObject({ ListenerPort: 53, BackendServerPort: 53, Status: "stopped", HealthCheckInterval: 5 });
    await f.ok("StartLoadBalancerListener", { LoadBalancerId: lbId, ListenerPort: 53 }, slb);
    f.clock.advance(10_000);
    await f.ok("AddBackendServers", { LoadBalancerId: lbId, BackendServers: JSON.stringify([{ ServerId: id }]) }, slb);
    f.clock.advance(10 * 60_000);
    const attr = await f.ok("DescribeLoadBalancerAttribute", { LoadBalancerId: lbId }, slb);
    expect(attr).toMatchObject({
      Address: made.Address,
      LoadBalancerStatus: "active",
      Tags: { Tag: [{ TagKey: "vpc", TagValue: net.vpcId }] },
    });
    const health = await f.ok("DescribeHealthStatus", { LoadBalancerId: lbId, ListenerPort: 53 }, slb);
    expect(health.BackendServers.BackendServer).toEqual([
      expect.objectContaining({ ServerId: id, ServerHealthStatus: "normal" }),
    ]);
    const tags = await f.ok("ListTagResources", { ResourceType: "instance", "ResourceId.1": lbId }, slb);
    expect(tags.TagResources.TagResource).toEqual([
      { ResourceType: "instance", ResourceId: lbId, TagKey: "vpc", TagValue: net.vpcId },
    ]);
    await f.ok("DeleteLoadBalancer", { LoadBalancerId: lbId }, slb);
    expect((await f.ok("DescribeLoadBalancers", {}, slb)).TotalCount).toBe(0);
  });
});

describe("the Alibaba front's batch instance calls", () => {
  it("stops, starts and deletes several instances, all together or success first", async () => {
    const ids = (await run({ Amount: 2 })).body["InstanceIdSets"].InstanceIdSet as string[];
    const list = Object.fromEntries(ids.map((id, i) => [`InstanceId.${i + 1}`, id]));
    // All together: one pending instance fails the whole call.
    expect((await f.call("StopInstances", list)).body["Code"]).toBe("IncorrectInstanceStatus");
    f.clock.advance(10_000);
    const stopped = await f.ok("StopInstances", { ...list, StoppedMode: "StopCharging" });
    expect(stopped.InstanceResponses.InstanceResponse).toEqual(
      ids.map((id) => ({
        InstanceId: id,
        Code: "200",
        Message: "success",
        PreviousStatus: "Running",
        CurrentStatus: "Stopping",
      })),
    );
    f.clock.advance(5_000);
    await f.ok("StartInstances", { "InstanceId.1": ids[0] ?? "" });
    const mixed = await f.ok("StartInstances", { ...list, BatchOptimization: "SuccessFirst" });
    expect(mixed.InstanceResponses.InstanceResponse.map((r: Body) => r.Code)).toEqual([
      "IncorrectInstanceStatus",
      "200",
    ]);
    expect((await f.call("DeleteInstances", list)).body["Code"]).toBe("IncorrectInstanceStatus");
    await f.ok("DeleteInstances", { ...list, Force: "true" });
    f.clock.advance(30_000);
    expect((await f.ok("DescribeInstances")).TotalCount).toBe(0);
  });
});
