import { collect } from "@cloud-barista/core/driver";
import { callRecorder, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { ibmFixture } from "./setup.js";

// Through the public API and the IBM front: how many native calls each user call makes (call
// history records every one). The rule: one where IBM allows it, extras only when asked for. Where
// IBM needs more (docs/drivers/ibm.md says why): a VM start with a public address is the instance
// and its floating IP; a VM read is the instance and its primary network interface (security
// groups and floating IPs live there); a VPC read is the VPC and its subnets.

const open = closedAfterEach(ibmFixture);

describe("driver-ibm makes one native call per user call where IBM allows it", () => {
  it("for vm.create, vm.get, vm.list and vm.getStatus, one more with details", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["us-south-1"]);
    const take = callRecorder(f.barista.history);
    await take();

    // Whether the image is Windows is known from the image listing, the subnet's zone from its create.
    await f.conn.vm.create(vmRequest("vm-1", basics, "web-1"), { wait: false });
    expect(await take()).toEqual(["create_instance", "create_floating_ip"]);
    await f.conn.vm.create(vmRequest("vm-2", basics, "web-1"), { wait: false });
    expect(await take()).toEqual(["create_instance", "create_floating_ip"]);

    const plain = await f.conn.vm.get("vm-1");
    expect(await take()).toEqual(["get_instance", "get_instance_network_interface"]);
    expect(plain).toMatchObject({
      iid: { nameId: "vm-1" },
      imageType: "PublicImage",
      imageIID: { systemId: basics.image },
      keyPairIID: { nameId: "key" },
      securityGroupIIDs: [{ nameId: "sg" }],
      subnetIID: { nameId: "web-1" },
      vpcIID: { nameId: "net" },
      vmUserId: "root",
    });
    expect(plain.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(plain.rootDiskSizeGB).toBeUndefined();
    const detailed = await f.conn.vm.get("vm-1", { details: true });
    expect(await take()).toEqual(["get_instance", "get_instance_network_interface", "get_volume"]);
    expect(detailed.rootDiskSizeGB).toBeGreaterThan(0);
    expect(detailed.rootDiskType).toBe("general-purpose");

    const listed = await collect(f.conn.vm.list());
    expect(await take()).toEqual(["list_floating_ips", "list_security_groups", "list_instances"]);
    expect(listed.map((v) => v.iid.nameId).sort()).toEqual(["vm-1", "vm-2"]);
    expect(listed.find((v) => v.iid.nameId === "vm-2")).toMatchObject({
      securityGroupIIDs: [{ nameId: "sg" }],
      keyPairIID: { nameId: "key" },
    });
    expect(await f.conn.vm.getStatus("vm-2")).toMatch(/Creating|Resuming|Running/);
    expect(await take()).toEqual(["get_instance"]);
  });

  it("for the reads of a VPC, a security group and a key pair", async () => {
    const f = await open();
    await withNetwork(f, ["us-south-1"]);
    const take = callRecorder(f.barista.history);
    await take();
    expect((await f.conn.vpc.get("net")).subnets.map((s) => s.iid.nameId)).toEqual(["web-1"]);
    expect(await take()).toEqual(["get_vpc", "list_subnets"]);
    expect((await f.conn.securityGroup.get("sg")).rules).toHaveLength(1);
    expect(await take()).toEqual(["get_security_group"]);
    expect((await f.conn.keyPair.get("key")).iid.nameId).toBe("key");
    expect(await take()).toEqual(["get_key"]);
  });

  it("for nlb.get: the load balancer, its listener, its pool and the pool's members", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    await withNetwork(f, ["us-south-1"]);
    await f.conn.vm.create(vmRequest("web", basics, "web-1"));
    await f.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vmNames: ["web"] },
    });
    const take = callRecorder(f.barista.history);
    await take();
    const nlb = await f.conn.nlb.get("lb");
    expect(await take()).toEqual([
      "get_load_balancer",
      "get_load_balancer_listener",
      "get_load_balancer_pool",
      "list_load_balancer_pool_members",
    ]);
    expect(nlb).toMatchObject({ listener: { port: 80 }, vmGroup: { port: 8080, vms: [{ nameId: "web" }] } });
  });
});
