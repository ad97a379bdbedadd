import { createHash, createPrivateKey, generateKeyPairSync } from "node:crypto";
import {
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateVolumeCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  ImportKeyPairCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import {
  GetServiceQuotaCommand,
  ListServiceQuotasCommand,
  ServiceQuotasClient,
  ServiceQuotasServiceException,
} from "@aws-sdk/client-service-quotas";
import { VirtualClock } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { startAwsFront } from "@cloud-barista/emulator/aws";
import type { RunningFront } from "@cloud-barista/emulator/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessKeyId, account, region, secretAccessKey } from "./setup.js";

// The AWS front as EC2 behaves, through the AWS SDK itself (no driver): what a real account has
// from the start, what RunInstances and CreateVolume accept and refuse (EC2's codes and messages),
// key fingerprints in AWS's formats, and Service Quotas' On-Demand vCPU quotas.

const clock = new VirtualClock();
const world = new World({ clock, rateLimits: false, timing: { jitterRatio: 0 } });
world.identities.add({ provider: "AWS", key: accessKeyId, secret: secretAccessKey, account });
let front: RunningFront;
let ec2: EC2Client;
let quotas: ServiceQuotasClient;
const imageId = () => world.accountRegion({ provider: "AWS", account, region }).catalog.listImages().items[0]?.id ?? "";

beforeAll(async () => {
  front = await startAwsFront({ world });
  const config = { region, endpoint: front.url, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 };
  ec2 = new EC2Client(config);
  quotas = new ServiceQuotasClient(config);
});

afterAll(async () => {
  ec2.destroy();
  quotas.destroy();
  await front.close();
});

async function ec2Error(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EC2ServiceException || error instanceof ServiceQuotasServiceException)
      return { code: error.name, message: error.message };
    throw error;
  }
  throw new Error("expected the call to be refused");
}

describe("AWS front: the default VPC", () => {
  it("has a default VPC (172.31.0.0/16), a default subnet per zone and the default security group", async () => {
    const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] })))
      .Vpcs;
    expect(vpcs).toHaveLength(1);
    expect(vpcs?.[0]).toMatchObject({ CidrBlock: "172.31.0.0/16", IsDefault: true, Tags: [] });
    const vpcId = vpcs?.[0]?.VpcId ?? "";
    const subnets = (
      await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }))
    ).Subnets;
    expect(subnets?.map((s) => s.AvailabilityZone).sort()).toEqual([
      "ap-northeast-2a",
      "ap-northeast-2b",
      "ap-northeast-2c",
      "ap-northeast-2d",
    ]);
    expect(subnets?.every((s) => s.VpcId === vpcId && s.MapPublicIpOnLaunch === true)).toBe(true);
    expect(subnets?.map((s) => s.CidrBlock).sort()).toContain("172.31.0.0/20");
    const groups = (
      await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))
    ).SecurityGroups;
    expect(groups?.map((g) => g.GroupName)).toEqual(["default"]);
    // EC2 refuses to delete a VPC's default group.
    const refused = await ec2Error(ec2.send(new DeleteSecurityGroupCommand({ GroupId: groups?.[0]?.GroupId })));
    expect(refused.code).toBe("CannotDelete");
  });

  it("launches into the default subnet and group when RunInstances names no subnet, with a public address", async () => {
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId(),
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        Placement: { AvailabilityZone: "ap-northeast-2b" },
      }),
    );
    const instance = run.Instances?.[0];
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [instance?.SubnetId ?? ""] }))).Subnets?.[0];
    expect(subnet).toMatchObject({ DefaultForAz: true, AvailabilityZone: "ap-northeast-2b" });
    expect(instance?.SecurityGroups?.map((g) => g.GroupName)).toEqual(["default"]);
    expect(instance?.NetworkInterfaces?.[0]?.Groups?.map((g) => g.GroupName)).toEqual(["default"]);
    expect(instance?.PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});

