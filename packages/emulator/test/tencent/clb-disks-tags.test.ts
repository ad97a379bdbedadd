import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { account, frontFixture, region, sdkErrorCode, zone } from "./support.js";
import type { Fixture } from "./support.js";

let f: Fixture;
let network: { vpcId: string; subnetId: string };
beforeEach(async () => {
  f = await frontFixture();
  const vpc = await f.sdk.vpc.CreateVpc({ VpcName: "v", CidrBlock: "10.0.0.0/16" });
  const vpcId = vpc.Vpc?.VpcId ?? "";
  const subnet = await f.sdk.vpc.CreateSubnet({ VpcId: vpcId, SubnetName: "s", CidrBlock: "10.0.1.0/24", Zone: zone });
  network = { vpcId, subnetId: subnet.Subnet?.SubnetId ?? "" };
});
afterEach(() => f.close());

async function runInstance(): Promise<string> {
  const run = await f.sdk.cvm.RunInstances({
    Placement: { Zone: zone },
    InstanceType: "S5.SMALL2",
    ImageId: "img-487zeit5",
    VirtualPrivateCloud: { VpcId: network.vpcId, SubnetId: network.subnetId },
  });
  return run.InstanceIdSet?.[0] ?? "";
}

/** DescribeTaskStatus over raw HTTP: 0 success, 1 failed, 2 running. */
async function taskStatus(taskId: string): Promise<number> {
  return (await f.ok("clb", "DescribeTaskStatus", { TaskId: taskId }))["Status"] as number;
}

describe("the Tencent front's CLB", () => {
  it("runs every change as a task polled with DescribeTaskStatus, refusing changes while one runs", async () => {
    const created = await f.sdk.clb.CreateLoadBalancer({
      LoadBalancerType: "OPEN",
      VpcId: network.vpcId,
      LoadBalancerName: "nlb-1",
    });
    const lbId = created.LoadBalancerIds?.[0] ?? "";
    expect(lbId).toMatch(/^lb-[a-z0-9]{8}$/);
    expect(await taskStatus(created.RequestId ?? "")).toBe(2);
    expect((await f.sdk.clb.DescribeLoadBalancers({ LoadBalancerIds: [lbId] })).LoadBalancerSet?.[0]).toMatchObject({
      LoadBalancerType: "OPEN",
      Status: 0,
      VpcId: network.vpcId,
    });
    const listen = {
      LoadBalancerId: lbId,
      Ports: [80],
      Protocol: "TCP",
      ListenerNames: ["tcp-80"],
      HealthCheck: { HealthSwitch: 1, IntervalTime: 5, TimeOut: 2 },
    };
    expect(await sdkErrorCode(f.sdk.clb.CreateListener(listen))).toBe("FailedOperation.ResourceInOperation");
    f.clock.advance(f.world.timing.nlbProvisionMs);
    expect(await taskStatus(created.RequestId ?? "")).toBe(0);
    const listener = await f.sdk.clb.CreateListener(listen);
    const listenerId = listener.ListenerIds?.[0] ?? "";
    expect(await taskStatus(listener.RequestId ?? "")).toBe(2);
    f.clock.advance(f.world.timing.nlbUpdateMs);
    const vm = await runInstance();
    const registered = await f.sdk.clb.RegisterTargets({
      LoadBalancerId: lbId,
      ListenerId: listenerId,
      Targets: [{ InstanceId: vm, Port: 8080, Weight: 10 }],
    });
    f.clock.advance(f.world.timing.nlbUpdateMs);
    expect(await taskStatus(registered.RequestId ?? "")).toBe(0);
    const targets = await f.sdk.clb.DescribeTargets({ LoadBalancerId: lbId });
    expect(targets.Listeners?.[0]).toMatchObject({
      ListenerId: listenerId,
      Port: 80,
      Targets: [{ InstanceId: vm, Port: 8080, Weight: 10 }],
    });
    const health = await f.sdk.clb.DescribeTargetHealth({ LoadBalancerIds: [lbId] });
    const target = health.LoadBalancers?.[0]?.Listeners?.[0]?.Rules?.[0]?.Targets?.[0];
    expect(target).toMatchObject({ TargetId: vm, Port: 8080 });
    expect(["Alive", "Dead", "Unknown"]).toContain(target?.HealthStatusDetail);
    const deleted = await f.sdk.clb.DeleteLoadBalancer({ LoadBalancerIds: [lbId] });
    expect(await taskStatus(deleted.RequestId ?? "")).toBe(2);
    expect((await f.sdk.clb.DescribeLoadBalancers({})).TotalCount).toBe(0);
  });

  it("reports a creation hit by a background fault as a failed task", async () => {
    f.world.faults.add({
      provider: "TENCENT",
      api: "CreateLoadBalancer",
      kind: "internal",
      phase: "background",
      times: 1,
    });
    const created = await f.sdk.clb.CreateLoadBalancer({ LoadBalancerType: "OPEN", VpcId: network.vpcId });
    f.clock.advance(f.world.timing.nlbProvisionMs);
    expect(await taskStatus(created.RequestId ?? "")).toBe(1);
    expect((await f.sdk.clb.DescribeLoadBalancers({})).TotalCount).toBe(0);
  });
});

