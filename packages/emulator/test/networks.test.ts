import { describe, expect, it } from "vitest";
import { expectWorldError, mockCloud, network, runVm, testWorld } from "./support.js";

describe("VPCs and subnets", () => {
  it("creates a VPC with subnets atomically and reports them", () => {
    const cloud = mockCloud(testWorld().world);
    const vpc = cloud.vpcs.create({
      name: "v1",
      cidr: "10.0.0.0/16",
      subnets: [
        { name: "a", cidr: "10.0.1.0/24", zone: "mock-seoul-a" },
        { name: "b", cidr: "10.0.2.0/24", zone: "mock-seoul-b" },
      ],
      tags: { env: "test" },
    });
    expect(vpc.id).toMatch(/^mock-vpc-[a-z0-9]{12}$/);
    expect(vpc.subnets.map((s) => [s.name, s.cidr, s.zone])).toEqual([
      ["a", "10.0.1.0/24", "mock-seoul-a"],
      ["b", "10.0.2.0/24", "mock-seoul-b"],
    ]);
    expect(vpc.subnets[0]!.availableIpCount).toBe(251);
    expect(cloud.vpcs.get(vpc.id)).toEqual(vpc);
  });

  it("rejects bad CIDRs, subnets outside the VPC or overlapping, and leaves nothing behind", () => {
    const cloud = mockCloud(testWorld().world);
    expectWorldError(() => cloud.vpcs.create({ name: "v", cidr: "10.0.0.1/16" }), "InvalidParameter", /cidr/);
    expectWorldError(() => cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/8" }), "InvalidParameter", /prefix/);
    expectWorldError(() => cloud.vpcs.create({ name: "v" }), "InvalidParameter", /cidr: is required/);
    expectWorldError(
      () => cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16", subnets: [{ name: "s", cidr: "10.1.0.0/24" }] }),
      "InvalidParameter",
      /subnets\[0\]\.cidr.*not inside/,
    );
    expectWorldError(
      () =>
        cloud.vpcs.create({
          name: "v",
          cidr: "10.0.0.0/16",
          subnets: [
            { name: "s1", cidr: "10.0.0.0/23" },
            { name: "s2", cidr: "10.0.1.0/24" },
          ],
        }),
      "InvalidParameter",
      /subnets\[1\]\.cidr.*overlaps/,
    );
    expect(cloud.vpcs.list().items).toEqual([]);
    expect(cloud.subnets.list().items).toEqual([]);
  });

  it("validates zones: unknown and unavailable zones are refused", () => {
    const cloud = mockCloud(testWorld().world);
    const vpc = cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16" });
    expectWorldError(
      () => cloud.subnets.create({ vpcId: vpc.id, name: "s", cidr: "10.0.1.0/24", zone: "mock-tokyo-a" }),
      "InvalidParameter",
      /zone/,
    );
    expectWorldError(
      () => cloud.subnets.create({ vpcId: vpc.id, name: "s", cidr: "10.0.1.0/24", zone: "mock-seoul-c" }),
      "InvalidParameter",
      /unavailable/,
    );
    expect(cloud.subnets.create({ vpcId: vpc.id, name: "s", cidr: "10.0.1.0/24" }).zone).toBe("mock-seoul-a");
  });

  it("keeps names unique where the provider does (MOCK) and not where it does not (AWS)", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    cloud.vpcs.create({ name: "same", cidr: "10.0.0.0/16" });
    expectWorldError(() => cloud.vpcs.create({ name: "same", cidr: "10.1.0.0/16" }), "Duplicate");
    expectWorldError(() => cloud.vpcs.create({ name: "Upper", cidr: "10.1.0.0/16" }), "InvalidParameter", /name/);
    const aws = world.accountRegion({ provider: "AWS", account: "111122223333", region: "us-east-1" });
    const a = aws.vpcs.create({ name: "same", cidr: "10.0.0.0/16" });
    const b = aws.vpcs.create({ name: "same", cidr: "10.0.0.0/16" });
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^vpc-0[0-9a-f]{16}$/);
  });

  it("refuses to delete a VPC while subnets, security groups, VMs or load balancers remain", () => {
    const cloud = mockCloud(testWorld().world);
    const net = network(cloud);
    runVm(cloud, net);
    expectWorldError(
      () => cloud.vpcs.delete(net.vpc.id),
      "DependencyViolation",
      /1 subnet\(s\), 1 security group\(s\), 1 VM\(s\)/,
    );
    expectWorldError(() => cloud.subnets.delete(net.subnetId), "DependencyViolation", /1 VM/);
    expect(cloud.vpcs.get(net.vpc.id).subnets).toHaveLength(1);
  });

  it("deletes an empty VPC after its subnets, and then it is gone", () => {
    const cloud = mockCloud(testWorld().world);
    const vpc = cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16", subnets: [{ name: "s", cidr: "10.0.1.0/24" }] });
    expectWorldError(() => cloud.vpcs.delete(vpc.id), "DependencyViolation", /subnet/);
    cloud.subnets.delete(vpc.subnets[0]!.id);
    cloud.vpcs.delete(vpc.id);
    expectWorldError(() => cloud.vpcs.get(vpc.id), "NotFound");
    expectWorldError(() => cloud.vpcs.delete(vpc.id), "NotFound");
  });

  it("enforces the VPC quota (AWS: 5 per region, the default VPC counted) and overrides", () => {
    const { world } = testWorld();
    const aws = world.accountRegion({ provider: "AWS", account: "1", region: "eu-central-1" });
    for (let i = 0; i < 4; i++) aws.vpcs.create({ name: `v${i}`, cidr: "10.0.0.0/16" });
    expectWorldError(() => aws.vpcs.create({ name: "v5", cidr: "10.0.0.0/16" }), "QuotaExceeded", /vpcs/);
    // Another region of the same account has its own quota.
    world
      .accountRegion({ provider: "AWS", account: "1", region: "us-east-1" })
      .vpcs.create({ name: "x", cidr: "10.0.0.0/16" });
    world.quotas.set({ provider: "AWS", account: "1", region: "eu-central-1" }, { vpcs: 6 });
    expect(aws.vpcs.create({ name: "v5", cidr: "10.0.0.0/16" }).name).toBe("v5");
    expect(aws.quotaUsage().find((q) => q.name === "vpcs")).toEqual({ name: "vpcs", limit: 6, used: 6 });
  });

  it("gives every AWS account-region a default VPC it may delete, its default group going with it", () => {
    const { world } = testWorld();
    const aws = world.accountRegion({ provider: "AWS", account: "1", region: "eu-central-1" });
    const [vpc] = aws.vpcs.list().items;
    expect(vpc).toMatchObject({ isDefault: true, cidr: "172.31.0.0/16" });
    expect(vpc?.subnets.map((s) => [s.zone, s.cidr, s.defaultForZone])).toEqual([
      ["eu-central-1a", "172.31.0.0/20", true],
      ["eu-central-1b", "172.31.16.0/20", true],
      ["eu-central-1c", "172.31.32.0/20", true],
    ]);
    const [group] = aws.securityGroups.list().items;
    expect(group).toMatchObject({ name: "default", isDefault: true, vpc: { id: vpc?.id } });
    expectWorldError(() => aws.securityGroups.delete(group?.id ?? ""), "IncorrectState", /default group/);
    for (const subnet of vpc?.subnets ?? []) aws.subnets.delete(subnet.id);
    aws.vpcs.delete(vpc?.id ?? "");
    expect(aws.vpcs.list().items).toEqual([]);
    expect(aws.securityGroups.list().items).toEqual([]);
    // Other providers start with nothing of their own.
    expect(world.accountRegion({ provider: "GCP", account: "p", region: "asia-northeast3" }).vpcs.list().items).toEqual(
      [],
    );
  });

  it("allows CIDR-less VPCs where the provider has them (GCP) with Azure and GCP id styles", () => {
    const { world } = testWorld();
    const gcp = world.accountRegion({ provider: "GCP", account: "my-project", region: "asia-northeast3" });
    const vpc = gcp.vpcs.create({ name: "net", subnets: [{ name: "sub", cidr: "10.10.0.0/20" }] });
    expect(vpc.cidr).toBeUndefined();
    expect(vpc.id).toMatch(/^[1-9]\d{18}$/);
    const azure = world.accountRegion({ provider: "AZURE", account: "sub-1", region: "koreacentral" });
    const vnet = azure.vpcs.create({
      name: "vnet",
      cidr: "10.0.0.0/16",
      subnets: [{ name: "default", cidr: "10.0.0.0/24", zone: "1" }],
    });
    expect(vnet.id).toBe(
      "/subscriptions/sub-1/resourceGroups/cloud-barista-koreacentral/providers/Microsoft.Network/virtualNetworks/vnet",
    );
    expect(vnet.subnets[0]!.id).toBe(`${vnet.id}/subnets/default`);
  });
});

