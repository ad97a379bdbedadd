import { collect } from "@cloud-barista/core/driver";
import { callRecorder, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { tencentFixture } from "./setup.js";

// Through the public API and the Tencent front: how many native calls each user call makes (call
// history records every one). The rule: one where Tencent allows it, extras only when asked for.

const open = closedAfterEach(tencentFixture);

describe("driver-tencent makes one native call per user call", () => {
  it("for vm.get, vm.list and vm.getStatus, details included, and RunInstances alone once the zone is known", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-seoul-1"]);
    const take = callRecorder(f.barista.history);
    await take();

    // The first VM of a type in a zone asks whether the zone sells it, the first on an image
    // whether it is Windows; the subnet's zone and the key's public half are known from their creates.
    const first = await f.conn.vm.create(vmRequest("vm-1", basics, "web-1"), { wait: false });
    expect(await take()).toEqual(["DescribeZoneInstanceConfigInfos", "DescribeImages", "RunInstances"]);
    expect(first).toMatchObject({ region: { zone: "ap-seoul-1" }, vmUserId: "cb-user" });
    await f.conn.vm.create(vmRequest("vm-2", basics, "web-1"), { wait: false });
    expect(await take()).toEqual(["RunInstances"]);

    const plain = await f.conn.vm.get("vm-1");
    expect(await take()).toEqual(["DescribeInstances"]);
    expect(plain).toMatchObject({
      iid: { nameId: "vm-1" },
      imageType: "PublicImage",
      imageIID: { systemId: basics.image },
      keyPairIID: { nameId: "key" },
      securityGroupIIDs: [{ nameId: "sg" }],
      subnetIID: { nameId: "web-1" },
    });
    // DescribeInstances carries the system and data disks: details cost no call.
    const detailed = await f.conn.vm.get("vm-1", { details: true });
    expect(await take()).toEqual(["DescribeInstances"]);
    expect(detailed.rootDiskSizeGB).toBeGreaterThan(0);
    expect(detailed.rootDiskType).toMatch(/^CLOUD_/);

    expect((await collect(f.conn.vm.list())).map((v) => v.iid.nameId).sort()).toEqual(["vm-1", "vm-2"]);
    expect(await take()).toEqual(["DescribeInstances"]);
    expect(await f.conn.vm.getStatus("vm-2")).toMatch(/Creating|Running/);
    expect(await take()).toEqual(["DescribeInstances"]);
  });

  it("for the reads of a VPC, a security group and a key pair", async () => {
    const f = await open();
    await withNetwork(f, ["ap-seoul-1"]);
    const take = callRecorder(f.barista.history);
    await take();
    expect((await f.conn.vpc.get("net")).subnets.map((s) => s.iid.nameId)).toEqual(["web-1"]);
    expect(await take()).toEqual(["DescribeVpcs", "DescribeSubnets"]);
    // A group's name and tags (its VPC) and its policies are two reads on Tencent.
    expect((await f.conn.securityGroup.get("sg")).rules).toHaveLength(1);
    expect(await take()).toEqual(["DescribeSecurityGroups", "DescribeSecurityGroupPolicies"]);
    expect((await f.conn.keyPair.get("key")).iid.nameId).toBe("key");
    expect(await take()).toEqual(["DescribeKeyPairs"]);
  });
});
