import { describe, expect, it } from "vitest";
import type { McisProgressEvent } from "../../src/index.js";
import { account, group, liveWorldVms, mcisFixture, worldVms } from "../support.js";

const request = (policy: "continue" | "rollback" | "refine") => ({
  namespace: "ns1",
  name: "web",
  policy,
  subGroups: [group("g1", "seoul", 3), group("g2", "virginia", 2)],
});

describe("partial-failure policies", () => {
  it("continue keeps failed VMs, each with its reason (code, message, connection, zone)", async () => {
    const { mcis, world } = await mcisFixture();
    world.capacity.limit({ provider: "MOCK", region: "mock-virginia", maxVms: 1 });
    const events: McisProgressEvent[] = [];
    const info = await mcis.create(request("continue"), { onProgress: (e) => events.push(e) });
    expect(info.status).toBe("Partial-Running:4 (R:4/5)");
    expect(info.statusCount).toMatchObject({ total: 5, running: 4, failed: 1 });
    const failed = info.vms.filter((vm) => vm.status === "Failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.subGroup).toBe("g2");
    expect(failed[0]?.reason).toMatchObject({
      code: "CapacityUnavailable",
      nativeCode: "InsufficientCapacity",
      action: "Create",
      connection: "virginia",
      zone: "mock-virginia-a",
    });
    expect(failed[0]?.reason?.message).toMatch(/capacity/i);
    expect(events.filter((e) => e.type === "failed")).toEqual([
      expect.objectContaining({
        vmId: failed[0]?.id,
        reason: expect.objectContaining({ code: "CapacityUnavailable" }),
      }),
    ]);
    expect(events.at(-1)).toMatchObject({ done: 4, failed: 1, total: 5 });
    expect(liveWorldVms(world)).toHaveLength(4);
    // The reason survives a restart and a status query.
    expect(
      (await mcis.status({ namespace: "ns1", name: "web" })).vms.find((v) => v.status === "Failed")?.reason?.code,
    ).toBe("CapacityUnavailable");
  });

  it("refine removes failed VMs and keeps their reasons in the MCIS's messages", async () => {
    const { mcis, world } = await mcisFixture();
    world.faults.add({ provider: "MOCK", region: "mock-virginia", api: "RunInstances", kind: "quota", times: 1 });
    const info = await mcis.create(request("refine"));
    expect(info.status).toBe("Running:4 (R:4/4)");
    expect(info.vms.map((vm) => vm.id)).toEqual(["g1-1", "g1-2", "g1-3", expect.stringMatching(/^g2-[12]$/)]);
    expect(info.systemMessages).toEqual([
      expect.stringMatching(/^refine removed VM g2-[12] \(Failed\): QuotaExceeded: .*\[virginia\/mock-virginia-a\]$/),
    ]);
    expect(liveWorldVms(world)).toHaveLength(4);
  });

  it("rollback removes every VM of the create and the MCIS, then throws the first failure", async () => {
    const { mcis, world } = await mcisFixture();
    world.capacity.limit({ provider: "MOCK", region: "mock-virginia", maxVms: 1 });
    await expect(mcis.create(request("rollback"))).rejects.toMatchObject({
      code: "CapacityUnavailable",
      message: expect.stringMatching(/^MCIS "web" rolled back: 1 of 5 VM\(s\) failed: /),
    });
    await expect(mcis.get({ namespace: "ns1", name: "web" })).rejects.toMatchObject({ code: "NotFound" });
    expect(liveWorldVms(world)).toEqual([]);
    // Default networks are shared resources: they stay, and can be released.
    expect(await mcis.releaseDefaultNetwork("ns1", "seoul")).toBe(true);
    expect(await mcis.releaseDefaultNetwork("ns1", "virginia")).toBe(true);
    expect(world.accountRegion({ provider: "MOCK", account, region: "mock-seoul" }).vpcs.list().items).toEqual([]);
  });

  it("terminates in the cloud a VM that was made but failed to run in time", async () => {
    const { mcis, world } = await mcisFixture({
      world: { timing: { vmBootMs: 600_000 } },
      service: { runningTimeoutMs: 60_000 },
    });
    const info = await mcis.create({
      namespace: "ns1",
      name: "slow",
      policy: "refine",
      subGroups: [group("g1", "seoul", 2)],
    });
    expect(info.vms).toEqual([]);
    expect(info.systemMessages).toHaveLength(2);
    expect(info.systemMessages[0]).toMatch(/Timeout/);
    // Both were made; refine terminated them (core waits until the cloud reports them gone).
    expect(worldVms(world, "seoul").map((vm) => vm.state)).toEqual(["terminated", "terminated"]);
  });

  it("finds and removes a VM whose create lost its answer (the cloud made it, the SDK never heard)", async () => {
    const { mcis, world } = await mcisFixture();
    // Every attempt takes effect, then times out: core gives up with a pending record.
    world.faults.add({
      provider: "MOCK",
      region: "mock-seoul",
      api: "RunInstances",
      kind: "timeout",
      phase: "after",
      timeoutMs: 1_000,
      times: 10,
    });
    const kept = await mcis.create({ namespace: "ns1", name: "lost", subGroups: [group("g1", "seoul", 1)] });
    expect(kept.vms[0]).toMatchObject({ status: "Failed", reason: { code: "Timeout" } });
    expect(kept.vms[0]?.systemId).toBeUndefined();
    expect(liveWorldVms(world)).toHaveLength(1);
    const refined = await mcis.refine({ namespace: "ns1", name: "lost" });
    expect(refined.vms).toEqual([]);
    expect(worldVms(world, "seoul").map((vm) => vm.state)).toEqual(["terminated"]);
  });
});
