import { closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { calls } from "./network.js";
import { azureFixture } from "./setup.js";

// Disks through the runtime, driver-azure and the Azure SDK over HTTPS to the emulator's Azure
// front: the native calls a create and a delete cost.

const fixture = closedAfterEach((diskCreateMs?: number) =>
  azureFixture({
    front: { operationMs: 0 },
    ...(diskCreateMs !== undefined ? { world: { timing: { diskCreateMs } } } : {}),
  }),
);

describe("driver-azure disks over the Azure front", () => {
  it("creates with the name check and one PUT, its operation not polled: the runtime's wait reads the disk", async () => {
    const f = await fixture(0);
    await f.conn.disk.create({ name: "warm", diskSizeGB: 8 }); // the resource group is made on the first create
    const before = (await calls(f)).length;
    const disk = await f.conn.disk.create({ name: "data", diskSizeGB: 16 });
    expect(disk).toMatchObject({ status: "Available", diskSizeGB: 16 });
    const made = (await calls(f)).slice(before).map((c) => c.api);
    // The name check, the PUT, and the runtime's wait reading the disk once (made at once here):
    // the wait's read is the answer, not read again.
    expect(made).toEqual(["Disks_Get", "Disks_CreateOrUpdate", "Disks_Get"]);

    const beforeDelete = (await calls(f)).length;
    await f.conn.disk.delete("data");
    const deleted = (await calls(f)).slice(beforeDelete).map((c) => c.api);
    expect(deleted.filter((api) => api !== "AsyncOperations_Get")).toEqual(["Disks_Delete"]);
    expect(deleted.length).toBeLessThanOrEqual(2);
  });

  it("returns a disk still being made from the PUT's answer when not told to wait", async () => {
    const f = await fixture(60_000);
    const disk = await f.conn.disk.create({ name: "slow", diskSizeGB: 16 }, { wait: false });
    expect(disk).toMatchObject({ status: "Creating", diskSizeGB: 16, iid: { nameId: "slow" } });
    expect(disk.iid.systemId).toMatch(/\/providers\/Microsoft\.Compute\/disks\//);
  });
});
