import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frontFixture, sdkErrorCode, zone } from "./support.js";
import type { Fixture } from "./support.js";

let f: Fixture;
beforeEach(async () => {
  f = await frontFixture({ front: { maxPageSize: 2 } });
});
afterEach(() => f.close());

describe("the Tencent front's VPC service", () => {
  it("makes VPCs and zonal subnets, pages them, and refuses to delete a VPC with subnets", async () => {
    const made = await f.sdk.vpc.CreateVpc({
      VpcName: "main",
      CidrBlock: "10.0.0.0/16",
      Tags: [{ Key: "team", Value: "a" }],
    });
    const vpcId = made.Vpc?.VpcId ?? "";
    expect(vpcId).toMatch(/^vpc-[a-z0-9]{8}$/);
    expect(made.Vpc).toMatchObject({
      VpcName: "main",
      CidrBlock: "10.0.0.0/16",
      TagSet: [{ Key: "team", Value: "a" }],
    });
    const subnet = await f.sdk.vpc.CreateSubnet({
      VpcId: vpcId,
      SubnetName: "s1",
      CidrBlock: "10.0.1.0/24",
      Zone: zone,
    });
    expect(subnet.Subnet).toMatchObject({ VpcId: vpcId, Zone: zone, CidrBlock: "10.0.1.0/24" });
    for (const name of ["b", "c"]) await f.sdk.vpc.CreateVpc({ VpcName: name, CidrBlock: "192.168.0.0/16" });
    const first = await f.sdk.vpc.DescribeVpcs({ Limit: "2", Offset: "0" });
    const second = await f.sdk.vpc.DescribeVpcs({ Limit: "2", Offset: "2" });
    expect(first.TotalCount).toBe(3);
    expect(first.VpcSet).toHaveLength(2);
    expect(second.VpcSet).toHaveLength(1);
    const byTag = await f.sdk.vpc.DescribeVpcs({ Filters: [{ Name: "tag:team", Values: ["a"] }] });
    expect(byTag.VpcSet?.map((v) => v.VpcId)).toEqual([vpcId]);
    expect(await sdkErrorCode(f.sdk.vpc.DeleteVpc({ VpcId: vpcId }))).toBe("ResourceInUse");
    await f.sdk.vpc.DeleteSubnet({ SubnetId: subnet.Subnet?.SubnetId ?? "" });
    await f.sdk.vpc.DeleteVpc({ VpcId: vpcId });
    expect((await f.sdk.vpc.DescribeVpcs({})).TotalCount).toBe(2);
  });

  it("refuses CIDRs outside Tencent's private ranges and zones of another region", async () => {
    expect(await sdkErrorCode(f.sdk.vpc.CreateVpc({ VpcName: "x", CidrBlock: "8.8.0.0/16" }))).toMatch(
      /^InvalidParameterValue/,
    );
    const vpc = await f.sdk.vpc.CreateVpc({ VpcName: "x", CidrBlock: "10.1.0.0/16" });
    expect(
      await sdkErrorCode(
        f.sdk.vpc.CreateSubnet({
          VpcId: vpc.Vpc?.VpcId ?? "",
          SubnetName: "s",
          CidrBlock: "10.1.0.0/24",
          Zone: "ap-seoul-1",
        }),
      ),
    ).toBe("InvalidZone.MismatchRegion");
  });

  it("keeps security groups apart from VPCs, with ordered policies that go by PolicyIndex", async () => {
    const made = await f.sdk.vpc.CreateSecurityGroup({ GroupName: "web", GroupDescription: "web tier" });
    const groupId = made.SecurityGroup?.SecurityGroupId ?? "";
    expect(groupId).toMatch(/^sg-[a-z0-9]{8}$/);
    const empty = await f.sdk.vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: groupId });
    expect(empty.SecurityGroupPolicySet).toMatchObject({ Ingress: [], Egress: [] });
    await f.sdk.vpc.CreateSecurityGroupPolicies({
      SecurityGroupId: groupId,
      SecurityGroupPolicySet: {
        Ingress: [
          { Protocol: "TCP", Port: "22", CidrBlock: "10.0.0.0/8", Action: "ACCEPT", PolicyDescription: "ssh" },
          { Protocol: "TCP", Port: "8000-8080", CidrBlock: "0.0.0.0/0", Action: "DROP" },
        ],
      },
    });
    await f.sdk.vpc.CreateSecurityGroupPolicies({
      SecurityGroupId: groupId,
      SecurityGroupPolicySet: {
        Ingress: [{ Protocol: "ICMP", Port: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT", PolicyIndex: 0 }],
      },
    });
    const policies = await f.sdk.vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: groupId });
    expect(policies.SecurityGroupPolicySet?.Ingress?.map((p) => [p.PolicyIndex, p.Protocol, p.Port, p.Action])).toEqual(
      [
        [0, "ICMP", "ALL", "ACCEPT"],
        [1, "TCP", "22", "ACCEPT"],
        [2, "TCP", "8000-8080", "DROP"],
      ],
    );
    expect(policies.SecurityGroupPolicySet?.Ingress?.[1]?.PolicyDescription).toBe("ssh");
    await f.sdk.vpc.DeleteSecurityGroupPolicies({
      SecurityGroupId: groupId,
      SecurityGroupPolicySet: { Ingress: [{ PolicyIndex: 1 }] },
    });
    const left = await f.sdk.vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: groupId });
    expect(left.SecurityGroupPolicySet?.Ingress?.map((p) => p.Port)).toEqual(["ALL", "8000-8080"]);
    expect(
      await sdkErrorCode(
        f.sdk.vpc.CreateSecurityGroupPolicies({
          SecurityGroupId: groupId,
          SecurityGroupPolicySet: {
            Ingress: [{ Protocol: "TCP", Port: "99999", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }],
          },
        }),
      ),
    ).toMatch(/^InvalidParameterValue/);
    await f.sdk.vpc.DeleteSecurityGroup({ SecurityGroupId: groupId });
    expect(await sdkErrorCode(f.sdk.vpc.DescribeSecurityGroups({ SecurityGroupIds: [groupId] }))).toBe(
      "ResourceNotFound",
    );
  });
});

