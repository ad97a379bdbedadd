import { describe, expect, it } from "vitest";
import { account, group, liveWorldVms, mcisFixture, worldVms } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

describe("delete and refine", () => {
  it("refuses to delete running VMs unless asked to terminate them first", async () => {
    const { mcis, world, store } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2), group("g2", "virginia", 1)] });
    await expect(mcis.delete(ref)).rejects.toMatchObject({
      code: "Conflict",
      message: expect.stringMatching(/VM g1-1 is Running.*terminate: true/),
    });
    await mcis.terminate({ ...ref, vm: "g1-1" });
    await mcis.delete({ ...ref, vm: "g1-1" });
    expect((await mcis.get(ref)).vms.map((vm) => vm.id)).toEqual(["g1-2", "g2-1"]);
    await mcis.delete({ ...ref, subGroup: "g2" }, { terminate: true });
    const left = await mcis.get(ref);
    expect(left.subGroups.map((g) => g.name)).toEqual(["g1"]);
    expect(worldVms(world, "virginia").map((vm) => vm.state)).toEqual(["terminated"]);
    await mcis.delete(ref, { terminate: true });
    await expect(mcis.get(ref)).rejects.toMatchObject({ code: "NotFound" });
    expect(liveWorldVms(world)).toEqual([]);
    expect((await store.list("mcis/vm/")).length + (await store.list("mcis/head/")).length).toBe(0);
    // The default networks outlive the MCIS until released.
    expect(await store.list("mcis/net/ns1/")).toHaveLength(2);
    expect(await mcis.list("ns1")).toEqual([]);
  });

  it("deletes a terminated MCIS without touching the cloud again", async () => {
    const { mcis, barista } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2)] });
    await mcis.terminate(ref);
    const calls = (await barista.history.query({ api: "TerminateInstances" })).length;
    await mcis.delete(ref);
    expect((await barista.history.query({ api: "TerminateInstances" })).length).toBe(calls);
  });

  it("refine removes Failed and Undefined VMs, terminating what the cloud still holds of them", async () => {
    const { mcis, world } = await mcisFixture();
    world.capacity.limit({ provider: "MOCK", region: "mock-seoul", maxVms: 2 });
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 3), group("g2", "virginia", 1)] });
    // A VM that vanished from the cloud behind the SDK's back reads Undefined.
    const cloud = world.accountRegion({ provider: "MOCK", account, region: "mock-virginia" });
    const vanished = cloud.vms.list().items[0];
    if (!vanished) throw new Error("no VM in virginia");
    cloud.vms.terminate(vanished.id);
    await world.clock.sleep(world.timing.vmTerminateMs + world.timing.terminatedRetentionMs + 1);
    const before = await mcis.get(ref);
    expect(before.vms.map((vm) => `${vm.id}:${vm.status}`)).toEqual([
      "g1-1:Running",
      "g1-2:Running",
      "g1-3:Failed",
      "g2-1:Undefined",
    ]);
    expect(before.status).toBe("Partial-Running:2 (R:2/4)");
    const after = await mcis.refine(ref);
    expect(after.vms.map((vm) => vm.id)).toEqual(["g1-1", "g1-2"]);
    expect(after.systemMessages).toEqual([
      expect.stringMatching(/refine removed VM g1-3 \(Failed\): CapacityUnavailable/),
      "refine removed VM g2-1 (Undefined)",
    ]);
    // Nothing left to refine: a no-op.
    expect((await mcis.refine(ref)).vms).toHaveLength(2);
  });

  it("makes a default network ahead of time, once, and reuses it", async () => {
    const { mcis, world } = await mcisFixture();
    const net = await mcis.ensureDefaultNetwork("ns1", "virginia");
    expect(net).toEqual({
      namespace: "ns1",
      connection: "virginia",
      vpcName: "mcis-ns1-shared",
      vpcCidr: "10.0.0.0/16",
      subnetName: "mcis-ns1-shared",
      subnetCidr: "10.0.0.0/20",
      securityGroupName: "mcis-ns1-shared",
      keyPairName: "mcis-ns1-shared",
    });
    expect(await mcis.ensureDefaultNetwork("ns1", "virginia")).toEqual(net);
    expect((await mcis.ensureDefaultNetwork("ns1", "seoul")).vpcCidr).toBe("10.1.0.0/16");
    const plan = await mcis.plan({ namespace: "ns1", name: "web", subGroups: [group("g1", "virginia", 1)] });
    expect(plan.networks[0]?.toCreate).toEqual([]);
    expect(world.accountRegion({ provider: "MOCK", account, region: "mock-virginia" }).vpcs.list().items).toHaveLength(
      1,
    );
    await expect(mcis.ensureDefaultNetwork("ns1", "nowhere")).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "connection",
    });
  });

  it("releases a default network only when no MCIS of the namespace uses it", async () => {
    const { mcis, world } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 1)] });
    await expect(mcis.releaseDefaultNetwork("ns1", "seoul")).rejects.toMatchObject({
      code: "Conflict",
      message: expect.stringMatching(/used by MCIS web/),
    });
    expect(await mcis.releaseDefaultNetwork("ns1", "virginia")).toBe(false);
    await mcis.delete(ref, { terminate: true });
    expect(await mcis.releaseDefaultNetwork("ns1", "seoul")).toBe(true);
    const cloud = world.accountRegion({ provider: "MOCK", account, region: "mock-seoul" });
    expect([cloud.vpcs.list().items, cloud.securityGroups.list().items, cloud.keyPairs.list().items]).toEqual([
      [],
      [],
      [],
    ]);
  });
});