describe("AWS front: RunInstances", () => {
  it("launches MaxCount instances in one reservation, with launch indexes", async () => {
    const run = await ec2.send(
      new RunInstancesCommand({ ImageId: imageId(), InstanceType: "t3.micro", MinCount: 2, MaxCount: 3 }),
    );
    expect(run.Instances?.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2]);
    expect(new Set(run.Instances?.map((i) => i.InstanceId)).size).toBe(3);
    const refused = await ec2Error(
      ec2.send(new RunInstancesCommand({ ImageId: imageId(), InstanceType: "t3.micro", MinCount: 3, MaxCount: 2 })),
    );
    expect(refused.code).toBe("InvalidParameterValue");
  });

  it("makes non-root EBS volumes from block device mappings, of any type, gone with the instance by default", async () => {
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId(),
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        BlockDeviceMappings: [
          { DeviceName: "/dev/sda1", Ebs: { VolumeType: "io2", VolumeSize: 20, Iops: 4000 } },
          { DeviceName: "/dev/sdf", Ebs: { VolumeType: "gp3", VolumeSize: 50, Iops: 6000, Throughput: 250 } },
          { DeviceName: "/dev/sdg", Ebs: { VolumeType: "st1", VolumeSize: 125, DeleteOnTermination: false } },
        ],
      }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId ?? "";
    const described = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]
      ?.Instances?.[0];
    expect(described?.BlockDeviceMappings?.map((m) => [m.DeviceName, m.Ebs?.DeleteOnTermination])).toEqual([
      ["/dev/sda1", true],
      ["/dev/sdf", true],
      ["/dev/sdg", false],
    ]);
    const volumes = (
      await ec2.send(
        new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [instanceId] }] }),
      )
    ).Volumes;
    const byDevice = new Map(volumes?.map((v) => [v.Attachments?.[0]?.Device, v]));
    expect(byDevice.get("/dev/sda1")).toMatchObject({ VolumeType: "io2", Size: 20, Iops: 4000 });
    expect(byDevice.get("/dev/sdf")).toMatchObject({ VolumeType: "gp3", Size: 50, Iops: 6000, Throughput: 250 });
    expect(byDevice.get("/dev/sdg")).toMatchObject({ VolumeType: "st1", Size: 125, State: "in-use" });
  });

  it("refuses an io1 root volume without Iops, as EC2 does", async () => {
    const refused = await ec2Error(
      ec2.send(
        new RunInstancesCommand({
          ImageId: imageId(),
          InstanceType: "t3.micro",
          MinCount: 1,
          MaxCount: 1,
          BlockDeviceMappings: [{ DeviceName: "/dev/sda1", Ebs: { VolumeType: "io1", VolumeSize: 20 } }],
        }),
      ),
    );
    expect(refused).toEqual({
      code: "InvalidParameterCombination",
      message: "The parameter iops must be specified for io1 volumes.",
    });
  });
});

describe("AWS front: EBS volume types", () => {
  const zone = "ap-northeast-2a";
  const create = (input: Omit<ConstructorParameters<typeof CreateVolumeCommand>[0], "AvailabilityZone">) =>
    ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, ...input }));

  it("creates every EBS type, with provisioned IOPS and gp3 throughput reported", async () => {
    expect(await create({ VolumeType: "io1", Size: 10, Iops: 500 })).toMatchObject({ VolumeType: "io1", Iops: 500 });
    expect(await create({ VolumeType: "io2", Size: 10, Iops: 10000 })).toMatchObject({ Iops: 10000 });
    expect(await create({ VolumeType: "gp3", Size: 10 })).toMatchObject({ Iops: 3000, Throughput: 125 });
    expect(await create({ VolumeType: "gp2", Size: 100 })).toMatchObject({ Iops: 300 });
    expect(await create({ VolumeType: "sc1", Size: 125 })).toMatchObject({ VolumeType: "sc1" });
    expect(await create({ VolumeType: "standard", Size: 1 })).toMatchObject({ VolumeType: "standard" });
  });

  it("refuses what EC2 refuses, with its codes", async () => {
    const io1 = await ec2Error(create({ VolumeType: "io2", Size: 10 }));
    expect(io1).toEqual({
      code: "InvalidParameterCombination",
      message: "The parameter iops must be specified for io2 volumes.",
    });
    expect((await ec2Error(create({ VolumeType: "gp2", Size: 10, Iops: 300 }))).code).toBe(
      "InvalidParameterCombination",
    );
    expect((await ec2Error(create({ VolumeType: "io1", Size: 10, Throughput: 200, Iops: 200 }))).code).toBe(
      "InvalidParameterCombination",
    );
    // 50 IOPS per GiB at most for io1; st1 and sc1 start at 125 GiB; standard ends at 1 TiB.
    expect((await ec2Error(create({ VolumeType: "io1", Size: 10, Iops: 1000 }))).code).toBe("InvalidParameterValue");
    expect((await ec2Error(create({ VolumeType: "st1", Size: 100 }))).code).toBe("InvalidParameterValue");
    expect((await ec2Error(create({ VolumeType: "standard", Size: 2000 }))).code).toBe("InvalidParameterValue");
    expect((await ec2Error(create({ VolumeType: "gp3", Size: 10, Throughput: 1000 }))).code).toBe(
      "InvalidParameterValue",
    );
  });
});

