import { describe, expect, it } from "vitest";
import { account, group, mcisFixture } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

describe("queries", () => {
  it("list, get, status and access info", async () => {
    const { mcis, world } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2), group("g2", "virginia", 1)] });
    await mcis.create({ namespace: "ns1", name: "api", subGroups: [group("g1", "frankfurt", 1)] });
    await mcis.create({ namespace: "ns2", name: "web", subGroups: [group("g1", "frankfurt", 1)] });
    expect((await mcis.list("ns1")).map((m) => `${m.name}:${m.status}`)).toEqual([
      "api:Running:1 (R:1/1)",
      "web:Running:3 (R:3/3)",
    ]);
    expect((await mcis.list("ns3")).length).toBe(0);

    await mcis.suspend({ ...ref, vm: "g1-1" });
    const status = await mcis.status(ref);
    expect(status).toMatchObject({
      status: "Partial-Running:2 (R:2/3)",
      masterVmId: "g1-2",
      statusCount: { suspended: 1, running: 2 },
    });
    expect(status.vms.map((v) => `${v.id}:${v.status}`)).toEqual(["g1-1:Suspended", "g1-2:Running", "g2-1:Running"]);

    const access = await mcis.accessInfo(ref);
    const seoul = world.accountRegion({ provider: "MOCK", account, region: "mock-seoul" }).vms.list().items;
    const g12 = seoul.find((vm) => vm.tags["cb-vm"] === "g1-2");
    expect(access.subGroups.map((g) => g.name)).toEqual(["g1", "g2"]);
    expect(access.subGroups[0]?.vms[1]).toEqual({
      vmId: "g1-2",
      subGroup: "g1",
      connection: "seoul",
      status: "Running",
      publicIp: g12?.publicIp,
      privateIp: g12?.privateIp,
      sshPort: 22,
      user: "cb-user",
      keyPair: { connection: "seoul", name: "mcis-ns1-shared" },
    });
    // A stopped VM has no public address (as on AWS).
    expect(access.subGroups[0]?.vms[0]).toMatchObject({
      vmId: "g1-1",
      status: "Suspended",
      privateIp: expect.any(String),
    });
    expect(access.subGroups[0]?.vms[0]?.publicIp).toBeUndefined();
  });

  it("reads statuses from the clouds, or only the stored ones with refresh: false", async () => {
    const { mcis, world, barista } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2)] });
    const cloud = world.accountRegion({ provider: "MOCK", account, region: "mock-seoul" });
    for (const vm of cloud.vms.list().items) cloud.vms.stop(vm.id);
    const before = (await barista.history.query({ api: "DescribeInstanceStatus" })).length;
    expect((await mcis.get(ref, { refresh: false })).status).toBe("Running:2 (R:2/2)");
    expect((await barista.history.query({ api: "DescribeInstanceStatus" })).length).toBe(before);
    expect((await mcis.get(ref)).status).toBe("Suspending:2 (R:0/2)");
    await world.clock.sleep(world.timing.vmStopMs);
    expect((await mcis.status(ref)).status).toBe("Suspended:2 (R:0/2)");
    // One status listing per connection, not one call per VM.
    expect((await barista.history.query({ api: "DescribeInstanceStatus" })).length - before).toBe(2);
  });

  it("refuses bad references with InvalidArgument naming the field, and unknown MCIS with NotFound", async () => {
    const { mcis } = await mcisFixture();
    await expect(mcis.get({ namespace: "NS", name: "web" })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "namespace",
    });
    await expect(mcis.get({ namespace: "ns", name: "" })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "name",
    });
    await expect(mcis.list("Bad")).rejects.toMatchObject({ code: "InvalidArgument", field: "namespace" });
    await expect(mcis.get({ namespace: "ns", name: "nope" })).rejects.toMatchObject({
      code: "NotFound",
      resourceType: "mcis",
    });
  });
});
