import { closedAfterEach } from "@cloud-barista/core/testing";
import { collect, isBaristaError } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { calls, image, leftovers, request, withNetwork as network } from "./network.js";
import { subscriptionId } from "./setup.js";

// VMs through the runtime, driver-azure and the Azure SDK over HTTPS to the emulator's Azure
// front: what a VM is made of on Azure (interface, public IP, OS disk) and what is left after it.

/** The shared network, closed after each test. */
const withNetwork = closedAfterEach(network);

describe("driver-azure VMs over the Azure front", () => {
  it("makes a VM of an interface, a Standard public IP and a managed OS disk, all going with it", async () => {
    const f = await withNetwork();
    const vm = await f.conn.vm.create(request("web-1"));
    expect(vm).toMatchObject({
      status: "Running",
      specName: "Standard_B2s",
      vmUserId: "cb-user",
      imageIID: { systemId: image },
      subnetIID: { nameId: "web" },
      securityGroupIIDs: [{ nameId: "sg" }],
      keyPairIID: { nameId: "key" },
      platform: "Linux/UNIX",
    });
    expect(vm.privateIp).toMatch(/^10\.0\.1\./);
    expect(vm.sshAccessPoint).toBe(`${vm.publicIp}:22`);
    expect(vm.tags).toBeUndefined(); // the driver's key pair tag is not shown
    expect(leftovers(f)).toEqual({ nics: 1, publicIps: 1, disks: 1, vms: 1 });
    const group = f.world.accountRegion({ provider: "AZURE", account: subscriptionId, region: "koreacentral" });
    const disk = group.disks.list().items[0];
    expect(disk?.attachment?.deleteOnTermination).toBe(true);

    await f.conn.vm.delete("web-1");
    expect(leftovers(f)).toEqual({ nics: 0, publicIps: 0, disks: 0, vms: 0 });
  });

  it("suspends by deallocating, resumes, reboots; statuses come from instanceView", async () => {
    const f = await withNetwork();
    await f.conn.vm.create(request("web-2"));
    expect(await f.conn.vm.suspend("web-2")).toBe("Suspended");
    expect(f.control.servedApis()).toContain("VirtualMachines_Deallocate");
    expect(f.control.servedApis()).not.toContain("VirtualMachines_PowerOff");
    expect((await f.conn.vm.get("web-2")).extra).toMatchObject({
      nativeState: expect.stringContaining("PowerState/deallocated"),
    });
    expect(await f.conn.vm.resume("web-2")).toBe("Running");
    expect(await f.conn.vm.reboot("web-2")).toBe("Running");
    const statuses = await collect(f.conn.vm.listStatus());
    expect(statuses.map((s) => [s.iid.nameId, s.status])).toEqual([["web-2", "Running"]]);
    expect((await collect(f.conn.vm.list())).map((v) => v.status)).toEqual(["Running"]);
  });

  it("reads a VM with one native call once its interface and address are known", async () => {
    const f = await withNetwork();
    await f.conn.vm.create(request("web-3"));
    await f.conn.vm.get("web-3");
    const before = (await calls(f)).length;
    const again = await f.conn.vm.get("web-3");
    expect(again.publicIp).toBeDefined();
    expect((await calls(f)).slice(before).map((c) => c.api)).toEqual(["VirtualMachines_Get"]);
  });

  it("types a PUT that ends Failed with AllocationFailed as capacity, and leaves nothing behind", async () => {
    const f = await withNetwork();
    // A build that fails in the background: the PUT is accepted, its operation ends Failed.
    const fault = f.world.faults.add({
      provider: "AZURE",
      api: "VirtualMachines_CreateOrUpdate",
      kind: "capacity",
      phase: "background",
      times: 1,
    });
    const error = await f.conn.vm.create(request("web-4")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(fault.fired).toBe(1);
    expect(isBaristaError(error, "CapacityUnavailable")).toBe(true);
    expect(error).toMatchObject({ nativeCode: "ZonalAllocationFailed" });
    expect(leftovers(f)).toEqual({ nics: 0, publicIps: 0, disks: 0, vms: 0 });
  });

  it("lists VMs and their statuses page by page, following nextLink", async () => {
    const f = await withNetwork(1);
    await f.conn.vm.create(request("web-5"));
    await f.conn.vm.create(request("web-6"));
    const before = await calls(f);
    const listed = await collect(f.conn.vm.list());
    expect(listed.map((v) => [v.iid.nameId, v.status]).sort()).toEqual([
      ["web-5", "Running"],
      ["web-6", "Running"],
    ]);
    const made = (await calls(f)).slice(before.length).map((c) => c.api);
    // One VM per page: at least two pages of each listing.
    expect(made.filter((a) => a === "VirtualMachines_List").length).toBeGreaterThanOrEqual(2);
    expect(made.filter((a) => a === "VirtualMachines_ListAll").length).toBeGreaterThanOrEqual(2);
  });
});