describe("security groups", () => {
  it("stores exactly the rules given, adds and removes rules, and rejects duplicates and bad rules", () => {
    const cloud = mockCloud(testWorld().world);
    const vpc = cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16" });
    const sg = cloud.securityGroups.create({
      name: "sg",
      vpcId: vpc.id,
      rules: [{ direction: "ingress", protocol: "icmp", portRange: { from: -1, to: -1 }, cidr: "10.0.0.0/8" }],
    });
    expect(sg.rules).toEqual([{ direction: "ingress", protocol: "icmp", cidr: "10.0.0.0/8" }]);
    const http = { direction: "ingress", protocol: "tcp", portRange: { from: 80, to: 80 }, cidr: "0.0.0.0/0" } as const;
    expect(cloud.securityGroups.addRules(sg.id, [http]).rules).toHaveLength(2);
    expectWorldError(() => cloud.securityGroups.addRules(sg.id, [http]), "Duplicate");
    expectWorldError(
      () => cloud.securityGroups.addRules(sg.id, [{ ...http, portRange: { from: 90, to: 80 } }]),
      "InvalidParameter",
      /portRange/,
    );
    expectWorldError(
      () => cloud.securityGroups.addRules(sg.id, [{ ...http, cidr: "0.0.0.0/33" }]),
      "InvalidParameter",
      /cidr/,
    );
    expectWorldError(
      () => cloud.securityGroups.removeRules(sg.id, [{ ...http, portRange: { from: 443, to: 443 } }]),
      "NotFound",
    );
    expect(cloud.securityGroups.removeRules(sg.id, [http]).rules).toEqual(sg.rules);
  });

  it("cannot be deleted while a VM that is not terminated uses it", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const vm = runVm(cloud, net);
    expectWorldError(() => cloud.securityGroups.delete(net.sg.id), "DependencyViolation", /VM/);
    cloud.vms.terminate(vm.id);
    expectWorldError(() => cloud.securityGroups.delete(net.sg.id), "DependencyViolation");
    clock.advance(world.timing.vmTerminateMs);
    cloud.securityGroups.delete(net.sg.id);
    expectWorldError(() => cloud.securityGroups.get(net.sg.id), "NotFound");
  });

  it("enforces the rules-per-group quota", () => {
    const { world } = testWorld({ quotas: { MOCK: { rulesPerSecurityGroup: 2 } } });
    const cloud = mockCloud(world);
    const vpc = cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16" });
    const rule = (port: number) =>
      ({ direction: "ingress", protocol: "tcp", portRange: { from: port, to: port }, cidr: "0.0.0.0/0" }) as const;
    const sg = cloud.securityGroups.create({ name: "sg", vpcId: vpc.id, rules: [rule(1), rule(2)] });
    expectWorldError(() => cloud.securityGroups.addRules(sg.id, [rule(3)]), "QuotaExceeded");
    expect(cloud.securityGroups.addRules(sg.id, [{ ...rule(3), direction: "egress" }]).rules).toHaveLength(3);
  });
});
