import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/placement/catalog.js";
import { provisionWithFailover } from "../../src/placement/failover.js";
import { mcisEngine } from "../../src/service/placement-engine.js";
import { planPlacement } from "../../src/placement/plan.js";
import type { PlacementRequest } from "../../src/placement/plan.js";
import { createMcisService } from "../../src/service/mcis-service.js";
import { cities, mockCloud } from "./support.js";

// Four VMs with at least 2 vCPU near Seoul, cheapest among equally near: the first choice is
// Seoul (mock-arm-small, the cheapest 2-vCPU spec), via connection seoul-b then seoul.
const nearSeoul: PlacementRequest = {
  vmCount: 4,
  filter: { ranges: { vcpus: { min: 2 } } },
  priorities: [{ metric: "location", near: cities.seoul }, { metric: "cost" }],
};
const app = { namespace: "ns", name: "app" };

/** The emulator with the test connections, the MCIS engine over it, and the catalog. */
async function setup() {
  const cloud = await mockCloud();
  const service = createMcisService({ barista: cloud.barista, store: cloud.store, statusPollMs: 500 });
  return { ...cloud, service, engine: mcisEngine(service), catalog: () => loadCatalog(cloud.barista) };
}

describe("failover on the emulator, through the MCIS engine", () => {
  it("moves every VM out of a region without capacity, and the decision log says why", async () => {
    const { world, barista, service, engine, catalog } = await setup();
    world.capacity.limit({ provider: "MOCK", region: "mock-seoul", maxVms: 0 });
    const result = await provisionWithFailover(engine, (await catalog()).offers, nearSeoul, app);

    expect(result.complete).toBe(true);
    expect(result.running).toHaveLength(4);
    const info = await service.get(app);
    expect(info.vms.map((vm) => [vm.subGroup, vm.connection, vm.status])).toEqual(
      Array(4).fill(["g3", "tokyo", "Running"]),
    );
    const tokyo = await barista.connection("tokyo");
    for (const vm of info.vms) expect(await tokyo.vm.getStatus(vm.coreName)).toBe("Running");
    // Nothing is left in Seoul.
    for (const name of ["seoul", "seoul-b"])
      expect(await (await barista.connection(name)).vm.list().next()).toEqual({ done: true, value: undefined });

    const log = result.decisions.map((d) => `${d.attempt} ${d.kind}: ${d.message}`);
    expect(log.filter((l) => l.includes(" failed: "))).toEqual([
      expect.stringMatching(
        /^1 failed: 4 VM\(s\) of g1 failed on MOCK mock-seoul\/mock-seoul-b mock-arm-small via seoul-b: CapacityUnavailable: /,
      ),
      expect.stringMatching(
        /^2 failed: 4 VM\(s\) of g2 failed on MOCK mock-seoul\/mock-seoul-a mock-arm-small via seoul: CapacityUnavailable: /,
      ),
    ]);
    expect(log.filter((l) => l.includes(" blocked: "))).toEqual([
      "1 blocked: blocked zone MOCK mock-seoul/mock-seoul-b: CapacityUnavailable blocks the zone (blocking table)",
      "2 blocked: blocked zone MOCK mock-seoul/mock-seoul-a: CapacityUnavailable blocks the zone (blocking table)",
    ]);
    expect(log.find((l) => l.startsWith("3 replanned: re-planned (instead) g3"))).toMatch(
      // Virginia and Frankfurt are cheaper, but further away.
      /g3: 4 VM\(s\) of MOCK mock-tokyo\/mock-tokyo-a mock-arm-small via tokyo; rank 1: 1,160 km from Seoul, \$0\.0384\/h \(3rd cheapest\); image Mock Ubuntu 24\.04 \(arm64\)$/,
    );
    expect(log.at(-1)).toBe("3 completed: all 4 VM(s) placed after 3 attempt(s)");
  });

  it("re-plans only the VMs that failed and never touches the running ones", async () => {
    const { world, barista, service, engine, catalog } = await setup();
    // Zone mock-seoul-b has room for two VMs.
    world.capacity.limit({ provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-b", maxVms: 2 });
    const result = await provisionWithFailover(engine, (await catalog()).offers, nearSeoul, app);

    expect(result.complete).toBe(true);
    expect(result.attempts).toBe(2);
    expect(result.subGroups.map((g) => [g.name, g.offer.connection, g.size])).toEqual([
      ["g1", "seoul-b", 4],
      ["g2", "seoul", 2],
    ]);
    const info = await service.get(app);
    expect(info.vms.map((vm) => `${vm.subGroup}@${vm.connection}:${vm.status}`).sort()).toEqual([
      "g1@seoul-b:Running",
      "g1@seoul-b:Running",
      "g2@seoul:Running",
      "g2@seoul:Running",
    ]);
    // The survivors of g1 are the VMs the first attempt reported running, still in zone b.
    const survivors = info.vms.filter((vm) => vm.subGroup === "g1");
    expect(survivors.map((vm) => vm.id).sort()).toEqual(
      result.running
        .filter((vm) => vm.subGroup === "g1")
        .map((vm) => vm.vm)
        .sort(),
    );
    const seoulB = await barista.connection("seoul-b");
    for (const vm of survivors) expect((await seoulB.vm.get(vm.coreName)).region.zone).toBe("mock-seoul-b");
  });

  it("blocks the whole region when the cloud refuses over a quota its driver did not report", async () => {
    const { world, engine, catalog } = await setup();
    // A limit outside the reported quotas (say, per instance family): only the create tells.
    world.faults.add({ provider: "MOCK", region: "mock-seoul", api: "RunInstances", kind: "quota" });
    const result = await provisionWithFailover(engine, (await catalog()).offers, nearSeoul, app);
    expect(result.complete).toBe(true);
    expect(result.attempts).toBe(2);
    expect(result.blocks).toEqual([
      expect.objectContaining({ scope: "region", provider: "MOCK", region: "mock-seoul", code: "QuotaExceeded" }),
    ]);
    expect(new Set(result.running.map((vm) => vm.connection))).toEqual(new Set(["tokyo"]));
  });

  it("plans within a reported quota up front, shared by the region's connections, and the engine holds to it", async () => {
    const { world, service, engine, catalog } = await setup();
    world.quotas.set({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" }, { vcpus: 4 });
    const offers = (await catalog()).offers;
    const plan = planPlacement(offers, nearSeoul);
    // mock-arm-small has 2 vCPUs: two fit in Seoul, whichever of its zones; the other two go to Tokyo.
    expect(plan.subGroups.map((g) => [g.offer.connection, g.size])).toEqual([
      ["seoul-b", 2],
      ["tokyo", 2],
    ]);
    expect(plan.subGroups[0]?.why).toMatch(
      /; capped by quota: MOCK mock-seoul via seoul, seoul-b \(reported\): 0 vCPU, 98 VM left$/,
    );

    const result = await provisionWithFailover(engine, offers, nearSeoul, app);
    expect(result).toMatchObject({ complete: true, attempts: 1, blocks: [], failed: [] });
    const seoul = world.accountRegion({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" });
    expect(seoul.quotaUsage().find((q) => q.name === "vcpus")).toEqual({ name: "vcpus", limit: 4, used: 4 });

    // Seoul is full now: a new plan avoids the region, and the engine's dry run refuses a VM there.
    const next = planPlacement((await catalog()).offers, { ...nearSeoul, vmCount: 2 });
    expect(next.subGroups.map((g) => [g.offer.region, g.size])).toEqual([["mock-tokyo", 2]]);
    const image = plan.subGroups[0]?.image.id ?? "";
    await expect(
      service.create({
        namespace: "ns",
        name: "more",
        dryRun: true,
        subGroups: [{ name: "g", connection: "seoul", specName: "mock-arm-small", image, size: 1 }],
      }),
    ).rejects.toMatchObject({
      code: "QuotaExceeded",
      resourceName: "vcpus",
      message: expect.stringMatching(/^connection "seoul" has room for 0 more vCPUs, the request needs 2: /),
    });
  });
});
