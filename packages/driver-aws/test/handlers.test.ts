import { VirtualClock, collect, handlerNames, noopLogger } from "@cloud-barista/core";
import type { CloudConnection, DriverVmRequest, HandlerMap, IID, SecurityRule } from "@cloud-barista/core/driver";
import { rejectionOf, testCallContext } from "@cloud-barista/core/testing";
import { World } from "@cloud-barista/emulator";
import { startAwsFront } from "@cloud-barista/emulator/aws";
import type { RunningFront } from "@cloud-barista/emulator/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsDriver } from "../src/index.js";
import { awsApis } from "../src/apis.js";
import { accessKeyId, account, region, secretAccessKey, zone } from "./setup.js";

// The handlers called directly (no runtime), against the AWS front: one recorded native call per
// SDK request, the transitional statuses AWS reports, and what ends up in the world.

type Handlers = HandlerMap & CloudConnection;

const clock = new VirtualClock();
const world = new World({ clock, rateLimits: false, timing: { jitterRatio: 0 } });
world.identities.add({ provider: "AWS", key: accessKeyId, secret: secretAccessKey, account });
const cloud = () => world.accountRegion({ provider: "AWS", account, region });
let front: RunningFront;
let conn: Handlers;
const { ctx, take } = testCallContext({ clock, apis: awsApis, provider: "AWS" });
const base = { connectionName: "t", region, zone, clock, logger: noopLogger };

beforeAll(async () => {
  front = await startAwsFront({ world });
  conn = (await createAwsDriver().connect({
    ...base,
    credential: { accessKeyId, secretAccessKey },
    endpoint: front.url,
  })) as Handlers;
});

afterAll(async () => {
  await conn.close();
  await front.close();
});

const ssh: SecurityRule = { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" };

async function network(name: string): Promise<{ vpc: IID; subnet: IID; sg: IID }> {
  const vpc = await conn.vpc.create(
    { name, ipv4Cidr: "10.0.0.0/16", subnets: [{ name: `${name}-a`, ipv4Cidr: "10.0.1.0/24", zone }] },
    ctx,
  );
  const sg = await conn.securityGroup.create({ name: `${name}-sg`, vpcIID: vpc.iid, rules: [ssh] }, ctx);
  return { vpc: vpc.iid, subnet: vpc.subnets[0]?.iid ?? { nameId: "", systemId: "" }, sg: sg.iid };
}

function ubuntu(): IID {
  const id =
    cloud().catalog.listImages({
      where: (i) => i.osDistribution.startsWith("Ubuntu 24") && i.architecture === "x86_64",
    }).items[0]?.id ?? "";
  return { nameId: id, systemId: id };
}

describe("createAwsDriver", () => {
  it("declares every handler, AWS's naming limits and optional credential keys", async () => {
    const driver = createAwsDriver();
    expect(driver.provider).toBe("AWS");
    expect(driver.credentialKeys).toEqual({
      required: [],
      optional: ["accessKeyId", "secretAccessKey", "sessionToken"],
    });
    // EC2 deletes what it makes beside an instance with it: no orphans.
    for (const name of handlerNames) expect(driver.capabilities.handlers[name], name).toBe(name !== "orphan");
    expect(driver.capabilities.naming).toMatchObject({
      separator: "-",
      lowerCase: false,
      defaultMaxLength: 255,
      maxLength: { nlb: 32, myImage: 128 },
    });
    for (const name of handlerNames) expect(conn[name] !== undefined, name).toBe(name !== "orphan");
    await expect(driver.connect({ ...base, region: "mars-1", credential: {} })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "region",
    });
    await expect(driver.connect({ ...base, zone: "us-east-1a", credential: {} })).rejects.toMatchObject({
      field: "zone",
    });
    await expect(driver.connect({ ...base, credential: { accessKeyId } })).rejects.toMatchObject({
      field: "credential.secretAccessKey",
    });
    await expect(driver.connect({ ...base, credential: {}, endpoint: "ftp://x" })).rejects.toMatchObject({
      field: "endpoint",
    });
    await expect(
      driver.connect({ ...base, credential: {}, endpoint: { ec2: front.url, s3: front.url } }),
    ).rejects.toMatchObject({ field: "endpoint.s3" });
    // No keys: the SDK's default credential chain, resolved only when a call is made.
    const chain = await driver.connect({ ...base, credential: {}, endpoint: { ec2: front.url } });
    await chain.close();
    expect(() => createAwsDriver({ pageSize: 2 })).toThrow(/pageSize/);
  });
});

