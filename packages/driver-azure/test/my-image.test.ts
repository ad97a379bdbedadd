import { collect } from "@cloud-barista/core";
import { closedAfterEach, rejectionOf } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { azureVendorClients, resourceGroupOf } from "../src/index.js";
import { calls, request, withNetwork } from "./network.js";
import type { AzureFixture } from "./setup.js";

// My-images through the runtime, driver-azure and the Azure SDK over HTTPS to the emulator's Azure
// front: a managed image made from a snapshot of the VM's OS disk, the VM left running.

const open = closedAfterEach(withNetwork);

/** The snapshots of the connection's resource group (the driver's passing ones among them). */
async function snapshots(f: AzureFixture): Promise<string[]> {
  const clients = await azureVendorClients(f.conn);
  const names: string[] = [];
  for await (const s of clients.compute.snapshots.listByResourceGroup(resourceGroupOf(f.connectionName)))
    names.push(s.name ?? "");
  return names;
}

describe("driver-azure my-images over the Azure front", () => {
  it("makes an image of a running VM through a snapshot it deletes again; the image boots a new VM", async () => {
    const f = await open();
    await f.conn.vm.create(request("web-1"));
    const image = await f.conn.myImage.create({ name: "img", sourceVmName: "web-1", tags: { team: "a" } });
    expect(image).toMatchObject({ status: "Available", sourceVmIID: { nameId: "web-1" }, tags: { team: "a" } });
    // The source VM was never generalized or stopped.
    expect(await f.conn.vm.getStatus("web-1")).toBe("Running");
    expect(await snapshots(f)).toEqual([]);
    for (const api of ["Snapshots_CreateOrUpdate", "Images_CreateOrUpdate", "Snapshots_Delete"]) {
      expect(await calls(f, api), api).toHaveLength(1);
    }
    const read = await f.conn.myImage.get("img");
    expect(read).toMatchObject({ status: "Available", sourceVmIID: { nameId: "web-1" }, tags: { team: "a" } });
    expect(read.extra).toMatchObject({ osState: "Generalized", osType: "Linux" });
    expect((await collect(f.conn.myImage.list())).map((i) => i.iid.nameId)).toEqual(["img"]);
    const found = await collect(f.conn.tag.find("myImage", "a"));
    expect(found).toEqual([
      expect.objectContaining({ iid: expect.objectContaining({ nameId: "img" }), tags: { team: "a" } }),
    ]);

    const vm = await f.conn.vm.create({ ...request("web-2"), imageType: "MyImage", image: "img" });
    expect(vm).toMatchObject({ status: "Running", imageType: "MyImage", imageIID: { nameId: "img" } });
    expect(await f.conn.vm.get("web-2")).toMatchObject({ imageType: "MyImage", imageIID: { nameId: "img" } });
    await f.conn.myImage.delete("img");
    expect(await collect(f.conn.myImage.list())).toEqual([]);
  });

  it("leaves neither snapshot nor image when the image cannot be made", async () => {
    const f = await open();
    await f.conn.vm.create(request("web-1"));
    f.world.faults.add({ provider: "AZURE", api: "Images_CreateOrUpdate", kind: "quota", times: 1 });
    const error = await rejectionOf(f.conn.myImage.create({ name: "img", sourceVmName: "web-1" }));
    expect(error).toMatchObject({ code: "QuotaExceeded" });
    expect(await snapshots(f)).toEqual([]);
    expect(await collect(f.conn.myImage.list())).toEqual([]);
    expect(await f.conn.vm.getStatus("web-1")).toBe("Running");
  });
});
