import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mcisDemo } from "../src/mcis-demo.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the demo's MCIS part", () => {
  it("provisions, shows, suspends, resumes and deletes an MCIS, and leaves nothing behind", async () => {
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

    await mcisDemo(barista, Object.keys(regions));

    const out = lines.join("\n");
    expect(out).toMatch(/MCIS demo\/fleet: Running:4 \(R:4\/4\)/);
    expect(out).toMatch(/create\s+\[#{20}\]\s+4\/4/);
    expect(out).toMatch(/after suspend: Suspended:4 \(R:0\/4\)/);
    expect(out).toMatch(/after resume:\s+Running:4 \(R:4\/4\)/);
    expect(out).toMatch(/ssh cb-user@\S+ -p 22 \(key pair \S+ in seoul\)/);
    for (const region of Object.values(regions)) {
      const cloud = world.accountRegion({ provider: "MOCK", account: "tenant-a", region });
      expect(cloud.vms.list().items.filter((vm) => vm.state !== "terminated")).toEqual([]);
      expect(cloud.vpcs.list().items).toEqual([]);
    }
    expect(await store.list("mcis/")).toEqual([]);
  });
});
