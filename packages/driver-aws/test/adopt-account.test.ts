import { closedAfterEach } from "@cloud-barista/core/testing";
import {
  CreateKeyPairCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { collect } from "@cloud-barista/core";
import type { VirtualClock } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { awsVendorClients } from "../src/index.js";
import { awsFixture, zone } from "./setup.js";

// Adopting an existing AWS account (docs/drivers/aws.md, "Adopting an existing account"): what the
// console, Terraform or another SDK made (the default VPC and its default group, untagged
// resources, other tools' tags, an instance launched with a network interface) is listed,
// registered and then managed through the SDK like its own resources.

const open = closedAfterEach(awsFixture);

describe("adopting an existing AWS account", () => {
  it("lists, registers and manages what other tools made", async () => {
    const fx = await open({ front: { deniedActions: ["elasticloadbalancing:*"] } });
    // The other tool: the AWS SDK itself, outside the runtime.
    const ec2 = (await awsVendorClients(fx.conn)).ec2();
    const images = await collect(fx.conn.metadata.images());
    const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64");

    // What the account holds already: the default VPC, its subnet in our zone, its default group.
    const defaultVpc = (
      await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }))
    ).Vpcs?.[0];
    const vpcId = defaultVpc?.VpcId ?? "";
    const defaultSubnet = (
      await ec2.send(
        new DescribeSubnetsCommand({
          Filters: [
            { Name: "default-for-az", Values: ["true"] },
            { Name: "availability-zone", Values: [zone] },
          ],
        }),
      )
    ).Subnets?.[0];
    const defaultGroup = (
      await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))
    ).SecurityGroups?.[0];
    // Made by other tools: untagged, or tagged their way; a key; an instance launched with a
    // network interface (its groups listed there) and no subnet of the SDK's.
    const tfVpc = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: "10.20.0.0/16",
        TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "terraform", Value: "true" }] }],
      }),
    );
    await ec2.send(
      new CreateSubnetCommand({ VpcId: tfVpc.Vpc?.VpcId, CidrBlock: "10.20.1.0/24", AvailabilityZone: zone }),
    );
    await ec2.send(new CreateKeyPairCommand({ KeyName: "ops-key" }));
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: image?.id,
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        KeyName: "ops-key",
        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: defaultSubnet?.SubnetId, AssociatePublicIpAddress: true }],
      }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId ?? "";
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 10, VolumeType: "gp2" }));
    (fx.clock as VirtualClock).advance(300_000);

    // Listed: untagged resources show their cloud id as their name, never "".
    const vpcs = await fx.conn.vpc.inventory();
    expect(vpcs.onlyInCloud.map((i) => i.systemId).sort()).toEqual([vpcId, tfVpc.Vpc?.VpcId].sort());
    expect(vpcs.onlyInCloud.find((i) => i.systemId === vpcId)?.nameId).toBe(vpcId);
    const vms = await fx.conn.vm.inventory();
    expect(vms.onlyInCloud).toEqual([{ nameId: instanceId, systemId: instanceId }]);
    expect((await fx.conn.disk.inventory()).onlyInCloud).toContainEqual({
      nameId: volume.VolumeId,
      systemId: volume.VolumeId,
    });

    // Registered: the default VPC and its subnet under names of ours, the default group, the key, the VM.
    await fx.conn.vpc.register({ name: "main", systemId: vpcId });
    await fx.conn.vpc.registerSubnet("main", { name: "zone-a", systemId: defaultSubnet?.SubnetId ?? "" });
    await fx.conn.securityGroup.register({ name: "default", systemId: defaultGroup?.GroupId ?? "", vpcName: "main" });
    await fx.conn.keyPair.register({ name: "ops", systemId: "ops-key" });
    const vm = await fx.conn.vm.register({ name: "legacy", systemId: instanceId });
    expect(vm).toMatchObject({
      vpcIID: { nameId: "main", systemId: vpcId },
      subnetIID: { nameId: "zone-a" },
      // EC2 put it in the default group without being asked; the SDK reads the group either way.
      securityGroupIIDs: [{ nameId: "default", systemId: defaultGroup?.GroupId }],
      keyPairIID: { nameId: "ops" },
    });
    // Launched by another tool: whoever logs in is unknown, and the SDK does not guess.
    expect(vm.vmUserId).toBeUndefined();

    // Managed: controlled, tagged, given an io1 disk (IOPS by default), joined by a VM of the SDK's.
    expect(await fx.conn.vm.suspend("legacy")).toBe("Suspended");
    expect(await fx.conn.vm.resume("legacy")).toBe("Running");
    await fx.conn.tag.add({ resourceType: "vm", name: "legacy" }, { key: "owner", value: "ops" });
    const logs = await fx.conn.disk.create({ name: "logs", diskType: "io1", diskSizeGB: 20 });
    expect(logs.extra?.["iops"]).toBe("1000");
    await fx.conn.disk.attach("logs", "legacy");
    const peer = await fx.conn.vm.create({
      name: "peer",
      image: image?.id ?? "",
      specName: "t3.micro",
      vpcName: "main",
      subnetName: "zone-a",
      securityGroupNames: ["default"],
      keyPairName: "ops",
      rootDiskType: "io2",
      rootDiskSizeGB: 16,
      rootDiskIops: 5000,
    });
    expect(peer.vmUserId).toBe("cb-user");
    expect((await fx.conn.vm.get("peer")).vmUserId).toBe("cb-user");
    const rootVolume = fx.cloud().vms.get(peer.iid.systemId).rootDisk;
    expect(rootVolume).toMatchObject({ type: "io2", sizeGB: 16, iops: 5000 });

    // The account's On-Demand vCPU quota, with both t3.micro instances (2 vCPUs each) counted.
    const quotas = await collect(fx.conn.metadata.quotas());
    expect(quotas.find((q) => q.name === "vcpus")).toMatchObject({
      limit: 256,
      used: 4,
      available: 252,
      nativeName: "L-1216C47A",
    });

    // No load-balancer permission: tag.find("all") keeps what EC2 found, a single type says why.
    const found = await collect(fx.conn.tag.find("all", "owner"));
    expect(found.map((r) => [r.resourceType, r.iid.nameId])).toEqual([["vm", "legacy"]]);
    await expect(collect(fx.conn.tag.find("nlb", ""))).rejects.toMatchObject({
      code: "PermissionDenied",
      nativeCode: "AccessDenied",
    });

    // Deleted through the SDK: the adopted VM goes, the default VPC stays the account's.
    await fx.conn.disk.detach("logs", "legacy");
    await fx.conn.vm.delete("legacy");
    expect(fx.cloud().vms.get(instanceId).state).toMatch(/shutting-down|terminated/);
  });
});