describe("the Tencent front's key pairs", () => {
  it("returns the private key once and refuses names CVM refuses", async () => {
    const made = await f.sdk.cvm.CreateKeyPair({ KeyName: "deploy_key_1", ProjectId: 0 });
    expect(made.KeyPair?.KeyId).toMatch(/^skey-[a-z0-9]{8}$/);
    expect(made.KeyPair?.PrivateKey).toContain("PRIVATE KEY");
    const listed = await f.sdk.cvm.DescribeKeyPairs({ KeyIds: [made.KeyPair?.KeyId ?? ""] });
    expect(listed.KeyPairSet?.[0]).toMatchObject({ KeyName: "deploy_key_1", ProjectId: 0 });
    expect(listed.KeyPairSet?.[0]?.PrivateKey).toBeUndefined();
    expect(await sdkErrorCode(f.sdk.cvm.CreateKeyPair({ KeyName: "a".repeat(26), ProjectId: 0 }))).toBe(
      "InvalidKeyPairNameTooLong",
    );
    expect(await sdkErrorCode(f.sdk.cvm.CreateKeyPair({ KeyName: "has-dash", ProjectId: 0 }))).toBe(
      "InvalidKeyPairNameIncludeIllegalChar",
    );
    expect(await sdkErrorCode(f.sdk.cvm.CreateKeyPair({ KeyName: "deploy_key_1", ProjectId: 0 }))).toBe(
      "InvalidKeyPairName.Duplicate",
    );
    await f.sdk.cvm.DeleteKeyPairs({ KeyIds: [made.KeyPair?.KeyId ?? ""] });
    expect((await f.sdk.cvm.DescribeKeyPairs({})).TotalCount).toBe(0);
  });
});
