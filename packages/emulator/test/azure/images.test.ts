import { describe, expect, it } from "vitest";
import { compute, network0, path, rg, vm, vmBody } from "./compute-support.js";

// Managed images on the Azure front, on the wire: from a snapshot of a VM's OS disk (the VM keeps
// running) or from a VM once deallocated and generalized (never to start again), and VMs from them.

const disk = "api-version=2025-01-02";
const snapshot = (name: string) => path("Microsoft.Compute/snapshots", name, disk);
const image = (name: string) => path("Microsoft.Compute/images", name, compute);
const imageId = (name: string) => `${rg}/providers/Microsoft.Compute/images/${name}`;

async function withVm() {
  const f = await network0();
  await f.makeNic("n1");
  await f.settle(await f.send("PUT", vm("web"), vmBody("n1")));
  return f;
}

describe("managed images on the Azure front", () => {
  it("makes an image from a snapshot of a running VM's OS disk, and a VM from the image", async () => {
    const { send, settle, makeNic, powerState } = await withVm();
    const source = await send("GET", vm("web"));
    const osDisk = (source.json["properties"] as { storageProfile: { osDisk: { managedDisk: { id: string } } } })
      .storageProfile.osDisk.managedDisk.id;
    const snap = await send("PUT", snapshot("snap"), {
      location: "koreacentral",
      properties: { creationData: { createOption: "Copy", sourceResourceId: osDisk } },
    });
    expect(snap.status).toBe(202);
    expect(await settle(snap)).toMatchObject({ status: "Succeeded" });
    expect((await send("GET", snapshot("snap"))).json).toMatchObject({
      properties: { provisioningState: "Succeeded", creationData: { sourceResourceId: osDisk } },
    });
    const made = await send("PUT", image("img"), {
      location: "koreacentral",
      properties: {
        storageProfile: {
          osDisk: { osType: "Linux", osState: "Generalized", snapshot: { id: String(snap.json["id"]) } },
        },
      },
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ properties: { provisioningState: "Creating" } });
    // A VM cannot boot from an image still being made.
    await makeNic("n2");
    const early = await send("PUT", vm("web2"), vmBody("n2", { image: { id: imageId("img") } }));
    expect(early.json["error"]).toMatchObject({ code: "OperationNotAllowed" });
    expect(await settle(made)).toMatchObject({ status: "Succeeded" });
    // The image holds its own copy: the snapshot may go.
    await settle(await send("DELETE", snapshot("snap")));
    expect((await send("GET", snapshot("snap"))).status).toBe(404);
    expect((await send("GET", image("img"))).json).toMatchObject({ properties: { provisioningState: "Succeeded" } });
    const booted = await send("PUT", vm("web2"), vmBody("n2", { image: { id: imageId("img") } }));
    expect(booted.status).toBe(201);
    expect(await settle(booted)).toMatchObject({ status: "Succeeded" });
    expect((await send("GET", vm("web2"))).json).toMatchObject({
      properties: { storageProfile: { imageReference: { id: imageId("img") } } },
    });
    expect(await powerState("web")).toContain("PowerState/running");
    const listed = await send("GET", `${rg}/providers/Microsoft.Compute/images?${compute}`);
    expect((listed.json["value"] as { name: string }[]).map((i) => i.name)).toEqual(["img"]);
    await settle(await send("DELETE", image("img")));
    expect((await send("GET", image("img"))).status).toBe(404);
  });

  it("captures a VM only once deallocated and generalized, and never starts it again", async () => {
    const { send, settle } = await withVm();
    const body = {
      location: "koreacentral",
      properties: { sourceVirtualMachine: { id: `${rg}/providers/Microsoft.Compute/virtualMachines/web` } },
    };
    expect((await send("PUT", image("img"), body)).json["error"]).toMatchObject({ code: "OperationNotAllowed" });
    expect((await send("POST", vm("web", "generalize"))).json["error"]).toMatchObject({ code: "OperationNotAllowed" });
    await settle(await send("POST", vm("web", "deallocate")));
    expect((await send("POST", vm("web", "generalize"))).status).toBe(200);
    expect((await send("GET", vm("web", "instanceView"))).json["statuses"]).toContainEqual(
      expect.objectContaining({ code: "OSState/generalized" }),
    );
    expect((await send("POST", vm("web", "start"))).json["error"]).toMatchObject({ code: "OperationNotAllowed" });
    const made = await send("PUT", image("img"), body);
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ properties: { sourceVirtualMachine: { id: expect.stringContaining("/web") } } });
    // An image's source is fixed: a PUT naming another is refused, one naming the same updates tags.
    const other = {
      ...body,
      properties: { sourceVirtualMachine: { id: `${rg}/providers/Microsoft.Compute/virtualMachines/x` } },
    };
    expect((await send("PUT", image("img"), other)).json["error"]).toMatchObject({ code: "PropertyChangeNotAllowed" });
    expect((await send("PUT", image("img"), { ...body, tags: { team: "a" } })).json).toMatchObject({
      tags: { team: "a" },
    });
  });

  it("refuses an image without a source or OS state, and a VM from an image that does not exist", async () => {
    const { send, makeNic } = await withVm();
    const refused = [
      await send("PUT", image("a"), { location: "koreacentral", properties: {} }),
      await send("PUT", image("b"), {
        location: "koreacentral",
        properties: { storageProfile: { osDisk: { osType: "Linux", snapshot: { id: "x" } } } },
      }),
    ];
    for (const r of refused) expect(r.json["error"]).toMatchObject({ code: "InvalidParameter" });
    await makeNic("n2");
    const missing = await send("PUT", vm("web2"), vmBody("n2", { image: { id: imageId("nope") } }));
    expect(missing.status).toBe(400);
    expect(missing.json["error"]).toMatchObject({ code: "InvalidParameter", target: "imageReference.id" });
  });
});
