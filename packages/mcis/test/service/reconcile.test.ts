import { describe, expect, it } from "vitest";
import { account, group, liveWorldVms, mcisFixture, worldVms } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

describe("reconcile (in process)", () => {
  it("finishes a create that was aborted half-way: adopts what the cloud made, fails what it never saw", async () => {
    const { mcis, world, restart } = await mcisFixture({
      world: { latency: { baseMs: 0, jitterMs: 0, perApi: { RunInstances: 1_000 } } },
      service: { concurrency: { perRegion: 2 } },
    });
    const abort = new AbortController();
    const created = mcis.create(
      { ...ref, subGroups: [group("g1", "seoul", 4)] },
      { abortSignal: abort.signal, onProgress: (e) => (e.type === "created" ? abort.abort() : undefined) },
    );
    await expect(created).rejects.toMatchObject({ code: "Aborted" });
    const stuck = await mcis.get(ref);
    expect(stuck.targetAction).toBe("Create");
    await expect(mcis.suspend(ref)).rejects.toMatchObject({
      code: "Conflict",
      message: expect.stringMatching(/create in progress elsewhere or interrupted/),
    });

    const { mcis: fresh } = await restart();
    const report = await fresh.reconcile();
    expect(report.mcis).toHaveLength(1);
    const entry = report.mcis[0];
    expect(entry).toMatchObject({
      namespace: "ns1",
      name: "web",
      interrupted: "create",
      unsettled: [],
      deleted: false,
    });
    // The two requests in flight when the abort came reached the cloud; the other two never left.
    const made = worldVms(world, "seoul");
    expect(made).toHaveLength(2);
    expect(entry?.failed).toHaveLength(2);
    expect(entry?.finished).toHaveLength(2);
    const info = await fresh.get(ref);
    // Two Failed and two Running: Failed wins the tie.
    expect(info).toMatchObject({ status: "Partial-Failed:2 (R:2/4)", targetAction: "None" });
    expect(info.vms.filter((vm) => vm.status === "Failed").every((vm) => vm.reason?.code === "Aborted")).toBe(true);
    expect(new Set(info.vms.filter((vm) => vm.systemId).map((vm) => vm.systemId))).toEqual(
      new Set(made.map((vm) => vm.id)),
    );
    expect((await fresh.suspend(ref)).status).toBe("Partial-Failed:2 (R:0/4)");
  });

  it("finishes an interrupted suspend and an interrupted delete", async () => {
    const { mcis, world, restart } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2), group("g2", "virginia", 2)] });
    const suspending = new AbortController();
    await expect(
      mcis.suspend(ref, { abortSignal: suspending.signal, onProgress: () => suspending.abort() }),
    ).rejects.toMatchObject({ code: "Aborted" });
    const again = await restart();
    const report = await again.mcis.reconcile({ namespace: "ns1" });
    expect(report.mcis[0]).toMatchObject({ interrupted: "control", status: "Suspended:4 (R:0/4)" });
    expect(liveWorldVms(world).map((vm) => vm.state)).toEqual(["stopped", "stopped", "stopped", "stopped"]);

    const deleting = new AbortController();
    await expect(
      again.mcis.delete(ref, { terminate: true, abortSignal: deleting.signal, onProgress: () => deleting.abort() }),
    ).rejects.toMatchObject({ code: "Aborted" });
    const third = await restart();
    const finished = await third.mcis.reconcile({ namespace: "ns1", name: "web" });
    expect(finished.mcis[0]).toMatchObject({ interrupted: "delete", deleted: true });
    await expect(third.mcis.get(ref)).rejects.toMatchObject({ code: "NotFound" });
    expect(liveWorldVms(world)).toEqual([]);
  });

  it("terminates VMs that carry a namespace's MCIS tags but that no record tracks", async () => {
    const { mcis, world, store } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2)] });
    await mcis.create({ namespace: "ns2", name: "keep", subGroups: [group("g1", "seoul", 1)] });
    // Records lost behind the engine's back (a restored backup, a hand edit).
    await store.delete("mcis/vm/ns1/web/g1-2");
    const report = await mcis.reconcile();
    expect(report.orphans).toEqual([
      { connection: "seoul", coreName: expect.stringMatching(/^web-g1-2-/), mcis: "web", vm: "g1-2" },
    ]);
    const states = world
      .accountRegion({ provider: "MOCK", account, region: "mock-seoul" })
      .vms.list()
      .items.map((vm) => `${vm.tags["cb-ns"]}/${vm.tags["cb-vm"]}:${vm.state}`);
    expect(states.sort()).toEqual(["ns1/g1-1:running", "ns1/g1-2:terminated", "ns2/g1-1:running"]);
    expect((await mcis.reconcile()).orphans).toEqual([]);
  });

  it("validates its scope", async () => {
    const { mcis } = await mcisFixture();
    await expect(mcis.reconcile({ name: "web" })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "namespace",
    });
    await expect(mcis.reconcile({ namespace: "NS" })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "namespace",
    });
    expect(await mcis.reconcile()).toEqual({ mcis: [], orphans: [] });
  });
});
