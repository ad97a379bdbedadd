import { VirtualClock } from "@cloud-barista/core";
import { VmMetrics, World } from "@cloud-barista/emulator";
import type { McisInfo } from "@cloud-barista/mcis";
import { emulatedFleetSource, mcisFleet, openEmbeddedStore, pushSink, startCollector } from "@cloud-barista/monitor";
import type { FleetVm } from "@cloud-barista/monitor";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./support/helpers.js";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A world with two running VMs in the mock cloud, on a virtual clock. */
function fleetWorld(): { world: World; clock: VirtualClock; fleet: FleetVm[] } {
  const clock = new VirtualClock(Date.parse("2025-06-01T00:00:00Z"));
  const world = new World({ clock, seed: 5, rateLimits: false, timing: { jitterRatio: 0 } });
  const cloud = world.accountRegion({ provider: "MOCK", account: "tenant", region: "mock-seoul" });
  const vpc = cloud.vpcs.create({ name: "n", cidr: "10.0.0.0/16", subnets: [{ name: "s", cidr: "10.0.1.0/24" }] });
  const fleet = ["g1-1", "g1-2"].map((name) => {
    const vm = cloud.vms.run({
      name,
      imageId: "mock-ubuntu-2404-amd64",
      specName: "mock-small",
      subnetId: vpc.subnets[0]?.id,
    });
    return {
      tags: { ns: "ns1", mcis: "web", subgroup: "g1", vm: name, provider: "MOCK", region: "mock-seoul" },
      where: { provider: "MOCK", account: "tenant", region: "mock-seoul", id: vm.id },
    };
  });
  clock.advance(world.timing.vmBootMs + 5 * 60_000);
  return { world, clock, fleet };
}

describe("an emulated fleet", () => {
  it("pushes every VM's points through a real collector into the store; a stopped VM goes stale", async () => {
    const { world, clock, fleet } = fleetWorld();
    const tmp = tempDir("cb-monitor-fleet-");
    cleanups.push(tmp.remove);
    const store = await openEmbeddedStore({ dir: tmp.dir, clock, maintenanceIntervalMs: 0 });
    cleanups.push(() => store.close());
    const collector = await startCollector({ store, clock, token: "fleet-token" });
    cleanups.push(() => collector.close());

    const source = emulatedFleetSource({
      metrics: new VmMetrics(world, { seed: 5 }),
      vms: () => fleet,
      sink: pushSink({ url: collector.url, token: "fleet-token" }),
      clock,
    });
    cleanups.push(() => source.stop());
    for (let i = 0; i < 5; i++) {
      clock.advance(2_000);
      await source.tick();
    }
    expect(source.stats().failedIntervals).toBe(0);
    expect(collector.stats().malformedLines).toBe(0);
    const cpu = store.latest("cpu");
    expect(cpu.map((s) => s.tags.vm).sort()).toEqual(["g1-1", "g1-2"]);
    for (const s of cpu) {
      expect(s.stale).toBe(false);
      expect(s.tags).toMatchObject({ ns: "ns1", mcis: "web", subgroup: "g1", provider: "MOCK", cpu: "cpu-total" });
    }
    // The per-VM query works over what arrived: counters come back as non-negative rates.
    const answer = store.query({
      target: { namespace: "ns1", name: "web", vm: "g1-1" },
      measurement: "net",
      field: "bytes_recv",
      statistic: "avg",
      from: clock.now() - 60_000,
      to: clock.now() + 1,
      stepMs: 60_000,
    });
    expect(answer.series[0]?.points[0]?.[1]).toBeGreaterThan(0);

    // Stop g1-2: it writes nothing more and its series go stale, not zero.
    const cloud = world.accountRegion({ provider: "MOCK", account: "tenant", region: "mock-seoul" });
    cloud.vms.stop(fleet[1]!.where.id);
    clock.advance(world.timing.vmStopMs + 1);
    for (let i = 0; i < 4; i++) {
      clock.advance(2_000);
      await source.tick();
    }
    const after = new Map(store.latest("cpu").map((s) => [s.tags.vm, s]));
    expect(after.get("g1-1")?.stale).toBe(false);
    expect(after.get("g1-2")?.stale).toBe(true);
    const metrics = await (
      await fetch(`${collector.url}/metrics`, { headers: { Authorization: "Bearer fleet-token" } })
    ).text();
    expect(metrics).toMatch(/cb_cpu_usage_user\{[^}]*vm="g1-1"/);
    expect(metrics).not.toMatch(/cb_cpu_usage_user\{[^}]*vm="g1-2"/);
  });

  it("writes to a store directly, every interval of the clock", async () => {
    const { world, clock, fleet } = fleetWorld();
    const tmp = tempDir("cb-monitor-fleet-");
    cleanups.push(tmp.remove);
    const store = await openEmbeddedStore({ dir: tmp.dir, clock, maintenanceIntervalMs: 0 });
    cleanups.push(() => store.close());
    const source = emulatedFleetSource({ metrics: new VmMetrics(world), vms: () => fleet, sink: store, clock });
    cleanups.push(() => source.stop());
    // the loop writes at once, then once per 2 s of the virtual clock
    for (let i = 1; i <= 3; i++) {
      while (source.stats().intervals < i) await new Promise((resolve) => setTimeout(resolve, 5));
      clock.advance(2_000);
    }
    await source.stop();
    const stats = source.stats();
    expect(stats.intervals).toBeGreaterThanOrEqual(3);
    expect(stats.points).toBe(stats.intervals * 2 * 8);
    expect(store.stats().series).toBe(2 * 8);
  });

  it("takes its VMs and identity tags from an MCIS", () => {
    const info = {
      namespace: "ns1",
      name: "web",
      vms: [
        { id: "g1-1", subGroup: "g1", connection: "seoul", coreName: "web-g1-1", systemId: "i-1" },
        { id: "g1-2", subGroup: "g1", connection: "seoul", coreName: "web-g1-2" },
        { id: "g2-1", subGroup: "g2", connection: "elsewhere", coreName: "web-g2-1", systemId: "i-3" },
      ],
    } as unknown as McisInfo;
    const fleet = mcisFleet(info, (vm) =>
      vm.connection === "seoul" ? { provider: "MOCK", account: "tenant", region: "mock-seoul" } : undefined,
    );
    expect(fleet).toEqual([
      {
        tags: {
          ns: "ns1",
          mcis: "web",
          subgroup: "g1",
          vm: "g1-1",
          provider: "MOCK",
          region: "mock-seoul",
          host: "web-g1-1",
        },
        where: { provider: "MOCK", account: "tenant", region: "mock-seoul", id: "i-1" },
      },
    ]);
  });
});
