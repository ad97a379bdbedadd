/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frontFixture } from "./support.js";
import type { Body, Fixture } from "./support.js";

let f: Fixture;
beforeEach(async () => {
  f = await frontFixture({ front: { maxPageSize: 2, vpcPendingMs: 2_000 } });
});
afterEach(() => f.close());

const vpcCall = { product: "vpc" } as const;

async function availableVpc(cidr = "10.0.0.0/16"): Promise<string> {
  const { VpcId } = await f.ok("CreateVpc", { CidrBlock: cidr, VpcName: "net" }, vpcCall);
  f.clock.advance(2_000);
  return VpcId as string;
}

describe("the Alibaba front's VPCs and VSwitches", () => {
  it("makes a VPC Pending, then Available on the world's clock; a pending VPC takes no VSwitch", async () => {
    const made = await f.ok(
      "CreateVpc",
      { CidrBlock: "10.0.0.0/16", VpcName: "net", "Tag.1.Key": "team", "Tag.1.Value": "a" },
      vpcCall,
    );
    expect(made.VpcId).toMatch(/^vpc-bp1/);
    const pending = (await f.ok("DescribeVpcs", { VpcId: made.VpcId }, vpcCall)).Vpcs.Vpc[0];
    expect(pending).toMatchObject({ Status: "Pending", CidrBlock: "10.0.0.0/16", VpcName: "net" });
    expect(pending.Tags.Tag).toEqual([{ Key: "team", Value: "a" }]);
    const early = await f.call(
      "CreateVSwitch",
      { VpcId: made.VpcId, ZoneId: "cn-hangzhou-b", CidrBlock: "10.0.1.0/24" },
      vpcCall,
    );
    expect(early).toMatchObject({ status: 400, body: { Code: "IncorrectVpcStatus" } });
    expect((await f.call("DeleteVpc", { VpcId: made.VpcId }, vpcCall)).body["Code"]).toBe("IncorrectVpcStatus");
    f.clock.advance(2_000);
    expect((await f.ok("DescribeVpcs", { VpcId: made.VpcId }, vpcCall)).Vpcs.Vpc[0].Status).toBe("Available");
  });

  it("keeps VSwitches zonal, inside the VPC's CIDR and apart from each other", async () => {
    const vpcId = await availableVpc();
    const a = await f.ok(
      "CreateVSwitch",
      { VpcId: vpcId, ZoneId: "cn-hangzhou-b", CidrBlock: "10.0.1.0/24", VSwitchName: "a" },
      vpcCall,
    );
    expect(a.VSwitchId).toMatch(/^vsw-/);
    const overlap = await f.call(
      "CreateVSwitch",
      { VpcId: vpcId, ZoneId: "cn-hangzhou-g", CidrBlock: "10.0.1.128/25" },
      vpcCall,
    );
    expect(overlap.body["Code"]).toBe("InvalidCidrBlock.Overlapped");
    const outside = await f.call(
      "CreateVSwitch",
      { VpcId: vpcId, ZoneId: "cn-hangzhou-g", CidrBlock: "192.168.0.0/24" },
      vpcCall,
    );
    expect(outside.body["Code"]).toBe("InvalidCidrBlock.Malformed");
    const badZone = await f.call(
      "CreateVSwitch",
      { VpcId: vpcId, ZoneId: "cn-beijing-a", CidrBlock: "10.0.2.0/24" },
      vpcCall,
    );
    expect(badZone).toMatchObject({ status: 404, body: { Code: "InvalidZoneId.NotFound" } });
    expect((await f.call("CreateVSwitch", { VpcId: vpcId, CidrBlock: "10.0.2.0/24" }, vpcCall)).body["Code"]).toBe(
      "MissingParameter",
    );
    const listed = (await f.ok("DescribeVSwitches", { VpcId: vpcId }, vpcCall)).VSwitches.VSwitch;
    expect(listed).toEqual([
      expect.objectContaining({
        VSwitchId: a.VSwitchId,
        ZoneId: "cn-hangzhou-b",
        CidrBlock: "10.0.1.0/24",
        Status: "Pending",
        VSwitchName: "a",
      }),
    ]);
    expect(listed[0].AvailableIpAddressCount).toBeGreaterThan(200);
  });

  it("refuses to delete a VPC with VSwitches (DependencyViolation), then deletes both", async () => {
    const vpcId = await availableVpc();
    const { VSwitchId } = await f.ok(
      "CreateVSwitch",
      { VpcId: vpcId, ZoneId: "cn-hangzhou-b", CidrBlock: "10.0.1.0/24" },
      vpcCall,
    );
    expect((await f.call("DeleteVpc", { VpcId: vpcId }, vpcCall)).body["Code"]).toBe("DependencyViolation");
    expect((await f.call("DeleteVSwitch", { VSwitchId }, vpcCall)).body["Code"]).toBe("IncorrectVSwitchStatus");
    f.clock.advance(2_000);
    await f.ok("DeleteVSwitch", { VSwitchId }, vpcCall);
    await f.ok("DeleteVpc", { VpcId: vpcId }, vpcCall);
    expect(await f.call("DeleteVpc", { VpcId: vpcId }, vpcCall)).toMatchObject({
      status: 404,
      body: { Code: "InvalidVpcId.NotFound" },
    });
  });

  it("pages VPCs with small pages and answers a repeated ClientToken with the same VPC", async () => {
    const first = await f.ok("CreateVpc", { CidrBlock: "10.1.0.0/16", ClientToken: "tok-1" }, vpcCall);
    const again = await f.ok("CreateVpc", { CidrBlock: "10.1.0.0/16", ClientToken: "tok-1" }, vpcCall);
    expect(again.VpcId).toBe(first.VpcId);
    const mismatch = await f.call("CreateVpc", { CidrBlock: "10.2.0.0/16", ClientToken: "tok-1" }, vpcCall);
    expect(mismatch.body["Code"]).toBe("IdempotentParameterMismatch");
    await f.ok("CreateVpc", { CidrBlock: "10.3.0.0/16" }, vpcCall);
    await f.ok("CreateVpc", { CidrBlock: "10.4.0.0/16" }, vpcCall);
    const page1 = await f.ok("DescribeVpcs", { PageSize: 2 }, vpcCall);
    const page2 = await f.ok("DescribeVpcs", { PageSize: 2, PageNumber: 2 }, vpcCall);
    expect(page1).toMatchObject({ TotalCount: 3, PageNumber: 1, PageSize: 2 });
    expect(page1.Vpcs.Vpc).toHaveLength(2);
    expect(page2.Vpcs.Vpc).toHaveLength(1);
    expect(page1.Vpcs.Vpc[0].VpcName).toBe("");
  });
});

