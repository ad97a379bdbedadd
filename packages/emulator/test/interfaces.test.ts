import { describe, expect, it } from "vitest";
import type { AccountRegion } from "../src/index.js";
import { expectWorldError, mockCloud, network, runVm, testWorld } from "./support.js";

function openstack(): { cloud: AccountRegion; advance: (ms: number) => void; boot: number; terminate: number } {
  const { world, clock } = testWorld();
  const cloud = world.accountRegion({ provider: "OPENSTACK", account: "p", region: "RegionOne" });
  return {
    cloud,
    advance: (ms) => clock.advance(ms),
    boot: world.timing.vmBootMs,
    terminate: world.timing.vmTerminateMs,
  };
}

describe("network interfaces", () => {
  it("give a VM run without one an interface of its own that goes with it", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const vm = runVm(cloud, net);
    const [own, ...others] = cloud.networkInterfaces.list().items;
    expect(others).toEqual([]);
    expect(own).toMatchObject({
      fixedIps: [{ subnetId: net.subnetId, ip: vm.privateIp }],
      securityGroups: [{ id: net.sg.id, name: net.sg.name }],
      deviceId: vm.id,
      attachment: { vm: { id: vm.id }, index: 0, deleteOnTermination: true },
    });
    expect(own?.macAddress).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    cloud.vms.terminate(vm.id);
    expect(cloud.networkInterfaces.list().items).toHaveLength(1);
    clock.advance(world.timing.vmTerminateMs);
    expect(cloud.networkInterfaces.list().items).toEqual([]);
  });

  it("allocate one IPv4, one stateful IPv6 and every SLAAC address, in Neutron's subnet order", () => {
    const { cloud } = openstack();
    const vpc = cloud.vpcs.create({ name: "n" });
    const v4 = cloud.subnets.create({ vpcId: vpc.id, name: "v4", cidr: "10.0.1.0/24" });
    const slaac = cloud.subnets.create({
      vpcId: vpc.id,
      name: "slaac",
      ipVersion: 6,
      cidr: "2001:db8:1::/64",
      ipv6AddressMode: "slaac",
      ipv6RaMode: "slaac",
    });
    const stateful = cloud.subnets.create({ vpcId: vpc.id, name: "dhcp6", ipVersion: 6, cidr: "2001:DB8:2::/64" });
    expect(stateful.cidr).toBe("2001:db8:2::/64");
    const port = cloud.networkInterfaces.create({ vpcId: vpc.id });
    expect(port.macAddress).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    const [b0, b1, b2, b3, b4, b5] = port.macAddress.split(":");
    const eui64 = `2001:db8:1:0:${(Number.parseInt(b0 ?? "", 16) ^ 2).toString(16)}${b1}:${b2}ff:fe${b3}:${b4}${b5}`;
    expect(new Set(port.fixedIps)).toEqual(
      new Set([
        { subnetId: v4.id, ip: "10.0.1.4" },
        { subnetId: stateful.id, ip: "2001:db8:2::2" },
        { subnetId: slaac.id, ip: eui64.replace(/:0+([0-9a-f])/g, ":$1") },
      ]),
    );
    const asked = cloud.networkInterfaces.create({ vpcId: vpc.id, fixedIps: [{ subnetId: v4.id, ip: "10.0.1.50" }] });
    expect(asked.fixedIps.map((f) => f.subnetId).sort()).toEqual([v4.id, slaac.id].sort());
    expectWorldError(
      () => cloud.networkInterfaces.create({ vpcId: vpc.id, fixedIps: [{ ip: "10.0.1.50" }] }),
      "Duplicate",
      /10\.0\.1\.50 already allocated/,
    );
    expectWorldError(
      () => cloud.networkInterfaces.create({ vpcId: vpc.id, fixedIps: [{ subnetId: v4.id, ip: "10.0.2.9" }] }),
      "InvalidParameter",
      /not a valid address of subnet/,
    );
    expectWorldError(
      () => cloud.networkInterfaces.create({ vpcId: vpc.id, fixedIps: [{ subnetId: v4.id, ip: "10.0.1.255" }] }),
      "InvalidParameter",
    );
    const other = cloud.vpcs.create({ name: "other" });
    const foreign = cloud.subnets.create({ vpcId: other.id, name: "s", cidr: "10.9.0.0/24" });
    expectWorldError(
      () => cloud.networkInterfaces.create({ vpcId: vpc.id, fixedIps: [{ subnetId: foreign.id }] }),
      "InvalidParameter",
      /not in network/,
    );
  });

  it("refuse IPv6 details on IPv4 subnets and overlapping IPv6 subnets", () => {
    const { cloud } = openstack();
    const vpc = cloud.vpcs.create({ name: "n" });
    expectWorldError(
      () => cloud.subnets.create({ vpcId: vpc.id, name: "x", cidr: "10.0.0.0/24", ipv6AddressMode: "slaac" }),
      "InvalidParameter",
    );
    cloud.subnets.create({ vpcId: vpc.id, name: "a", ipVersion: 6, cidr: "2001:db8::/48" });
    expectWorldError(
      () => cloud.subnets.create({ vpcId: vpc.id, name: "b", ipVersion: 6, cidr: "2001:db8:0:1::/64" }),
      "InvalidParameter",
      /overlaps/,
    );
    expectWorldError(
      () => cloud.subnets.create({ vpcId: vpc.id, name: "c", ipVersion: 6, cidr: "10.0.0.0/24" }),
      "InvalidParameter",
    );
  });

  it("outlive the VMs they were given to, which leave them free; their public IPs stay", () => {
    const { cloud, advance, boot, terminate } = openstack();
    const vpc = cloud.vpcs.create({ name: "n" });
    const subnet = cloud.subnets.create({ vpcId: vpc.id, name: "s", cidr: "10.0.1.0/24" });
    const sg = cloud.securityGroups.create({ name: "g", vpcId: vpc.id });
    const router = cloud.routers.create({ name: "r", external: true });
    cloud.routers.addSubnet(router.id, subnet.id);
    const port = cloud.networkInterfaces.create({ vpcId: vpc.id, securityGroupIds: [sg.id] });
    const ip = cloud.publicIps.allocate({ target: { kind: "network-interface", id: port.id } });
    const image = cloud.catalog.listImages().items.find((i) => i.architecture === "x86_64")?.id ?? "";
    const vm = cloud.vms.run({
      name: "vm",
      imageId: image,
      specName: "m1.small",
      networkInterfaces: [{ id: port.id }],
      assignPublicIp: false,
    });
    expect(vm).toMatchObject({
      privateIp: port.fixedIps[0]?.ip,
      subnet: { id: subnet.id },
      securityGroups: [{ id: sg.id }],
    });
    expect(cloud.networkInterfaces.get(port.id)).toMatchObject({ deviceId: vm.id, deviceOwner: "compute:nova" });
    expectWorldError(
      () => cloud.vms.run({ name: "vm2", imageId: image, specName: "m1.small", networkInterfaces: [{ id: port.id }] }),
      "IncorrectState",
      /in use/,
    );
    expectWorldError(() => cloud.securityGroups.delete(sg.id), "DependencyViolation", /1 VM/);
    advance(boot);
    cloud.vms.terminate(vm.id);
    advance(terminate);
    const freed = cloud.networkInterfaces.get(port.id);
    expect(freed).toMatchObject({ deviceId: "", deviceOwner: "" });
    expect(freed.attachment).toBeUndefined();
    expect(cloud.publicIps.get(ip.id).target).toEqual({ kind: "network-interface", id: port.id, name: "" });
    expectWorldError(() => cloud.subnets.delete(subnet.id), "DependencyViolation", /1 network interface/);
    cloud.networkInterfaces.delete(port.id);
    expect(cloud.publicIps.get(ip.id).target).toBeUndefined();
  });
});

