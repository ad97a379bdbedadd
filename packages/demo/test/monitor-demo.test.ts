import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { monitorDemo } from "../src/monitor-demo.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the demo's monitoring part", () => {
  it("shows a monitored MCIS: a row per VM with figures and a sparkline, a suspended VM stale", async () => {
    const clock = new VirtualClock();
    const world = new World({ clock, timing: { jitterRatio: 0 } });
    const store = new MemoryStore({ clock });
    const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
    barista.drivers.register(createMockDriver({ world }));
    await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: "tenant-a" } });
    const regions = { seoul: "mock-seoul", virginia: "mock-virginia" };
    for (const [name, region] of Object.entries(regions)) {
      await barista.regions.add({ name, provider: "MOCK", region, zone: `${region}-a` });
      await barista.connections.add({ name, driver: "mock", credential: "cred", region: name });
    }
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));

    await monitorDemo(barista, {
      world,
      clock,
      places: Object.fromEntries(
        Object.entries(regions).map(([name, region]) => [name, { provider: "MOCK", account: "tenant-a", region }]),
      ),
      runMs: 60_000,
      afterSuspendMs: 90_000, // a virtual clock jumps while writes are in flight: leave time for 3 missed intervals
    });

    const out = lines.join("\n");
    expect(out).toMatch(/Monitoring: MCIS demo\/watched, 4 VMs over seoul, virginia/);
    const rows = (section: string): string[] => section.split("\n").filter((l) => /^ {2}g\d-\d\s/.test(l));
    const [first, second] = out.split(/after suspending/);
    expect(rows(first ?? "")).toHaveLength(4);
    for (const row of rows(first ?? "")) {
      expect(row).toMatch(/fresh\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\d\s+\d+\.\d\s+\d+\.\d\s+[▁▂▃▄▅▆▇█ ]{6}/);
    }
    expect(second).toMatch(/^ g1-2 \(it reports nothing/);
    const after = rows(second ?? "");
    expect(after.find((r) => /^\s+g1-2\s/.test(r))).toMatch(/STALE/);
    expect(after.filter((r) => /fresh/.test(r))).toHaveLength(3);
    expect(out).toMatch(/samples acknowledged, 0 malformed; 32 series in the store/);
    for (const region of Object.values(regions)) {
      const cloud = world.accountRegion({ provider: "MOCK", account: "tenant-a", region });
      expect(cloud.vms.list().items.filter((vm) => vm.state !== "terminated")).toEqual([]);
    }
    expect(await store.list("mcis/")).toEqual([]);
  }, 60_000);
});