describe("the Alibaba front's security groups", () => {
  it("keeps exactly the rules given, with port/port ranges, priorities and policies", async () => {
    const vpcId = await availableVpc();
    const { SecurityGroupId: id } = await f.ok("CreateSecurityGroup", { VpcId: vpcId, SecurityGroupName: "web" });
    expect(id).toMatch(/^sg-/);
    await f.ok("AuthorizeSecurityGroup", {
      SecurityGroupId: id,
      IpProtocol: "tcp",
      PortRange: "22/22",
      SourceCidrIp: "0.0.0.0/0",
      Priority: 1,
    });
    await f.ok("AuthorizeSecurityGroup", {
      SecurityGroupId: id,
      IpProtocol: "all",
      PortRange: "-1/-1",
      SourceCidrIp: "10.0.0.0/8",
      Policy: "drop",
      Priority: 100,
    });
    await f.ok("AuthorizeSecurityGroupEgress", {
      SecurityGroupId: id,
      "Permissions.1.IpProtocol": "udp",
      "Permissions.1.PortRange": "53/53",
      "Permissions.1.DestCidrIp": "0.0.0.0/0",
    });
    // The same rule again changes nothing.
    await f.ok("AuthorizeSecurityGroup", {
      SecurityGroupId: id,
      IpProtocol: "tcp",
      PortRange: "22/22",
      SourceCidrIp: "0.0.0.0/0",
      Priority: 1,
    });
    const attr = await f.ok("DescribeSecurityGroupAttribute", { SecurityGroupId: id });
    expect(attr).toMatchObject({ SecurityGroupName: "web", VpcId: vpcId });
    const rules = attr.Permissions.Permission.map((p: Body) => [
      p.Direction,
      p.IpProtocol,
      p.PortRange,
      p.SourceCidrIp || p.DestCidrIp,
      p.Policy,
      p.Priority,
    ]);
    expect(rules).toEqual([
      ["ingress", "TCP", "22/22", "0.0.0.0/0", "Accept", 1],
      ["ingress", "ALL", "-1/-1", "10.0.0.0/8", "Drop", 100],
      ["egress", "UDP", "53/53", "0.0.0.0/0", "Accept", 1],
    ]);
    const bad = await f.call("AuthorizeSecurityGroup", {
      SecurityGroupId: id,
      IpProtocol: "tcp",
      PortRange: "-1/-1",
      SourceCidrIp: "0.0.0.0/0",
    });
    expect(bad.body["Code"]).toBe("InvalidPortRange.Malformed");
    const badPriority = await f.call("AuthorizeSecurityGroup", {
      SecurityGroupId: id,
      IpProtocol: "tcp",
      PortRange: "80/80",
      SourceCidrIp: "0.0.0.0/0",
      Priority: 101,
    });
    expect(badPriority.body["Code"]).toBe("InvalidPriority.Malformed");
    await f.ok("RevokeSecurityGroup", {
      SecurityGroupId: id,
      IpProtocol: "tcp",
      PortRange: "22/22",
      SourceCidrIp: "0.0.0.0/0",
    });
    const after = await f.ok("DescribeSecurityGroupAttribute", { SecurityGroupId: id, Direction: "ingress" });
    expect(after.Permissions.Permission.map((p: Body) => p.IpProtocol)).toEqual(["ALL"]);
    const listed = await f.ok("DescribeSecurityGroups", { VpcId: vpcId });
    expect(listed.SecurityGroups.SecurityGroup).toEqual([
      expect.objectContaining({ SecurityGroupId: id, SecurityGroupType: "normal" }),
    ]);
    await f.ok("DeleteSecurityGroup", { SecurityGroupId: id });
    expect((await f.call("DescribeSecurityGroupAttribute", { SecurityGroupId: id })).body["Code"]).toBe(
      "InvalidSecurityGroupId.NotFound",
    );
  });
});