describe("the operator's shared networks", () => {
  it("appear with the same ids in every account, read-only, outside the quota", () => {
    const { world } = testWorld();
    const alice = world.accountRegion({ provider: "OPENSTACK", account: "alice", region: "RegionOne" });
    const bob = world.accountRegion({ provider: "OPENSTACK", account: "bob", region: "RegionOne" });
    const [mine] = alice.vpcs.list().items;
    expect(mine).toMatchObject({
      name: "public",
      shared: { external: true, networkType: "flat", physicalNetwork: "physnet1", mtu: 1500 },
      subnets: [{ cidr: "185.0.0.0/8" }, { cidr: "193.0.0.0/8" }],
    });
    expect(bob.vpcs.list().items[0]?.id).toBe(mine?.id);
    expect(alice.quotaUsage().find((q) => q.name === "vpcs")?.used).toBe(0);
    expectWorldError(() => alice.vpcs.delete(mine?.id ?? ""), "IncorrectState", /operator/);
    expectWorldError(
      () => alice.subnets.create({ vpcId: mine?.id ?? "", name: "x", cidr: "185.1.0.0/16" }),
      "IncorrectState",
    );
    // AWS shares no network: an account there starts with its own default VPC only.
    const aws = world.accountRegion({ provider: "AWS", account: "a", region: "us-east-1" }).vpcs.list().items;
    expect(aws.map((v) => [v.isDefault, v.shared])).toEqual([[true, undefined]]);
  });

  it("give interfaces public addresses unique world-wide, which are a VM's public address", () => {
    const { world } = testWorld();
    const clouds = ["alice", "bob"].map((account) =>
      world.accountRegion({ provider: "OPENSTACK", account, region: "RegionOne" }),
    );
    const shared = clouds[0]?.vpcs.list().items[0];
    const addresses = clouds.flatMap((cloud) =>
      Array.from({ length: 20 }, () => cloud.networkInterfaces.create({ vpcId: shared?.id ?? "" }).fixedIps[0]?.ip),
    );
    expect(new Set(addresses).size).toBe(40);
    for (const ip of addresses) expect(ip).toMatch(/^(185|193)\./);
    const cloud = clouds[0]!;
    const image = cloud.catalog.listImages().items.find((i) => i.architecture === "x86_64")?.id ?? "";
    const vm = cloud.vms.run({
      name: "direct",
      imageId: image,
      specName: "m1.small",
      subnetId: shared?.subnets[0]?.id,
      assignPublicIp: false,
    });
    expect(vm.privateIp).toMatch(/^185\./);
    expect(vm.publicIp).toBe(vm.privateIp);
    expect(addresses).not.toContain(vm.privateIp);
  });
});
