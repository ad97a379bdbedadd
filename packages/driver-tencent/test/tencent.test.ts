import { collect } from "@cloud-barista/core/driver";
import { isBaristaError } from "@cloud-barista/core";
import { baristaRejectionOf as failure, callRecorder, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { tencentVendorClients } from "../src/index.js";
import { liveVms, vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { calls, tencentFixture } from "./setup.js";

const open = closedAfterEach(tencentFixture);

describe("Tencent specifics", () => {
  it("filters a sold-out type out of placement's specs, refuses it before RunInstances, and starts it where it sells", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    f.world.capacity.limit({
      provider: "TENCENT",
      region: "ap-seoul",
      zone: "ap-seoul-1",
      specName: basics.spec,
      maxVms: 0,
    });
    await withNetwork(f, ["ap-seoul-1", "ap-seoul-2"]);

    const listed = (await collect(f.conn.metadata.specs({ refresh: true }))).map((s) => s.name);
    expect(listed).not.toContain(basics.spec);
    expect(listed.length).toBeGreaterThan(0);
    const spec = await f.conn.metadata.spec(basics.spec, { refresh: true });
    expect(spec.extra?.["soldOutZones"]).toContain("ap-seoul-1");
    expect(spec.extra?.["available"]).toBe("false");

    const refused = await failure(f.conn.vm.create(vmRequest("vm-1", basics, "web-1")));
    expect(refused.code).toBe("CapacityUnavailable");
    expect(await calls(f, "RunInstances")).toEqual([]);

    const vm = await f.conn.vm.create(vmRequest("vm-2", basics, "web-2"));
    expect([vm.status, vm.region.zone]).toEqual(["Running", "ap-seoul-2"]);
  });

  it("types RunInstances' sold-out refusal as capacity, not retried, and asks the zone afresh next time", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-seoul-1"]);
    await f.conn.vm.create(vmRequest("vm-1", basics, "web-1"));
    // The zone sells out after the driver last asked DescribeZoneInstanceConfigInfos (remembered a while).
    f.world.capacity.limit({
      provider: "TENCENT",
      region: "ap-seoul",
      zone: "ap-seoul-1",
      specName: basics.spec,
      maxVms: 1,
    });
    const refused = await failure(f.conn.vm.create(vmRequest("vm-2", basics, "web-1")));
    expect([refused.code, refused.retryable]).toEqual(["CapacityUnavailable", false]);
    expect(refused.nativeCode).toMatch(/^(ResourcesSoldOut|ResourceInsufficient)/);
    expect((await calls(f, "RunInstances")).map((c) => c.error?.code)).toEqual([undefined, "CapacityUnavailable"]);
    const asked = (await calls(f, "DescribeZoneInstanceConfigInfos")).length;
    expect((await failure(f.conn.vm.create(vmRequest("vm-3", basics, "web-1")))).code).toBe("CapacityUnavailable");
    expect((await calls(f, "DescribeZoneInstanceConfigInfos")).length).toBe(asked + 1);
    expect((await calls(f, "RunInstances")).length).toBe(2);
  });

  it("checks a requested system disk type against the zone before RunInstances", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-seoul-1"]);
    const refused = await failure(
      f.conn.vm.create({ ...vmRequest("vm-basic", basics, "web-1"), rootDiskType: "LOCAL_NVME" }),
    );
    expect([refused.code, refused.field]).toEqual(["NotSupported", "rootDiskType"]);
    expect(await calls(f, "RunInstances")).toEqual([]);
    const vm = await f.conn.vm.create({ ...vmRequest("vm-ssd", basics, "web-1"), rootDiskType: "CLOUD_SSD" });
    expect(vm.rootDiskType).toBe("CLOUD_SSD");
    expect((await calls(f, "DescribeDiskConfigQuota")).length).toBe(1);
  });

  it("types LAUNCH_FAILED as a failure, not a VM still pending, and terminates it", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-seoul-1"]);
    // A launch that fails in the background: RunInstances answers an id, the instance ends LAUNCH_FAILED.
    const fault = f.world.faults.add({
      provider: "TENCENT",
      api: "RunInstances",
      kind: "capacity",
      phase: "background",
      times: 1,
    });
    const take = callRecorder(f.barista.history);
    await take();
    const error = await f.conn.vm.create(vmRequest("vm-bad", basics, "web-1")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(fault.fired).toBe(1);
    expect(isBaristaError(error)).toBe(true);
    expect(await f.conn.vm.getStatus("vm-bad")).toBe("Failed");
    const vm = await f.conn.vm.get("vm-bad");
    expect(vm.extra?.["nativeState"]).toBe("LAUNCH_FAILED");
    // Failed ends the wait when it is seen: the last poll of the create saw it, nothing waited on.
    const made = await take();
    expect(made.at(-1)).toBe("DescribeInstances");
    expect((error as { code?: string }).code).not.toBe("Timeout");
    await f.conn.vm.delete("vm-bad");
    expect(liveVms(f)).toEqual([]);
  });

  it("makes one VM when RunInstances is repeated with the same ClientToken after a lost answer", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-seoul-1"]);
    const fault = f.control.fail({ api: "RunInstances", kind: "internal", phase: "after" });
    const vm = await f.conn.vm.create(vmRequest("vm-once", basics, "web-1"));
    expect(fault.fired).toBe(1);
    expect((await calls(f, "RunInstances")).length).toBe(2);
    expect(liveVms(f).map((v) => v.id)).toEqual([vm.iid.systemId]);
  });

  it("awaits every CLB task through the waiter before the next step", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-seoul-1"]);
    await f.conn.vm.create(vmRequest("vm-1", basics, "web-1"));
    const take = callRecorder(f.barista.history);
    await take();
    const nlb = await f.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vmNames: ["vm-1"] },
      healthChecker: { protocol: "TCP", port: 8080, intervalSec: 10, timeoutSec: 5, threshold: 3 },
    });
    expect(nlb.vmGroup.vms.map((v) => v.nameId)).toEqual(["vm-1"]);
    const made = await take();
    // Each mutating call is followed by DescribeTaskStatus polls until its task is done.
    const steps = made.filter((api) => api !== "DescribeTaskStatus");
    expect(steps).toEqual(["CreateLoadBalancer", "CreateListener", "RegisterTargets"]);
    for (const step of steps) expect(made[made.indexOf(step) + 1]).toBe("DescribeTaskStatus");
    expect((await calls(f)).filter((c) => c.error?.message.includes("ResourceInOperation"))).toEqual([]);
    const read = await f.conn.nlb.get("lb");
    expect([read.listener.port, read.vmGroup.port, read.vmGroup.vms.map((v) => v.nameId)]).toEqual([
      80,
      8080,
      ["vm-1"],
    ]);
    await f.conn.nlb.delete("lb");
    expect((await calls(f, "DescribeTaskStatus")).length).toBeGreaterThanOrEqual(4);
  });

  it("maps key pair names longer than 25 characters or with other characters, and reads them back", async () => {
    const f = await open();
    const long = "team-web-servers-production-key-2026";
    const made = await f.conn.keyPair.create({ name: long });
    expect(made.iid.nameId).toBe(long);
    expect(made.privateKey).toMatch(/PRIVATE KEY/);
    const cvm = (await tencentVendorClients(f.conn)).cvm;
    const cloudNames = ((await cvm.DescribeKeyPairs({})).KeyPairSet ?? []).map((k) => k.KeyName ?? "");
    expect(cloudNames).toHaveLength(1);
    for (const name of cloudNames) expect(name).toMatch(/^[A-Za-z0-9_]{1,25}$/);
    expect((await f.conn.keyPair.get(long)).iid.nameId).toBe(long);
    expect((await collect(f.conn.keyPair.list())).map((k) => k.iid.nameId)).toEqual([long]);
    // The driver's own tag is not the user's.
    expect(await f.conn.tag.list({ resourceType: "keyPair", name: long })).toEqual([]);
    await f.conn.keyPair.delete(long);
    expect((await cvm.DescribeKeyPairs({})).KeyPairSet ?? []).toEqual([]);
  });

  it("maps a name longer than 25 characters when the connection keeps the user's names as they are", async () => {
    const f = await open();
    await f.barista.connections.add({
      name: "seoul-plain",
      driver: "tencent",
      credential: "tencent-cred",
      region: "seoul",
      endpoint: f.front.endpoint,
      deriveCloudNames: false,
    });
    const plain = await f.barista.connection("seoul-plain");
    const name = "OpsKeyOfTheProductionWebServers";
    const made = await plain.keyPair.create({ name });
    expect(made.iid.nameId).toBe(name);
    const cvm = (await tencentVendorClients(plain)).cvm;
    const [key] = (await cvm.DescribeKeyPairs({})).KeyPairSet ?? [];
    expect(key?.KeyName).toMatch(/^OpsKeyOfTheProduct_[0-9a-f]{6}$/);
    expect((await plain.keyPair.get(name)).iid.nameId).toBe(name);
  });

  it("records a security group's VPC itself, and registers a group made elsewhere in the VPC named", async () => {
    const f = await open();
    await withNetwork(f, ["ap-seoul-1"]);
    const group = await f.conn.securityGroup.get("sg");
    expect(group.vpcIID.nameId).toBe("net");
    expect(group.tags).toBeUndefined();
    const vpc = (await tencentVendorClients(f.conn)).vpc;
    const made = await vpc.CreateSecurityGroup({ GroupName: "made-elsewhere", GroupDescription: "by another tool" });
    const systemId = made.SecurityGroup?.SecurityGroupId ?? "";
    // Tencent ties the group to no VPC, and the driver did not record one: the VPC must be named.
    const refused = await failure(f.conn.securityGroup.register({ name: "other", systemId }));
    expect([refused.code, refused.field]).toEqual(["Conflict", "vpcName"]);
    const adopted = await f.conn.securityGroup.register({ name: "other", systemId, vpcName: "net" });
    expect([adopted.vpcIID.nameId, adopted.rules]).toEqual(["net", []]);
  });

  it("follows Offset/Limit paging over more than three pages", async () => {
    const f = await open({ front: { maxPageSize: 2 } });
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const names = Array.from({ length: 7 }, (_, i) => `sg-${i}`);
    for (const name of names) await f.conn.securityGroup.create({ name, vpcName: "net", rules: [] });
    const before = (await calls(f, "DescribeSecurityGroups")).length;
    const listed = (await collect(f.conn.securityGroup.list())).map((g) => g.iid.nameId);
    expect(listed.sort()).toEqual(names);
    expect((await calls(f, "DescribeSecurityGroups")).length - before).toBe(4);
  });
});
