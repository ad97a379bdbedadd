import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { remoteDemo } from "../src/remote-demo.js";

afterEach(() => {
  vi.restoreAllMocks();
});

async function setUp() {
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  barista.drivers.register(createMockDriver({ world }));
  await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: "tenant-a" } });
  const regions = { seoul: "mock-seoul", virginia: "mock-virginia", frankfurt: "mock-frankfurt" };
  for (const [name, region] of Object.entries(regions)) {
    await barista.regions.add({ name, provider: "MOCK", region, zone: `${region}-a` });
    await barista.connections.add({ name, driver: "mock", credential: "cred", region: name });
  }
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  return { world, store, barista, connections: Object.keys(regions), lines, regions };
}

describe("the demo's remote part", () => {
  it("runs uname and uptime over real SSH on every VM of an MCIS, pins host keys, and leaves nothing behind", async () => {
    const { world, store, barista, connections, lines, regions } = await setUp();

    await remoteDemo({ barista, world, store, connections });

    const out = lines.join("\n");
    expect(process.exitCode ?? 0).toBe(0);
    expect(out).toMatch(/MCIS demo\/remote: Running:3 \(R:3\/3\)/);
    expect(out).toMatch(/SSH answers on 3\/3 VMs/);
    expect(out).toMatch(/host keys pinned in the store on first use: 3/);
    // Each VM's own output lines, from this machine's real uname and uptime.
    for (const vm of ["r1-1", "r2-1", "r3-1"]) {
      expect(out).toMatch(new RegExp(`^ {4}${vm} \\| Linux \\S+$`, "m"));
      expect(out).toMatch(new RegExp(`^ {4}${vm} \\| .*load average`, "m"));
      expect(out.match(new RegExp(`^ {4}${vm} \\| exit 0 in \\d+ ms$`, "gm"))).toHaveLength(2);
    }
    expect(out).not.toMatch(/FAILED/);
    // Pins stay (they are the trust record); the MCIS, its VMs, networks and the mapping are gone.
    expect((await store.list("remote/hostkeys/")).map((e) => e.key.split("/")[2])).toEqual(["r1-1", "r2-1", "r3-1"]);
    expect(world.sshEndpoints.size).toBe(0);
    expect(await store.list("mcis/")).toEqual([]);
    for (const region of Object.values(regions)) {
      const cloud = world.accountRegion({ provider: "MOCK", account: "tenant-a", region });
      expect(cloud.vms.list().items.filter((vm) => vm.state !== "terminated")).toEqual([]);
      expect(cloud.vpcs.list().items).toEqual([]);
    }
  });

  it("says why it skips where no OpenSSH server is installed, and creates nothing", async () => {
    const { world, store, barista, connections, lines } = await setUp();

    await remoteDemo({ barista, world, store, connections, sshdPath: "/nonexistent/sshd" });

    expect(lines.join("\n")).toMatch(/skipped: no OpenSSH server at \/nonexistent\/sshd/);
    expect(await store.list("mcis/")).toEqual([]);
  });
});