describe("the Alibaba front's security group listing", () => {
  it("pages by NextToken and MaxResults as well as by PageNumber", async () => {
    const vpcId = await availableVpc();
    for (const name of ["g1", "g2", "g3"]) await f.ok("CreateSecurityGroup", { VpcId: vpcId, SecurityGroupName: name });
    const first = await f.ok("DescribeSecurityGroups", { VpcId: vpcId, MaxResults: 2 });
    expect(first.SecurityGroups.SecurityGroup.map((g: Body) => g.SecurityGroupName)).toEqual(["g1", "g2"]);
    const second = await f.ok("DescribeSecurityGroups", { VpcId: vpcId, MaxResults: 2, NextToken: first.NextToken });
    expect(second.SecurityGroups.SecurityGroup.map((g: Body) => g.SecurityGroupName)).toEqual(["g3"]);
    expect(second.NextToken).toBe("");
    const numbered = await f.ok("DescribeSecurityGroups", { VpcId: vpcId, PageNumber: 2, PageSize: 2 });
    expect(numbered).toMatchObject({ TotalCount: 3, PageNumber: 2 });
  });
});

describe("the Alibaba front's tags", () => {
  it("takes keys such as __proto__ and constructor as ordinary tag keys", async () => {
    const made = await f.ok(
      "CreateVpc",
      {
        CidrBlock: "10.9.0.0/16",
        "Tag.1.Key": "__proto__",
        "Tag.1.Value": "a",
        "Tag.2.Key": "constructor",
        "Tag.2.Value": "b",
      },
      vpcCall,
    );
    const listed = await f.ok("ListTagResources", { ResourceType: "VPC", "ResourceId.1": made.VpcId }, vpcCall);
    expect(listed.TagResources.TagResource.map((t: Body) => [t.TagKey, t.TagValue])).toEqual([
      ["__proto__", "a"],
      ["constructor", "b"],
    ]);
    const reserved = await f.call("CreateVpc", { CidrBlock: "100.64.0.0/16" }, vpcCall);
    expect(reserved.body["Code"]).toBe("InvalidCidrBlock.Malformed");
    const long = await f.call(
      "CreateVpc",
      { CidrBlock: "10.7.0.0/16", "Tag.1.Key": "k", "Tag.1.Value": "v".repeat(129) },
      vpcCall,
    );
    expect(long.body["Code"]).toBe("InvalidTagValue.Malformed");
    const twice = await f.call("CreateVpc", { CidrBlock: "10.8.0.0/16", "Tag.1.Key": "k", "Tag.2.Key": "k" }, vpcCall);
    expect(twice.body["Code"]).toBe("InvalidTagKey.Duplicate");
  });
  it("knows each product's tag actions apart: a fault on VPC's TagResources leaves ECS's alone", async () => {
    const vpcId = await availableVpc("10.6.0.0/16");
    const { SecurityGroupId } = await f.ok("CreateSecurityGroup", { VpcId: vpcId, SecurityGroupName: "tagged" });
    const tag = { "Tag.1.Key": "team", "Tag.1.Value": "a" };
    f.world.faults.add({ provider: "ALIBABA", api: "vpc:TagResources", kind: "unavailable", times: 1 });
    const ecsTag = await f.call("TagResources", {
      ResourceType: "securitygroup",
      "ResourceId.1": SecurityGroupId,
      ...tag,
    });
    expect(ecsTag.status).toBe(200);
    const vpcTag = await f.call("TagResources", { ResourceType: "VPC", "ResourceId.1": vpcId, ...tag }, vpcCall);
    expect(vpcTag).toMatchObject({ status: 503, body: { Code: "ServiceUnavailable" } });
    // And the other way round: ECS's plain name is ECS's only.
    f.world.faults.add({ provider: "ALIBABA", api: "TagResources", kind: "unavailable", times: 1 });
    expect((await f.call("TagResources", { ResourceType: "VPC", "ResourceId.1": vpcId, ...tag }, vpcCall)).status).toBe(
      200,
    );
    expect(
      (await f.call("TagResources", { ResourceType: "securitygroup", "ResourceId.1": SecurityGroupId, ...tag })).status,
    ).toBe(503);
    // Actions only one product serves keep their plain names; the shared ones carry the product.
    const apis = f.front.actions.apis();
    expect(apis).toEqual(expect.arrayContaining(["CreateVpc", "CreateLoadBalancer", "TagResources"]));
    expect(apis).toEqual(expect.arrayContaining(["vpc:ListTagResources", "slb:UntagResources"]));
    expect(apis).not.toContain("vpc:CreateVpc");
  });
});

