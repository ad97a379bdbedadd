import { describe, expect, it } from "vitest";
import { account, group, liveWorldVms, mcisFixture, worldVms } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

describe("scale-out and add sub-group", () => {
  it("scales a sub-group out, continuing its index; an index is never reused", async () => {
    const { mcis, world } = await mcisFixture();
    const limit = world.capacity.limit({ provider: "MOCK", region: "mock-seoul", maxVms: 2 });
    const first = await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 3)] });
    expect(first.status).toBe("Partial-Running:2 (R:2/3)");
    const refined = await mcis.refine(ref);
    expect(refined.vms.map((vm) => vm.id)).toEqual(["g1-1", "g1-2"]);
    limit.remove();
    const grown = await mcis.scaleOut({ ...ref, subGroup: "g1" }, 2);
    // g1-3 failed and was refined away: scale-out continues at 4, not 3.
    expect(grown.vms.map((vm) => vm.id)).toEqual(["g1-1", "g1-2", "g1-4", "g1-5"]);
    expect(grown.newVmIds).toEqual(["g1-4", "g1-5"]);
    expect(grown.status).toBe("Running:4 (R:4/4)");
    expect(grown.subGroups[0]).toMatchObject({
      size: 4,
      vmIds: ["g1-1", "g1-2", "g1-4", "g1-5"],
      vpcName: "mcis-ns1-shared",
    });
    // The clones use the sub-group's spec, image and network.
    const made = worldVms(world, "seoul").filter((vm) => vm.tags["cb-vm"] === "g1-5")[0];
    expect(made).toMatchObject({ specName: "mock-small", image: { id: "mock-ubuntu-2404-amd64" }, state: "running" });
    await expect(mcis.scaleOut({ ...ref, subGroup: "g9" }, 1)).rejects.toMatchObject({ code: "NotFound" });
    await expect(mcis.scaleOut({ ...ref, subGroup: "g1" }, 0)).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "count",
    });
    await expect(mcis.scaleOut({ ...ref, subGroup: "g1" }, 9996)).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "count",
    });
  });

  it("adds sub-groups in other connections; names must be new", async () => {
    const { mcis, world } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 1)] });
    const info = await mcis.addSubGroup(ref, group("g2", "frankfurt", 2, { specName: "mock-micro" }));
    expect(info.subGroups.map((g) => `${g.name}:${g.connection}:${g.size}`)).toEqual(["g1:seoul:1", "g2:frankfurt:2"]);
    expect(info.newVmIds).toEqual(["g2-1", "g2-2"]);
    expect(info.status).toBe("Running:3 (R:3/3)");
    expect(worldVms(world, "frankfurt").map((vm) => vm.specName)).toEqual(["mock-micro", "mock-micro"]);
    await expect(mcis.addSubGroup(ref, group("g1", "virginia", 1))).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "subGroup.name",
      rule: "unique",
    });
    await expect(mcis.addSubGroups(ref, [group("g3", "virginia", 1), group("g3", "seoul", 1)])).rejects.toMatchObject({
      field: "subGroups[1].name",
    });
    await expect(mcis.addSubGroup(ref, group("g3", "virginia", 1, { image: "nope" }))).rejects.toMatchObject({
      code: "NotFound",
      field: "subGroup.image",
      rule: "unknown-image",
    });
    const both = await mcis.addSubGroups(ref, [group("g3", "virginia", 1), group("g4", "seoul", 1)]);
    expect(both.subGroups.map((g) => g.name)).toEqual(["g1", "g2", "g3", "g4"]);
  });

  it("applies the MCIS policy to the new VMs only: a rollback removes them (and an emptied new sub-group) and throws", async () => {
    const { mcis, world } = await mcisFixture();
    const created = await mcis.create({ ...ref, policy: "rollback", subGroups: [group("g1", "seoul", 2)] });
    expect(created.status).toBe("Running:2 (R:2/2)");
    const seoul = world.capacity.limit({ provider: "MOCK", region: "mock-seoul", maxVms: 3 });
    await expect(mcis.scaleOut({ ...ref, subGroup: "g1" }, 2)).rejects.toMatchObject({
      code: "CapacityUnavailable",
      message: expect.stringMatching(/scale-out of MCIS "web" rolled back: 1 of 2/),
    });
    world.capacity.limit({ provider: "MOCK", region: "mock-virginia", maxVms: 0 });
    await expect(mcis.addSubGroup(ref, group("g2", "virginia", 1))).rejects.toMatchObject({
      code: "CapacityUnavailable",
    });
    const after = await mcis.get(ref);
    expect(after.vms.map((vm) => vm.id)).toEqual(["g1-1", "g1-2"]);
    expect(after.subGroups.map((g) => g.name)).toEqual(["g1"]);
    expect(after.status).toBe("Running:2 (R:2/2)");
    expect(liveWorldVms(world)).toHaveLength(2);
    // The failed scale-out still used up g1-3 and g1-4.
    seoul.remove();
    expect((await mcis.scaleOut({ ...ref, subGroup: "g1" }, 1)).newVmIds).toEqual(["g1-5"]);
    expect(world.accountRegion({ provider: "MOCK", account, region: "mock-virginia" }).vms.list().items).toEqual([]);
  });
});
