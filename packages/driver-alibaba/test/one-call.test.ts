import { collect } from "@cloud-barista/core/driver";
import { callRecorder, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { alibabaFixture } from "./setup.js";

// Through the public API and the Alibaba front: how many native calls each user call makes (call
// history records every one). The rule: one where Alibaba allows it, extras only when asked for.

const open = closedAfterEach(alibabaFixture);

describe("driver-alibaba makes one native call per user call", () => {
  it("for vm.get and vm.list, one more with details, and RunInstances alone once the zone's stock is known", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-northeast-2a"]);
    const take = callRecorder(f.barista.history);
    await take();

    // The first VM of a type in a zone asks for the zone's stock and disk categories, the first on
    // an image whether it is Windows; the VSwitch's zone and the key's public half are known from
    // their creates.
    const first = await f.conn.vm.create(vmRequest("vm-1", basics, "web-a"), { wait: false });
    expect(await take()).toEqual(["DescribeAvailableResource", "DescribeImages", "RunInstances"]);
    expect(first).toMatchObject({
      rootDiskType: "cloud_essd",
      region: { zone: "ap-northeast-2a" },
      vmUserId: "cb-user",
    });
    await f.conn.vm.create(vmRequest("vm-2", basics, "web-a"), { wait: false });
    expect(await take()).toEqual(["RunInstances"]);

    const plain = await f.conn.vm.get("vm-1");
    expect(await take()).toEqual(["DescribeInstances"]);
    expect(plain).toMatchObject({
      iid: { nameId: "vm-1" },
      imageType: "PublicImage",
      imageIID: { systemId: basics.image },
      keyPairIID: { nameId: "key" },
      securityGroupIIDs: [{ nameId: "sg" }],
      subnetIID: { nameId: "web-a" },
    });
    expect(plain.rootDiskSizeGB).toBeUndefined();
    const detailed = await f.conn.vm.get("vm-1", { details: true });
    expect(await take()).toEqual(["DescribeInstances", "DescribeDisks"]);
    expect(detailed).toMatchObject({ ...plain, rootDiskType: "cloud_essd", dataDiskIIDs: [] });
    expect(detailed.rootDiskSizeGB).toBeGreaterThan(0);
    await f.conn.vm.create(vmRequest("vm-3", basics, "web-a"));
    await f.conn.disk.create({ name: "data-1", zone: "ap-northeast-2a", diskSizeGB: 20 });
    await f.conn.disk.attach("data-1", "vm-3");
    await take();
    const withData = await f.conn.vm.get("vm-3", { details: true });
    expect(await take()).toEqual(["DescribeInstances", "DescribeDisks"]);
    expect(withData.dataDiskIIDs.map((d) => d.nameId)).toEqual(["data-1"]);

    expect((await collect(f.conn.vm.list())).map((v) => v.iid.nameId).sort()).toEqual(["vm-1", "vm-2", "vm-3"]);
    expect(await take()).toEqual(["DescribeInstances"]);
    expect(await f.conn.vm.getStatus("vm-2")).toMatch(/Creating|Resuming|Running/);
    expect(await take()).toEqual(["DescribeInstances"]);
  });

  it("for the reads of a VPC, a security group and a key pair", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    await withNetwork(f, ["ap-northeast-2a"]);
    const take = callRecorder(f.barista.history);
    await take();
    expect((await f.conn.vpc.get("net")).subnets.map((s) => s.iid.nameId)).toEqual(["web-a"]);
    expect(await take()).toEqual(["DescribeVpcs", "DescribeVSwitches"]);
    expect((await f.conn.securityGroup.get("sg")).rules).toHaveLength(1);
    expect(await take()).toEqual(["DescribeSecurityGroupAttribute"]);
    expect((await f.conn.keyPair.get("key")).iid.nameId).toBe("key");
    expect(await take()).toEqual(["DescribeKeyPairs"]);
  });
});