describe("handlers", () => {
  it("run a VM through its lifecycle with AWS's transitional states and truthful idempotent flags", async () => {
    const net = await network("life");
    const key = await conn.keyPair.create({ name: "life-key" }, ctx);
    take();
    const request: DriverVmRequest = {
      name: "life-vm",
      imageType: "PublicImage",
      imageIID: ubuntu(),
      specName: "t3.micro",
      vpcIID: net.vpc,
      subnetIID: net.subnet,
      securityGroupIIDs: [net.sg],
      keyPairIID: key.iid,
      rootDiskSizeGB: 12,
      dataDiskIIDs: [],
      idempotencyToken: "life-vm-token",
      tags: { team: "core" },
    };
    const vm = await conn.vm.start(request, ctx);
    // The key pair's public half is known from its create; the image is read once per connection.
    expect(take()).toEqual(["DescribeImages", "RunInstances"]);
    expect(vm).toMatchObject({
      iid: { nameId: "life-vm" },
      status: "Creating",
      specName: "t3.micro",
      imageType: "PublicImage",
      keyPairIID: { nameId: "life-key", systemId: "life-key" },
      securityGroupIIDs: [{ nameId: "life-sg", systemId: net.sg.systemId }],
      rootDiskSizeGB: 12,
      vmUserId: "cb-user",
      platform: "Linux/UNIX",
      tags: { team: "core" },
      region: { region, zone },
    });
    expect(vm.privateIp).toMatch(/^10\.0\.1\.\d+$/);
    expect(vm.sshAccessPoint).toBe(`${vm.publicIp}:22`);
    // The same token again: the same instance, not a second one.
    expect((await conn.vm.start(request, ctx)).iid).toEqual(vm.iid);
    expect(take()).toEqual(["RunInstances"]);
    expect(
      cloud()
        .vms.list()
        .items.filter((v) => v.tags["Name"] === "life-vm"),
    ).toHaveLength(1);

    clock.advance(world.timing.vmBootMs);
    expect(await conn.vm.getStatus(vm.iid, ctx)).toBe("Running");
    take();
    const plain = await conn.vm.get(vm.iid, ctx);
    expect(take()).toEqual(["DescribeInstances"]);
    expect(plain).toMatchObject({ rootDeviceName: "/dev/sda1", status: "Running", imageType: "PublicImage" });
    expect(plain.rootDiskSizeGB).toBeUndefined();
    const read = await conn.vm.get(vm.iid, ctx, { details: true });
    expect(take()).toEqual(["DescribeInstances", "DescribeVolumes"]);
    expect(read).toMatchObject({
      rootDiskType: "gp3",
      rootDiskSizeGB: 12,
      rootDeviceName: "/dev/sda1",
      status: "Running",
    });
    expect(await conn.vm.suspend(vm.iid, ctx)).toBe("Suspending");
    clock.advance(world.timing.vmStopMs);
    expect(await conn.vm.getStatus(vm.iid, ctx)).toBe("Suspended");
    expect(await conn.vm.resume(vm.iid, ctx)).toBe("Resuming");
    clock.advance(world.timing.vmStartMs);
    expect(await conn.vm.reboot(vm.iid, ctx)).toBe("Rebooting");
    expect(await conn.vm.getStatus(vm.iid, ctx)).toBe("Running");
    expect(await conn.vm.terminate(vm.iid, ctx)).toBe("Terminating");
    expect(await conn.vm.terminate(vm.iid, ctx)).toBe("Terminating");
    clock.advance(world.timing.vmTerminateMs);
    expect(await conn.vm.getStatus(vm.iid, ctx)).toBe("Terminated");
    expect((await collect(conn.vm.list(ctx))).map((v) => v.iid.systemId)).not.toContain(vm.iid.systemId);

    expect(awsApis).toMatchObject({
      RunInstances: "idempotent-by-token",
      DescribeInstances: "read",
      DescribeInstanceStatus: "read",
      TerminateInstances: "idempotent",
      StopInstances: "not-idempotent",
      StartInstances: "not-idempotent",
      RebootInstances: "not-idempotent",
      CreateVpc: "not-idempotent",
      CreateSecurityGroup: "not-idempotent",
      CreateKeyPair: "not-idempotent",
    });
  });

  it("leave exactly the requested rules in a security group, revoking AWS's default egress", async () => {
    const { vpc } = await network("rules");
    const plain = await conn.securityGroup.create({ name: "plain", vpcIID: vpc, rules: [ssh] }, ctx);
    // The world keeps rules in its own (EC2-like) vocabulary.
    const sshInWorld = { direction: "ingress", protocol: "tcp", portRange: { from: 22, to: 22 }, cidr: "0.0.0.0/0" };
    const allOutInWorld = { direction: "egress", protocol: "all", cidr: "0.0.0.0/0" };
    expect(cloud().securityGroups.get(plain.iid.systemId).rules).toEqual([sshInWorld]);
    const allOut: SecurityRule = { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" };
    take();
    const open = await conn.securityGroup.create({ name: "open", vpcIID: vpc, rules: [ssh, allOut] }, ctx);
    expect(take()).toEqual(["CreateSecurityGroup", "AuthorizeSecurityGroupIngress"]);
    expect(cloud().securityGroups.get(open.iid.systemId).rules).toEqual(
      expect.arrayContaining([sshInWorld, allOutInWorld]),
    );
    const icmp: SecurityRule = { direction: "inbound", protocol: "ICMP", cidr: "10.0.0.0/8" };
    const dns: SecurityRule = { direction: "outbound", protocol: "UDP", fromPort: 53, toPort: 53, cidr: "0.0.0.0/0" };
    const grown = await conn.securityGroup.addRules(plain.iid, [icmp, dns], ctx);
    expect(grown.rules).toEqual(expect.arrayContaining([ssh, icmp, dns]));
    await conn.securityGroup.removeRules(plain.iid, [icmp], ctx);
    expect((await conn.securityGroup.get(plain.iid, ctx)).rules).toEqual(expect.arrayContaining([ssh, dns]));
    const reserved = await rejectionOf(conn.securityGroup.create({ name: "sg-web", vpcIID: vpc, rules: [] }, ctx));
    expect(reserved).toMatchObject({ code: "InvalidArgument", nativeCode: "InvalidParameterValue" });
    expect(await rejectionOf(conn.securityGroup.addRules(plain.iid, [ssh], ctx))).toMatchObject({
      code: "AlreadyExists",
      nativeCode: "InvalidPermission.Duplicate",
    });
  });

  it("delete what a VPC create made when one of its subnets fails", async () => {
    const before = cloud().vpcs.list().items.length;
    const error = await rejectionOf(
      conn.vpc.create(
        {
          name: "broken",
          ipv4Cidr: "10.5.0.0/16",
          subnets: [
            { name: "ok", ipv4Cidr: "10.5.1.0/24" },
            { name: "bad", ipv4Cidr: "10.6.1.0/24" },
          ],
        },
        ctx,
      ),
    );
    expect(error).toMatchObject({ code: "InvalidArgument", nativeCode: "InvalidSubnet.Range" });
    expect(cloud().vpcs.list().items).toHaveLength(before);
  });

  it("build a network load balancer from a target group, a load balancer and a listener, and remove all three", async () => {
    const net = await network("lb");
    const vm = await conn.vm.start(
      {
        name: "lb-vm",
        imageType: "PublicImage",
        imageIID: ubuntu(),
        specName: "t3.micro",
        vpcIID: net.vpc,
        subnetIID: net.subnet,
        securityGroupIIDs: [net.sg],
        dataDiskIIDs: [],
        idempotencyToken: "lb-vm",
      },
      ctx,
    );
    take();
    const nlb = await conn.nlb.create(
      {
        name: "web-lb",
        vpcIID: net.vpc,
        type: "PUBLIC",
        scope: "REGION",
        listener: { protocol: "TCP", port: 80 },
        vmGroup: { protocol: "TCP", port: 8080, vms: [vm.iid] },
        healthChecker: { intervalSec: 10, timeoutSec: 5, threshold: 3 },
        tags: { app: "web" },
      },
      ctx,
    );
    expect(take()).toEqual([
      "DescribeSubnets",
      "CreateTargetGroup",
      "RegisterTargets",
      "CreateLoadBalancer",
      "CreateListener",
    ]);
    expect(nlb).toMatchObject({
      iid: { nameId: "web-lb" },
      type: "PUBLIC",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vms: [{ systemId: vm.iid.systemId }] },
      healthChecker: { protocol: "TCP", port: 8080, intervalSec: 10, timeoutSec: 5, threshold: 3 },
      tags: { app: "web" },
    });
    const [inWorld] = cloud().nlbs.list().items;
    expect(inWorld).toMatchObject({
      name: "web-lb",
      listener: { port: 80 },
      targetGroup: { port: 8080, targets: [{ id: vm.iid.systemId }] },
    });
    const read = await conn.nlb.get(nlb.iid, ctx);
    expect(read.listener.ip).toBe(inWorld?.listener.ip);
    expect(read.listener.dnsName).toMatch(/^web-lb-[0-9a-f]{16}\.elb\.ap-northeast-2\.amazonaws\.com$/);
    const health = await conn.nlb.getHealth(nlb.iid, ctx);
    expect(health.all.map((v) => v.systemId)).toEqual([vm.iid.systemId]);
    expect(health.healthy.length + health.unhealthy.length).toBe(1);
    await conn.nlb.delete(nlb.iid, ctx);
    expect(cloud().nlbs.list().items).toEqual([]);
    expect(await collect(conn.nlb.list(ctx))).toEqual([]);
    await expect(conn.nlb.get(nlb.iid, ctx)).rejects.toMatchObject({
      code: "NotFound",
      nativeCode: "LoadBalancerNotFound",
    });
  });

  it("hand out the private key once, with the OpenSSH public key AWS keeps", async () => {
    const key = await conn.keyPair.create({ name: "once" }, ctx);
    expect(key.privateKey).toMatch(/BEGIN RSA PRIVATE KEY/);
    const stored = cloud().keyPairs.list({ where: (k) => k.name === "once" }).items[0];
    expect(key.publicKey).toBe(stored?.publicKey);
    const read = await conn.keyPair.get(key.iid, ctx);
    expect(read.privateKey).toBeUndefined();
    expect(read).toMatchObject({
      fingerprint: key.fingerprint,
      publicKey: stored?.publicKey,
      extra: { keyPairId: stored?.id },
    });
    expect(await rejectionOf(conn.keyPair.create({ name: "once" }, ctx))).toMatchObject({
      code: "AlreadyExists",
      nativeCode: "InvalidKeyPair.Duplicate",
    });
  });

  it("read on-demand prices out of Price List documents", async () => {
    const prices = await collect(conn.price.list(ctx));
    const catalog = cloud().catalog.listPrices().items;
    expect(prices).toHaveLength(catalog.length);
    const micro = prices.find((p) => p.specName === "t3.micro");
    expect(micro).toMatchObject({ region, source: "aws-pricing-api", onDemand: { currency: "USD", unit: "Hour" } });
    expect(micro?.onDemand.price).toBe(catalog.find((p) => p.specName === "t3.micro")?.price);
  });

  it("keep the Name tag to themselves and find tagged resources across EC2 and ELBv2", async () => {
    const { vpc } = await network("tags");
    const target = { resourceType: "vpc" as const, iid: vpc };
    await conn.tag.add(target, { key: "owner", value: "alice" }, ctx);
    expect(await conn.tag.list(target, ctx)).toEqual([{ key: "owner", value: "alice" }]);
    expect(await rejectionOf(conn.tag.add(target, { key: "Name", value: "renamed" }, ctx))).toMatchObject({
      code: "InvalidArgument",
      rule: "reserved-tag",
    });
    const found = await collect(conn.tag.find("all", "alic", ctx));
    expect(found).toEqual([
      { resourceType: "vpc", iid: { nameId: "tags", systemId: vpc.systemId }, tags: { owner: "alice" } },
    ]);
    await conn.tag.remove(target, "owner", ctx);
    await expect(conn.tag.get(target, "owner", ctx)).rejects.toMatchObject({ code: "NotFound" });
  });
});
