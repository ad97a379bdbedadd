import { VirtualClock, collect, scaledClock } from "@cloud-barista/core";
import { callRecorder, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { keyFactsTtlMs } from "../src/session.js";
import { awsFixture } from "./setup.js";
import type { AwsFixture } from "./setup.js";

// Through the public API and the AWS front: how many EC2 calls each user call makes (call history
// records every native call). The rule: one where EC2 allows it, extras only when asked for.

const open = closedAfterEach(awsFixture);

async function network(f: AwsFixture): Promise<string> {
  await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }] });
  await f.conn.securityGroup.create({ name: "web", vpcName: "net", rules: [] });
  await f.conn.keyPair.create({ name: "key" });
  const image = f.cloud().catalog.listImages({
    where: (i) => i.osDistribution.startsWith("Ubuntu 24") && i.architecture === "x86_64",
  }).items[0];
  if (!image) throw new Error("the emulator's catalog has no Ubuntu image");
  return image.id;
}

const vmRequest = (name: string, image: string) => ({
  name,
  image,
  specName: "t3.micro",
  vpcName: "net",
  subnetName: "a",
  securityGroupNames: ["web"],
  keyPairName: "key",
  rootDiskSizeGB: 20,
});

describe("driver-aws makes one EC2 call per user call", () => {
  it("for vm.get and vm.list without details, two with them, and RunInstances alone for a known image and key", async () => {
    const f = await open();
    const image = await network(f);
    const take = callRecorder(f.barista.history);
    await take();

    // The first VM on an image reads the image once; the key pair's public half is known from its create.
    const first = await f.conn.vm.create(vmRequest("vm-1", image), { wait: false });
    expect(await take()).toEqual(["DescribeImages", "RunInstances"]);
    expect(first).toMatchObject({ rootDiskSizeGB: 20, rootDiskType: "gp3", platform: "Linux/UNIX" });
    await f.conn.vm.create(vmRequest("vm-2", image), { wait: false });
    expect(await take()).toEqual(["RunInstances"]);

    const plain = await f.conn.vm.get("vm-1");
    expect(await take()).toEqual(["DescribeInstances"]);
    expect(plain).toMatchObject({
      iid: { nameId: "vm-1" },
      imageType: "PublicImage",
      imageIID: { systemId: image },
      keyPairIID: { nameId: "key" },
      securityGroupIIDs: [{ nameId: "web" }],
      rootDeviceName: "/dev/sda1",
    });
    expect(plain.rootDiskSizeGB).toBeUndefined();
    const detailed = await f.conn.vm.get("vm-1", { details: true });
    expect(await take()).toEqual(["DescribeInstances", "DescribeVolumes"]);
    expect(detailed).toMatchObject({ ...plain, rootDiskSizeGB: 20, rootDiskType: "gp3" });

    expect((await collect(f.conn.vm.list())).map((v) => v.iid.nameId).sort()).toEqual(["vm-1", "vm-2"]);
    expect(await take()).toEqual(["DescribeInstances"]);
    const listed = await collect(f.conn.vm.list({ details: true }));
    expect(listed.map((v) => v.rootDiskSizeGB)).toEqual([20, 20]);
    expect(await take()).toEqual(["DescribeInstances", "DescribeVolumes"]);
    await expect(f.conn.vm.get("vm-1", { details: "yes" } as never)).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "options.details",
    });
  });

  it("waits for Running and answers with the root disk the start knew, reading no volume", async () => {
    // Real time, 1000 times faster: the runtime's status polls and the world's boot both run on it.
    const f = await open({ clock: scaledClock(1000) });
    const image = await network(f);
    const take = callRecorder(f.barista.history);
    await take();
    const vm = await f.conn.vm.create(vmRequest("vm-1", image));
    expect(vm).toMatchObject({ status: "Running", rootDiskSizeGB: 20, rootDiskType: "gp3" });
    const calls = await take();
    expect(calls.filter((api) => api !== "DescribeInstanceStatus" && api !== "DescribeInstances")).toEqual([
      "DescribeImages",
      "RunInstances",
    ]);
    expect(calls).not.toContain("DescribeVolumes");
  });

  it("reads a key pair again once its public key is older than the trust window, or after this connection deleted it", async () => {
    const clock = new VirtualClock();
    const f = await open({ clock });
    const image = await network(f);
    const take = callRecorder(f.barista.history);
    await take();
    await f.conn.vm.create(vmRequest("vm-1", image), { wait: false });
    expect(await take()).toEqual(["DescribeImages", "RunInstances"]);
    // Another party may have rotated the key under the same name: after the window it is read again.
    clock.advance(keyFactsTtlMs);
    await f.conn.vm.create(vmRequest("vm-2", image), { wait: false });
    expect(await take()).toEqual(["DescribeKeyPairs", "RunInstances"]);
    await f.conn.vm.create(vmRequest("vm-3", image), { wait: false });
    expect(await take()).toEqual(["RunInstances"]);
    // A rotation through this connection: the new key's create tells its public half.
    await f.conn.keyPair.delete("key");
    await f.conn.keyPair.create({ name: "key" });
    await take();
    await f.conn.vm.create(vmRequest("vm-4", image), { wait: false });
    expect(await take()).toEqual(["RunInstances"]);
  });
});
