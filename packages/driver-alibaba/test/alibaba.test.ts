import { collect } from "@cloud-barista/core/driver";
import { baristaRejectionOf as failure, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { liveVms, vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { alibabaFixture, calls } from "./setup.js";

const open = closedAfterEach(alibabaFixture);

const hangzhou = { region: "cn-hangzhou", zone: "cn-hangzhou-h" };

describe("Alibaba specifics", () => {
  it("types a sold-out zone as capacity before RunInstances, and a VM in another zone still starts", async () => {
    const f = await open({ ...hangzhou, front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    f.world.capacity.limit({
      provider: "ALIBABA",
      region: "cn-hangzhou",
      zone: "cn-hangzhou-h",
      specName: basics.spec,
      maxVms: 0,
    });
    await withNetwork(f, ["cn-hangzhou-h", "cn-hangzhou-i"]);

    const listed = (await collect(f.conn.metadata.specs({ refresh: true }))).map((s) => s.name);
    expect(listed).not.toContain(basics.spec);
    expect(listed.length).toBeGreaterThan(0);
    const spec = await f.conn.metadata.spec(basics.spec, { refresh: true });
    expect(spec.extra?.["soldOutZones"]).toContain("cn-hangzhou-h");
    expect(spec.extra?.["available"]).toBe("false");

    const refused = await failure(f.conn.vm.create(vmRequest("vm-h", basics, "web-h")));
    expect(refused.code).toBe("CapacityUnavailable");
    expect(await calls(f, "RunInstances")).toEqual([]);

    const vm = await f.conn.vm.create(vmRequest("vm-i", basics, "web-i"));
    expect([vm.status, vm.region.zone]).toEqual(["Running", "cn-hangzhou-i"]);
  });

  it("types RunInstances' OperationDenied.NoStock as capacity, not retried", async () => {
    const f = await open({ ...hangzhou, front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["cn-hangzhou-h"]);
    await f.conn.vm.create(vmRequest("vm-1", basics, "web-h"));
    // The zone sells out after the driver last asked DescribeAvailableResource (remembered a while).
    f.world.capacity.limit({
      provider: "ALIBABA",
      region: "cn-hangzhou",
      zone: "cn-hangzhou-h",
      specName: basics.spec,
      maxVms: 1,
    });
    const refused = await failure(f.conn.vm.create(vmRequest("vm-2", basics, "web-h")));
    expect([refused.code, refused.nativeCode, refused.retryable]).toEqual([
      "CapacityUnavailable",
      "OperationDenied.NoStock",
      false,
    ]);
    expect((await calls(f, "RunInstances")).map((c) => c.error?.code)).toEqual([undefined, "CapacityUnavailable"]);
    // The refusal made the driver forget what it knew of the zone: the next try asks again and
    // fails before RunInstances.
    const asked = (await calls(f, "DescribeAvailableResource")).length;
    expect((await failure(f.conn.vm.create(vmRequest("vm-3", basics, "web-h")))).code).toBe("CapacityUnavailable");
    expect((await calls(f, "DescribeAvailableResource")).length).toBe(asked + 1);
    expect((await calls(f, "RunInstances")).length).toBe(2);
  });

  it("makes one VM when RunInstances is repeated with the same ClientToken after a lost answer", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-northeast-2a"]);
    const fault = f.control.fail({ api: "RunInstances", kind: "internal", phase: "after" });
    const vm = await f.conn.vm.create(vmRequest("vm-once", basics, "web-a"));
    expect(fault.fired).toBe(1);
    expect((await calls(f, "RunInstances")).length).toBe(2);
    const live = liveVms(f);
    expect(live.map((v) => v.id)).toEqual([vm.iid.systemId]);
  });

  it("waits for a Pending VPC instead of failing: VSwitches at create and added later", async () => {
    const f = await open({ front: { vpcPendingMs: 1_500 } });
    const vpc = await f.conn.vpc.create({
      name: "pending",
      ipv4Cidr: "10.1.0.0/16",
      subnets: [{ name: "a", ipv4Cidr: "10.1.1.0/24" }],
    });
    expect(vpc.subnets.map((s) => s.iid.nameId)).toEqual(["a"]);
    const first = (await calls(f, "CreateVSwitch")).map((c) => c.error?.code);
    expect(first).toEqual(["Conflict", undefined]);
    expect((await calls(f, "DescribeVpcs")).length).toBeGreaterThan(0);

    await f.conn.vpc.create({ name: "later", ipv4Cidr: "10.2.0.0/16", subnets: [] });
    const grown = await f.conn.vpc.addSubnet("later", { name: "b", ipv4Cidr: "10.2.1.0/24" });
    expect(grown.subnets.map((s) => s.iid.nameId)).toEqual(["b"]);
  });

  it("waits for a Pending VSwitch before it starts a VM in it", async () => {
    const f = await open({ front: { vpcPendingMs: 1_500 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-northeast-2a"]);
    const vm = await f.conn.vm.create(vmRequest("vm-early", basics, "web-a"));
    expect(vm.status).toBe("Running");
    const runs = (await calls(f, "RunInstances")).map((c) => c.error?.code);
    expect(runs.at(-1)).toBeUndefined();
    expect((await calls(f, "DescribeVSwitches")).length).toBeGreaterThan(0);
  });

  it("follows PageNumber paging over more than three pages", async () => {
    const f = await open({ front: { maxPageSize: 2, vpcPendingMs: 0 } });
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const names = Array.from({ length: 7 }, (_, i) => `sg-${i}`);
    for (const name of names) await f.conn.securityGroup.create({ name, vpcName: "net", rules: [] });
    const before = (await calls(f, "DescribeSecurityGroups")).length;
    const listed = (await collect(f.conn.securityGroup.list())).map((g) => g.iid.nameId);
    expect(listed.sort()).toEqual(names);
    expect((await calls(f, "DescribeSecurityGroups")).length - before).toBe(4);
  });

  it("names VPC's tag actions as the front does: a fault on vpc:TagResources hits the VPC's tag, not ECS's", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    await f.conn.securityGroup.create({ name: "sg", vpcName: "net", rules: [] });
    const fault = f.control.fail({ api: "vpc:TagResources", kind: "internal" });
    await f.conn.tag.add({ resourceType: "securityGroup", name: "sg", vpcName: "net" }, { key: "team", value: "a" });
    expect(fault.fired).toBe(0);
    await f.conn.tag.add({ resourceType: "vpc", name: "net" }, { key: "team", value: "a" });
    expect(fault.fired).toBe(1);
    // The runtime retried the idempotent call under the same name.
    expect((await calls(f, "vpc:TagResources")).map((c) => c.error?.code)).toEqual(["ProviderError", undefined]);
    expect((await calls(f, "TagResources")).map((c) => c.error?.code)).toEqual([undefined]);
  });
});
