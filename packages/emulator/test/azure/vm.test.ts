import { describe, expect, it } from "vitest";
import { disks, network0, nic, pip, rg, vm, vmBody } from "./compute-support.js";

// Virtual machines on the Azure front, on the wire: what a VM PUT must name, power actions as
// operations, what a delete takes along by deleteOption, and what it keeps reserved for a while.

describe("virtual machines on the Azure front", () => {
  it("refuses an interface whose subnet or security group does not exist", async () => {
    const { send } = await network0();
    const body = (subnet: string, nsg?: string) => ({
      location: "koreacentral",
      properties: {
        ipConfigurations: [
          {
            name: "ipconfig1",
            properties: { subnet: { id: `${rg}/providers/Microsoft.Network/virtualNetworks/net/subnets/${subnet}` } },
          },
        ],
        ...(nsg
          ? { networkSecurityGroup: { id: `${rg}/providers/Microsoft.Network/networkSecurityGroups/${nsg}` } }
          : {}),
      },
    });
    for (const refused of [
      await send("PUT", nic("n1"), body("nope")),
      await send("PUT", nic("n1"), body("web", "nope")),
    ]) {
      expect(refused.status).toBe(400);
      expect(refused.json["error"]).toMatchObject({ code: "InvalidResourceReference" });
    }
    expect((await send("GET", nic("n1"))).status).toBe(404);
  });

  it("refuses admin user names Compute reserves", async () => {
    const { send, makeNic } = await network0();
    await makeNic("n1");
    for (const admin of ["admin", "root", "Administrator"]) {
      const refused = await send("PUT", vm("web"), vmBody("n1", { admin }));
      expect(refused.status).toBe(400);
      expect(refused.json["error"]).toMatchObject({
        code: "InvalidParameter",
        message: "The Admin Username specified is not allowed.",
        target: "adminUsername",
      });
    }
  });

  it("boots, powers off (stopped) and deallocates (deallocated) through operations, and reports it in instanceView", async () => {
    const { send, makeNic, settle, powerState } = await network0();
    await send("PUT", pip("ip1"), {
      location: "koreacentral",
      sku: { name: "Standard" },
      properties: { publicIPAllocationMethod: "Static" },
    });
    await makeNic("n1", "ip1");
    const made = await send("PUT", vm("web"), vmBody("n1"));
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ properties: { provisioningState: "Creating" } });
    expect(await powerState("web")).toEqual(["ProvisioningState/creating", "PowerState/starting"]);
    expect(await settle(made)).toMatchObject({ status: "Succeeded" });
    expect(await powerState("web")).toEqual(["ProvisioningState/succeeded", "PowerState/running"]);
    const off = await send("POST", vm("web", "powerOff"));
    expect(off.status).toBe(202);
    await settle(off);
    expect(await powerState("web")).toContain("PowerState/stopped");
    await settle(await send("POST", vm("web", "deallocate")));
    expect(await powerState("web")).toContain("PowerState/deallocated");
    await settle(await send("POST", vm("web", "start")));
    expect(await powerState("web")).toContain("PowerState/running");
  });

  it("deletes the interface, public IP and OS disk with the VM when they say Delete", async () => {
    const { send, makeNic, settle } = await network0();
    await send("PUT", pip("ip1"), { location: "koreacentral", properties: { deleteOption: "Delete" } });
    await makeNic("n1", "ip1");
    await settle(await send("PUT", vm("web"), vmBody("n1")));
    expect((await send("GET", disks)).json["value"]).toHaveLength(1);
    await settle(await send("DELETE", vm("web")));
    expect((await send("GET", vm("web"))).status).toBe(404);
    expect((await send("GET", nic("n1"))).status).toBe(404);
    expect((await send("GET", pip("ip1"))).status).toBe(404);
    expect((await send("GET", disks)).json["value"]).toEqual([]);
  });

  it("keeps a detached interface reserved for the deleted VM for 180 seconds, and a detached disk", async () => {
    const { send, makeNic, settle, clock } = await network0();
    await makeNic("n1");
    await settle(await send("PUT", vm("web"), vmBody("n1", { nicDelete: "Detach", diskDelete: "Detach" })));
    await settle(await send("DELETE", vm("web")));
    expect((await send("GET", nic("n1"))).status).toBe(200);
    const again = await send("PUT", vm("web2"), vmBody("n1"));
    expect(again.json["error"]).toMatchObject({ code: "NicReservedForAnotherVm" });
    expect((await send("DELETE", nic("n1"))).json["error"]).toMatchObject({ code: "NicReservedForAnotherVm" });
    await clock.sleep(180_000);
    expect((await send("DELETE", nic("n1"))).status).toBe(202);
    const left = (await send("GET", disks)).json["value"] as { properties: { diskState: string } }[];
    expect(left.map((d) => d.properties.diskState)).toEqual(["Unattached"]);
  });

  it("ends a VM PUT's operation Failed with AllocationFailed when the build fails, the VM in Failed state", async () => {
    const { send, makeNic, settle, world, powerState } = await network0();
    await makeNic("n1");
    world.faults.add({
      provider: "AZURE",
      api: "VirtualMachines_CreateOrUpdate",
      kind: "capacity",
      phase: "background",
      times: 1,
    });
    const made = await send("PUT", vm("web"), vmBody("n1"));
    expect(made.status).toBe(201);
    expect(await settle(made)).toMatchObject({ status: "Failed", error: { code: "AllocationFailed" } });
    expect((await powerState("web"))[0]).toBe("ProvisioningState/failed/AllocationFailed");
  });
});
