import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import { listFronts } from "@cloud-barista/emulator";
import { startEmulator } from "@cloud-barista/emulator/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildDemoCloud } from "../src/demo-cloud.js";
import { addEmulatedClouds, demoAccounts, hasDemoDriver } from "../src/emulated-clouds.js";
import { mcisDemo } from "../src/mcis-demo.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** One emulated cloud of the demo: its front, account, the demo network's CIDR and the front's zone. */
interface DemoCloud {
  name: string;
  provider: ProviderName;
  account: string;
  cidr: string;
  /** The zone the MCIS part's VMs land in (the front's default). */
  zone: string;
}

const demoClouds = {
  azure: { name: "azure", provider: "AZURE", account: demoAccounts.account, cidr: "10.40", zone: "" },
  gcp: { name: "gcp", provider: "GCP", account: demoAccounts.accounts.gcp, cidr: "10.50", zone: "asia-northeast3-a" },
  alibaba: {
    name: "alibaba",
    provider: "ALIBABA",
    account: demoAccounts.accounts.alibaba,
    cidr: "10.60",
    zone: "ap-northeast-2a",
  },
  tencent: {
    name: "tencent",
    provider: "TENCENT",
    account: demoAccounts.accounts.tencent,
    cidr: "10.70",
    zone: "ap-seoul-1",
  },
} satisfies Record<string, DemoCloud>;

/**
 * The demo's emulated clouds as main.ts sets them up (its fronts, accounts and drivers), started for
 * the given clouds only: a connection each, the demo's network and VMs, a suspend and resume, the
 * MCIS part over all of them, and nothing left.
 */
async function runDemoClouds(clouds: readonly DemoCloud[]): Promise<void> {
  const clock = new VirtualClock();
  const names = clouds.map((c) => c.name);
  const fronts = (await listFronts()).filter(hasDemoDriver).map((f) => f.name);
  expect(fronts).toEqual(expect.arrayContaining(names));
  const emulator = await startEmulator({
    clock,
    world: { timing: { jitterRatio: 0 } },
    ...demoAccounts,
    fronts: fronts.filter((f) => names.includes(f)),
  });
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  try {
    const connected = await addEmulatedClouds(barista, Object.values(emulator.fronts));
    expect(connected.map((f) => `${f.name} ${f.provider} ${f.account}`).sort()).toEqual(
      clouds.map((c) => `${c.name} ${c.provider} ${c.account}`).sort(),
    );
    // What the world still holds of a cloud's front region: live VMs, networks, disks.
    const live = (c: DemoCloud) => {
      const cloud = emulator.world.accountRegion({
        provider: c.provider,
        account: c.account,
        region: emulator.fronts[c.provider]?.region ?? "",
      });
      return [
        ...cloud.vms.list().items.filter((v) => v.state !== "terminated"),
        ...cloud.vpcs.list().items,
        ...cloud.disks.list().items,
      ];
    };

    const said: string[] = [];
    const built = await Promise.all(
      clouds.map((c) => buildDemoCloud(barista, c.name, c.cidr, (where, message) => said.push(`${where} ${message}`))),
    );
    for (const vms of built) {
      expect(vms.map((vm) => `${vm.iid.nameId} ${vm.status}`).sort()).toEqual(["web-1 Running", "web-2 Running"]);
      for (const vm of vms) expect(vm.publicIp).toBeTruthy();
    }
    for (const c of clouds) {
      expect(said).toContainEqual(expect.stringMatching(new RegExp(`^${c.name} VMs running: web-1 \\S+, web-2 \\S+$`)));
      expect(live(c).length, c.name).toBeGreaterThan(2);
      const conn = await barista.connection(c.name);
      await conn.vm.suspend("web-2");
      expect(await conn.vm.getStatus("web-2"), c.name).toBe("Suspended");
      await conn.vm.resume("web-2");
      expect(await conn.vm.getStatus("web-2"), c.name).toBe("Running");
      expect((await conn.destroyAll()).allDestroyed, c.name).toBe(true);
    }

    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    await mcisDemo(barista, names);
    const out = lines.join("\n");
    const n = clouds.length * 2;
    expect(out).toContain(`MCIS: ${n} VMs over ${names.join(", ")}`);
    expect(out).toContain(`MCIS demo/fleet: Running:${n} (R:${n}/${n})`);
    for (const c of clouds) {
      if (c.zone) expect(out.match(new RegExp(` Running +${c.name}/${c.zone}`, "g")), c.name).toHaveLength(2);
    }
    expect(out).toMatch(new RegExp(`after suspend: Suspended:${n} \\(R:0/${n}\\)`));
    expect(out).toMatch(new RegExp(`after resume:\\s+Running:${n} \\(R:${n}/${n}\\)`));

    for (const c of clouds) expect(live(c), c.name).toEqual([]);
    expect(await store.list("mcis/")).toEqual([]);
  } finally {
    await barista.close();
    await emulator.close();
    await store.close();
  }
}

// Each cloud's front reached through its driver as the demo does it; a new cloud is one more `it`.
describe("the demo's emulated clouds", () => {
  it("has a driver for every emulated cloud's front", async () => {
    const fronts = (await listFronts()).filter(hasDemoDriver).map((f) => f.name);
    expect(fronts).toEqual(expect.arrayContaining(["alibaba", "aws", "azure", "gcp", "openstack", "tencent"]));
  });

  it("connects Azure, GCP and Alibaba through their drivers, runs the demo's VMs and an MCIS over them, and leaves nothing", async () => {
    await runDemoClouds([demoClouds.azure, demoClouds.gcp, demoClouds.alibaba]);
  });

  it("connects Tencent through driver-tencent, runs the demo's VMs and an MCIS over it, and leaves nothing", async () => {
    await runDemoClouds([demoClouds.tencent]);
  });
});
