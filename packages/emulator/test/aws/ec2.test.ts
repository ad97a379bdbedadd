import { afterEach, describe, expect, it } from "vitest";
import { frontFixture, text, texts } from "./support.js";

type Fixture = Awaited<ReturnType<typeof frontFixture>>;
let f: Fixture;
afterEach(() => f.close());

async function open(options: Parameters<typeof frontFixture>[0] = {}): Promise<Fixture> {
  f = await frontFixture(options);
  return f;
}

const ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

/** A VPC, a subnet and a security group over the wire; their ids. */
async function network(fx: Fixture) {
  const vpc = await fx.query("CreateVpc", {
    CidrBlock: "10.0.0.0/16",
    "TagSpecification.1.ResourceType": "vpc",
    "TagSpecification.1.Tag.1.Key": "Name",
    "TagSpecification.1.Tag.1.Value": "net",
  });
  const vpcId = text(vpc.text, "vpcId") ?? "";
  const subnet = await fx.query("CreateSubnet", {
    VpcId: vpcId,
    CidrBlock: "10.0.1.0/24",
    AvailabilityZone: "ap-northeast-2a",
  });
  const sg = await fx.query("CreateSecurityGroup", { GroupName: "web", GroupDescription: "web", VpcId: vpcId });
  return { vpcId, subnetId: text(subnet.text, "subnetId") ?? "", groupId: text(sg.text, "groupId") ?? "" };
}