describe("the Alibaba front's key pairs", () => {
  it("returns the private key once, imports, lists and deletes by names", async () => {
    const made = await f.ok("CreateKeyPair", { KeyPairName: "k1" });
    expect(made.PrivateKeyBody).toContain("PRIVATE KEY");
    expect(made.KeyPairFingerPrint).toMatch(/^[0-9a-f]{32}$/);
    expect((await f.call("CreateKeyPair", { KeyPairName: "k1" })).body["Code"]).toBe("KeyPair.AlreadyExist");
    const publicKey = f.cloud().keyPairs.get("k1").publicKey;
    const imported = await f.ok("ImportKeyPair", { KeyPairName: "k2", PublicKeyBody: publicKey });
    expect(imported.KeyPairFingerPrint).toBe(made.KeyPairFingerPrint);
    const listed = await f.ok("DescribeKeyPairs", { KeyPairName: "k*" });
    expect(listed.TotalCount).toBe(2);
    expect(listed.KeyPairs.KeyPair[0].PublicKey).toBeUndefined();
    const withKeys = await f.ok("DescribeKeyPairs", { KeyPairName: "k1", IncludePublicKey: "true" });
    expect(withKeys.KeyPairs.KeyPair[0].PublicKey).toBe(publicKey);
    expect(JSON.stringify(listed)).not.toContain("PRIVATE KEY");
    await f.ok("DeleteKeyPairs", { KeyPairNames: JSON.stringify(["k1", "k2"]) });
    expect((await f.ok("DescribeKeyPairs")).TotalCount).toBe(0);
    expect((await f.call("DeleteKeyPairs", { KeyPairNames: "k1" })).body["Code"]).toBe("InvalidKeyPairNames.Malformed");
  });
});