describe("AWS front: key pair fingerprints", () => {
  const colonHex = (digest: Buffer) => [...digest].map((b) => b.toString(16).padStart(2, "0")).join(":");

  it("shows the SHA-1 of the private key's PKCS#8 DER for RSA keys it created", async () => {
    const created = await ec2.send(new CreateKeyPairCommand({ KeyName: "made-here" }));
    const der = createPrivateKey(created.KeyMaterial ?? "").export({ type: "pkcs8", format: "der" });
    expect(created.KeyFingerprint).toBe(colonHex(createHash("sha1").update(der).digest()));
    const listed = (await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ["made-here"] }))).KeyPairs?.[0];
    expect(listed?.KeyFingerprint).toBe(created.KeyFingerprint);
  });

  it("shows the MD5 of the public key for imported RSA keys", async () => {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = publicKey.export({ format: "jwk" });
    const field = (v: string | undefined) => Buffer.from(v ?? "", "base64url");
    const sshString = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, b.length >> 8, b.length & 255]), b]);
    const mpint = (b: Buffer) => sshString((b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
    const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(field(jwk.e)), mpint(field(jwk.n))]);
    const imported = await ec2.send(
      new ImportKeyPairCommand({
        KeyName: "brought",
        PublicKeyMaterial: Buffer.from(`ssh-rsa ${blob.toString("base64")} me@host`),
      }),
    );
    expect(imported.KeyFingerprint).toBe(colonHex(createHash("md5").update(blob).digest()));
  });
});

describe("AWS front: Service Quotas", () => {
  it("lists EC2's On-Demand vCPU quotas and gets one by code", async () => {
    const listed = (await quotas.send(new ListServiceQuotasCommand({ ServiceCode: "ec2" }))).Quotas ?? [];
    const standard = listed.find((q) => q.QuotaCode === "L-1216C47A");
    expect(standard).toMatchObject({
      ServiceCode: "ec2",
      QuotaName: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
      Value: 256,
      QuotaArn: `arn:aws:servicequotas:${region}:${account}:ec2/L-1216C47A`,
      UsageMetric: { MetricNamespace: "AWS/Usage", MetricDimensions: { Class: "Standard/OnDemand", Resource: "vCPU" } },
    });
    const got = await quotas.send(new GetServiceQuotaCommand({ ServiceCode: "ec2", QuotaCode: "L-417A185B" }));
    expect(got.Quota?.QuotaName).toBe("Running On-Demand P instances");
    const missing = await ec2Error(quotas.send(new GetServiceQuotaCommand({ ServiceCode: "ec2", QuotaCode: "L-0" })));
    expect(missing.code).toBe("NoSuchResourceException");
  });
});

describe("AWS front: snapshots", () => {
  it("backs each AMI with a snapshot, kept after DeregisterImage unless DeleteAssociatedSnapshots", async () => {
    const run = await ec2.send(
      new RunInstancesCommand({ ImageId: imageId(), InstanceType: "t3.micro", MinCount: 1, MaxCount: 1 }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId ?? "";
    clock.advance(300_000);
    const image = async (name: string) => {
      const { ImageId } = await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: name }));
      const described = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId ?? ""] }))).Images?.[0];
      return { imageId: ImageId ?? "", snapshotId: described?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId ?? "" };
    };
    const kept = await image("kept-snapshot");
    expect(kept.snapshotId).toMatch(/^snap-0[0-9a-f]{16}$/);
    const pending = (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [kept.snapshotId] }))).Snapshots;
    expect(pending?.[0]).toMatchObject({ State: "pending", OwnerId: account, VolumeSize: 8 });
    clock.advance(600_000);
    const mine = (await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ["self"] }))).Snapshots;
    expect(mine?.find((s) => s.SnapshotId === kept.snapshotId)?.State).toBe("completed");
    // In use by the AMI: EC2 refuses to delete it.
    const inUse = await ec2Error(ec2.send(new DeleteSnapshotCommand({ SnapshotId: kept.snapshotId })));
    expect(inUse.code).toBe("InvalidSnapshot.InUse");
    // Deregistered alone, the AMI leaves its snapshot behind, free to delete.
    await ec2.send(new DeregisterImageCommand({ ImageId: kept.imageId }));
    expect((await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [kept.snapshotId] }))).Snapshots).toHaveLength(
      1,
    );
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: kept.snapshotId }));
    const gone = await ec2Error(ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [kept.snapshotId] })));
    expect(gone.code).toBe("InvalidSnapshot.NotFound");
    // With DeleteAssociatedSnapshots, the snapshot goes with the AMI, and the answer says so.
    const taken = await image("taken-snapshot");
    const answer = await ec2.send(
      new DeregisterImageCommand({ ImageId: taken.imageId, DeleteAssociatedSnapshots: true }),
    );
    expect(answer.DeleteSnapshotResults).toEqual([{ SnapshotId: taken.snapshotId, ReturnCode: "success" }]);
    const after = (await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ["self"] }))).Snapshots ?? [];
    expect(after.map((s) => s.SnapshotId)).not.toContain(taken.snapshotId);
  });
});