describe("AWS front: EC2", () => {
  it("answers in EC2's XML: <ActionResponse> in the 2016-11-15 namespace, requestId first, sets of <item>", async () => {
    const fx = await open();
    const res = await fx.query("CreateVpc", {
      CidrBlock: "10.0.0.0/16",
      "TagSpecification.1.ResourceType": "vpc",
      "TagSpecification.1.Tag.1.Key": "Name",
      "TagSpecification.1.Tag.1.Value": "net & co",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml;charset=UTF-8");
    const requestId = res.headers.get("x-amzn-requestid") ?? "";
    expect(
      res.text.startsWith(
        `<?xml version="1.0" encoding="UTF-8"?>\n<CreateVpcResponse xmlns="${ec2Namespace}"><requestId>${requestId}</requestId><vpc>`,
      ),
    ).toBe(true);
    expect(res.text).toMatch(/<vpcId>vpc-0[0-9a-f]{16}<\/vpcId>/);
    expect(res.text).toContain("<tagSet><item><key>Name</key><value>net &amp; co</value></item></tagSet>");
    expect(res.text).toContain("<state>pending</state>");
    const described = await fx.query("DescribeVpcs", { "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "net*" });
    expect(described.text).toMatch(
      /<DescribeVpcsResponse xmlns="[^"]+"><requestId>[^<]+<\/requestId><vpcSet><item><vpcId>/,
    );
    expect(text(described.text, "state")).toBe("available");
  });

  it("answers errors in EC2's envelope with the right code and status", async () => {
    const fx = await open();
    const missing = await fx.query("DescribeVpcs", { "VpcId.1": "vpc-0123456789abcdef0" });
    expect(missing.status).toBe(400);
    expect(missing.text).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-0123456789abcdef0' does not exist</Message></Error></Errors><RequestID>${missing.headers.get("x-amzn-requestid")}</RequestID></Response>`,
    );
    expect(text((await fx.query("NoSuchAction")).text, "Code")).toBe("InvalidAction");
    expect(text((await fx.query("CreateVpc")).text, "Code")).toBe("MissingParameter");
    const dryRun = await fx.query("DescribeRegions", { DryRun: "true" });
    expect([dryRun.status, text(dryRun.text, "Code")]).toEqual([412, "DryRunOperation"]);
    const badFilter = await fx.query("DescribeVpcs", { "Filter.1.Name": "colour", "Filter.1.Value.1": "red" });
    expect(text(badFilter.text, "Code")).toBe("InvalidParameterValue");
    const net = await network(fx);
    const conflict = await fx.query("DeleteVpc", { VpcId: net.vpcId });
    expect([conflict.status, text(conflict.text, "Code")]).toEqual([400, "DependencyViolation"]);
    const duplicate = await fx.query("CreateSecurityGroup", {
      GroupName: "web",
      GroupDescription: "again",
      VpcId: net.vpcId,
    });
    expect(text(duplicate.text, "Code")).toBe("InvalidGroup.Duplicate");
    const reserved = await fx.query("CreateSecurityGroup", {
      GroupName: "sg-1",
      GroupDescription: "x",
      VpcId: net.vpcId,
    });
    expect(text(reserved.text, "Code")).toBe("InvalidParameterValue");
    const outside = await fx.query("CreateSubnet", { VpcId: net.vpcId, CidrBlock: "10.9.0.0/24" });
    expect(text(outside.text, "Code")).toBe("InvalidSubnet.Range");
  });

  it("pages with NextToken, small pages by default, MaxResults within EC2's bounds", async () => {
    const fx = await open();
    const net = await network(fx);
    for (let i = 0; i < 11; i++)
      await fx.query("CreateSecurityGroup", { GroupName: `g${i}`, GroupDescription: "x", VpcId: net.vpcId });
    const ids: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await fx.query("DescribeSecurityGroups", token ? { NextToken: token } : {});
      ids.push(...texts(res.text, "groupId"));
      token = text(res.text, "nextToken");
      pages++;
    } while (token);
    // 11 groups, "web", and the default VPC's default group.
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(13);
    const tooSmall = await fx.query("DescribeSecurityGroups", { MaxResults: 3 });
    expect(text(tooSmall.text, "Code")).toBe("InvalidParameterValue");
    const big = await fx.query("DescribeSecurityGroups", { MaxResults: 50 });
    expect(texts(big.text, "groupId")).toHaveLength(13);
    expect(text(big.text, "nextToken")).toBeUndefined();
    const stale = await fx.query("DescribeSecurityGroups", { NextToken: "not-a-token" });
    expect(text(stale.text, "Code")).toBe("InvalidNextToken");
  });

  it("reports instance state codes as they advance on the world's clock", async () => {
    const fx = await open();
    const net = await network(fx);
    const image =
      fx.cloud().catalog.listImages({ where: (i) => i.architecture === "x86_64" && i.osPlatform === "linux" }).items[0]
        ?.id ?? "";
    const run = await fx.query("RunInstances", {
      ImageId: image,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      ClientToken: "once",
      "NetworkInterface.1.DeviceIndex": 0,
      "NetworkInterface.1.SubnetId": net.subnetId,
      "NetworkInterface.1.SecurityGroupId.1": net.groupId,
      "NetworkInterface.1.AssociatePublicIpAddress": "true",
    });
    expect(run.status).toBe(200);
    const id = text(run.text, "instanceId") ?? "";
    const state = async () => {
      const res = await fx.query("DescribeInstances", { "InstanceId.1": id });
      return [text(res.text, "code"), text(res.text, "name")];
    };
    expect(await state()).toEqual(["0", "pending"]);
    expect(text(run.text, "ipAddress")).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    fx.clock.advance(fx.world.timing.vmBootMs);
    expect(await state()).toEqual(["16", "running"]);
    const again = await fx.query("RunInstances", {
      ImageId: image,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      ClientToken: "once",
      "NetworkInterface.1.DeviceIndex": 0,
      "NetworkInterface.1.SubnetId": net.subnetId,
      "NetworkInterface.1.SecurityGroupId.1": net.groupId,
      "NetworkInterface.1.AssociatePublicIpAddress": "true",
    });
    expect(text(again.text, "instanceId")).toBe(id);
    const stop = await fx.query("StopInstances", { "InstanceId.1": id });
    expect(texts(stop.text, "code")).toEqual(["64", "16"]);
    fx.clock.advance(fx.world.timing.vmStopMs);
    expect(await state()).toEqual(["80", "stopped"]);
    // Stopping a stopped instance is a no-op on EC2, not an error.
    expect(texts((await fx.query("StopInstances", { "InstanceId.1": id })).text, "code")).toEqual(["80", "80"]);
    const terminate = await fx.query("TerminateInstances", { "InstanceId.1": id });
    expect(texts(terminate.text, "name")).toEqual(["shutting-down", "stopped"]);
    fx.clock.advance(fx.world.timing.vmTerminateMs);
    expect(await state()).toEqual(["48", "terminated"]);
    const live = await fx.query("DescribeInstances", {
      "Filter.1.Name": "instance-state-name",
      "Filter.1.Value.1": "running",
      "Filter.1.Value.2": "stopped",
    });
    expect(texts(live.text, "instanceId")).toEqual([]);
    const statuses = await fx.query("DescribeInstanceStatus", { IncludeAllInstances: "true" });
    expect(texts(statuses.text, "instanceId")).toEqual([id]);
  });

  it("shows a rebooting instance as running and accepts what a running instance accepts", async () => {
    const fx = await open();
    const net = await network(fx);
    const image =
      fx.cloud().catalog.listImages({ where: (i) => i.architecture === "x86_64" && i.osPlatform === "linux" }).items[0]
        ?.id ?? "";
    const run = await fx.query("RunInstances", {
      ImageId: image,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: net.subnetId,
      "SecurityGroupId.1": net.groupId,
    });
    const id = text(run.text, "instanceId") ?? "";
    fx.clock.advance(fx.world.timing.vmBootMs);
    expect((await fx.query("RebootInstances", { "InstanceId.1": id })).status).toBe(200);
    expect(texts((await fx.query("DescribeInstances", { "InstanceId.1": id })).text, "name")[0]).toBe("running");
    const image2 = await fx.query("CreateImage", { InstanceId: id, Name: "snap-1" });
    expect(image2.status).toBe(200);
    expect(text(image2.text, "imageId")).toMatch(/^ami-0/);
  });

  it("maps the world's rate limits, quotas, capacity and injected faults to EC2 codes", async () => {
    const fx = await open();
    fx.world.rateLimits.enabled = true;
    fx.world.rateLimits.setRules("AWS", [
      { name: "tight", api: /^DescribeRegions$/, bucket: "api", capacity: 1, refillPerSecond: 0.001 },
    ]);
    expect((await fx.query("DescribeRegions")).status).toBe(200);
    const throttled = await fx.query("DescribeRegions");
    expect([throttled.status, text(throttled.text, "Code")]).toEqual([503, "RequestLimitExceeded"]);
    fx.world.rateLimits.enabled = false;
    const net = await network(fx);
    const image = fx.cloud().catalog.listImages({ where: (i) => i.architecture === "x86_64" }).items[0]?.id ?? "";
    const run = { ImageId: image, InstanceType: "t3.micro", MinCount: 1, MaxCount: 1, SubnetId: net.subnetId };
    fx.world.quotas.set({ provider: "AWS" }, { vcpus: 1 });
    expect(text((await fx.query("RunInstances", run)).text, "Code")).toBe("VcpuLimitExceeded");
    fx.world.quotas.reset();
    const cap = fx.world.capacity.limit({ provider: "AWS", maxVms: 0 });
    const noCapacity = await fx.query("RunInstances", run);
    expect([noCapacity.status, text(noCapacity.text, "Code")]).toEqual([500, "InsufficientInstanceCapacity"]);
    cap.remove();
    fx.world.faults.add({ api: "DescribeVpcs", kind: "unavailable", times: 1 });
    fx.world.faults.add({ api: "DescribeVpcs", kind: "internal", times: 1 });
    fx.world.faults.add({ api: "DescribeVpcs", kind: "timeout", times: 1, timeoutMs: 10 });
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const res = await fx.query("DescribeVpcs");
      codes.push([res.status, text(res.text, "Code") ?? "ok"]);
    }
    expect(codes).toEqual([
      [503, "Unavailable"],
      [500, "InternalError"],
      [504, "RequestTimeout"],
      [200, "ok"],
    ]);
  });

  it("keeps each security group's rules, with AWS's default egress rule, grouped into permissions", async () => {
    const fx = await open();
    const net = await network(fx);
    const add = await fx.query("AuthorizeSecurityGroupIngress", {
      GroupId: net.groupId,
      "IpPermissions.1.IpProtocol": "tcp",
      "IpPermissions.1.FromPort": 22,
      "IpPermissions.1.ToPort": 22,
      "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
      "IpPermissions.1.IpRanges.2.CidrIp": "10.0.0.0/8",
    });
    expect(texts(add.text, "securityGroupRuleId")).toHaveLength(2);
    const group = await fx.query("DescribeSecurityGroups", { "GroupId.1": net.groupId });
    expect(group.text).toContain(
      "<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges>",
    );
    expect(group.text).toContain(
      "<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>",
    );
    const dup = await fx.query("AuthorizeSecurityGroupIngress", {
      GroupId: net.groupId,
      IpProtocol: "tcp",
      FromPort: 22,
      ToPort: 22,
      CidrIp: "0.0.0.0/0",
    });
    expect(text(dup.text, "Code")).toBe("InvalidPermission.Duplicate");
    const revoke = await fx.query("RevokeSecurityGroupEgress", {
      GroupId: net.groupId,
      "IpPermissions.1.IpProtocol": "-1",
      "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
    });
    expect(revoke.status).toBe(200);
    expect(
      fx
        .cloud()
        .securityGroups.get(net.groupId)
        .rules.filter((r) => r.direction === "egress"),
    ).toEqual([]);
  });

  it("shows root volumes as EBS volumes attached to their instance, and data volumes at their device", async () => {
    const fx = await open();
    const net = await network(fx);
    const image = fx.cloud().catalog.listImages({ where: (i) => i.architecture === "x86_64" }).items[0]?.id ?? "";
    const run = await fx.query("RunInstances", {
      ImageId: image,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: net.subnetId,
      "BlockDeviceMapping.1.DeviceName": "/dev/sda1",
      "BlockDeviceMapping.1.Ebs.VolumeSize": 20,
      "BlockDeviceMapping.1.Ebs.VolumeType": "gp2",
    });
    const id = text(run.text, "instanceId") ?? "";
    fx.clock.advance(fx.world.timing.vmBootMs);
    const volume = await fx.query("CreateVolume", { AvailabilityZone: "ap-northeast-2a", Size: 10, VolumeType: "gp3" });
    const volumeId = text(volume.text, "volumeId") ?? "";
    expect(text(volume.text, "status")).toBe("creating");
    fx.clock.advance(fx.world.timing.diskCreateMs);
    const attach = await fx.query("AttachVolume", { VolumeId: volumeId, InstanceId: id, Device: "/dev/sdf" });
    expect(text(attach.text, "status")).toBe("attaching");
    const attaching = await fx.query("DescribeVolumes", { "VolumeId.1": volumeId });
    expect([text(attaching.text, "status"), texts(attaching.text, "status")[1]]).toEqual(["in-use", "attaching"]);
    fx.clock.advance(fx.world.timing.diskAttachMs);
    const volumes = await fx.query("DescribeVolumes", {
      "Filter.1.Name": "attachment.instance-id",
      "Filter.1.Value.1": id,
    });
    expect(texts(volumes.text, "device").sort()).toEqual(["/dev/sda1", "/dev/sdf"]);
    expect(texts(volumes.text, "size").sort()).toEqual(["10", "20"]);
    const instance = await fx.query("DescribeInstances", { "InstanceId.1": id });
    expect(texts(instance.text, "deviceName")).toEqual(["/dev/sda1", "/dev/sdf"]);
    const rootId = texts(volumes.text, "volumeId").find((v) => v !== volumeId) ?? "";
    expect(text((await fx.query("DeleteVolume", { VolumeId: rootId })).text, "Code")).toBe("VolumeInUse");
    expect(text((await fx.query("DeleteVolume", { VolumeId: volumeId })).text, "Code")).toBe("VolumeInUse");
    const grown = await fx.query("ModifyVolume", { VolumeId: volumeId, Size: 30 });
    expect([text(grown.text, "originalSize"), text(grown.text, "targetSize")]).toEqual(["10", "30"]);
    expect(text((await fx.query("DetachVolume", { VolumeId: volumeId })).text, "status")).toBe("detaching");
    expect(text((await fx.query("DeleteVolume", { VolumeId: volumeId })).text, "Code")).toBe("VolumeInUse");
    fx.clock.advance(fx.world.timing.diskDetachMs);
    expect((await fx.query("DeleteVolume", { VolumeId: volumeId })).status).toBe(200);
  });

  it("tags EC2 resources and describes tags with filters", async () => {
    const fx = await open();
    const net = await network(fx);
    await fx.query("CreateTags", {
      "ResourceId.1": net.vpcId,
      "ResourceId.2": net.subnetId,
      "Tag.1.Key": "env",
      "Tag.1.Value": "dev",
    });
    const tags = await fx.query("DescribeTags", { "Filter.1.Name": "key", "Filter.1.Value.1": "env" });
    expect(texts(tags.text, "resourceType")).toEqual(["vpc", "subnet"]);
    // Deleting a key a resource does not have is not an error.
    expect((await fx.query("DeleteTags", { "ResourceId.1": net.vpcId, "Tag.1.Key": "nope" })).status).toBe(200);
    expect(
      text(
        (
          await fx.query("CreateTags", {
            "ResourceId.1": "vpc-0ffffffffffffffff",
            "Tag.1.Key": "a",
            "Tag.1.Value": "b",
          })
        ).text,
        "Code",
      ),
    ).toBe("InvalidVpcID.NotFound");
    expect(text((await fx.query("CreateTags", { "ResourceId.1": "bogus", "Tag.1.Key": "a" })).text, "Code")).toBe(
      "InvalidID",
    );
  });
});