describe("the Tencent front's CBS disks", () => {
  it("creates, attaches, grows, detaches and terminates disks", async () => {
    const made = await f.sdk.cbs.CreateDisks({
      DiskType: "CLOUD_SSD",
      DiskChargeType: "POSTPAID_BY_HOUR",
      Placement: { Zone: zone },
      DiskSize: 50,
      DiskName: "data",
    });
    const diskId = made.DiskIdSet?.[0] ?? "";
    expect(diskId).toMatch(/^disk-[a-z0-9]{8}$/);
    f.clock.advance(f.world.timing.diskCreateMs);
    const vm = await runInstance();
    f.clock.advance(f.world.timing.vmBootMs);
    await f.sdk.cbs.AttachDisks({ DiskIds: [diskId], InstanceId: vm });
    const state = async () => (await f.sdk.cbs.DescribeDisks({ DiskIds: [diskId] })).DiskSet?.[0];
    expect((await state())?.DiskState).toBe("ATTACHING");
    f.clock.advance(f.world.timing.diskAttachMs);
    expect(await state()).toMatchObject({ DiskState: "ATTACHED", InstanceId: vm, Attached: true });
    expect(await sdkErrorCode(f.sdk.cbs.ResizeDisk({ DiskId: diskId, DiskSize: 40 }))).toMatch(
      /^InvalidParameterValue/,
    );
    await f.sdk.cbs.ResizeDisk({ DiskId: diskId, DiskSize: 100 });
    expect((await state())?.DiskState).toBe("EXPANDING");
    f.clock.advance(f.world.timing.diskExtendMs);
    expect(await state()).toMatchObject({ DiskState: "ATTACHED", DiskSize: 100 });
    expect(await sdkErrorCode(f.sdk.cbs.TerminateDisks({ DiskIds: [diskId] }))).toBe("InvalidDisk.Busy");
    await f.sdk.cbs.DetachDisks({ DiskIds: [diskId] });
    f.clock.advance(f.world.timing.diskDetachMs);
    expect((await state())?.DiskState).toBe("UNATTACHED");
    await f.sdk.cbs.TerminateDisks({ DiskIds: [diskId] });
    f.clock.advance(f.world.timing.diskDeleteMs);
    expect((await f.sdk.cbs.DescribeDisks({})).TotalCount).toBe(0);
  });
});

describe("the Tencent front's tag service", () => {
  it("tags resources by six-segment names and finds them by tag", async () => {
    const vm = await runInstance();
    const names = [
      `qcs::cvm:${region}:uin/${account}:instance/${vm}`,
      `qcs::vpc:${region}:uin/${account}:vpc/${network.vpcId}`,
    ];
    await f.sdk.tag.TagResources({ ResourceList: names, Tags: [{ TagKey: "env", TagValue: "dev" }] });
    const found = await f.sdk.tag.GetResources({ TagFilters: [{ TagKey: "env", TagValue: ["dev"] }] });
    expect(found.ResourceTagMappingList?.map((r) => r.Resource).sort()).toEqual([...names].sort());
    expect((await f.sdk.cvm.DescribeInstances({ InstanceIds: [vm] })).InstanceSet?.[0]?.Tags).toEqual([
      { Key: "env", Value: "dev" },
    ]);
    await f.sdk.tag.UnTagResources({ ResourceList: [names[0] ?? ""], TagKeys: ["env"] });
    const left = await f.sdk.tag.GetResources({ TagFilters: [{ TagKey: "env" }] });
    expect(left.ResourceTagMappingList?.map((r) => r.Resource)).toEqual([names[1]]);
    expect(
      await sdkErrorCode(
        f.sdk.tag.TagResources({ ResourceList: ["qcs::cvm:x"], Tags: [{ TagKey: "a", TagValue: "b" }] }),
      ),
    ).toBe("InvalidParameterValue.ResourceDescriptionError");
  });
});
