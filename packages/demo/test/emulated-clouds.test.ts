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

// The demo's emulated clouds as main.ts sets them up (its fronts, accounts and drivers), here the
// Azure, GCP and Alibaba ones: a connection each, the demo's network and VMs, a suspend and resume,
// the MCIS part over all three, and nothing left.
describe("the demo's emulated clouds", () => {
  it("connects Azure, GCP and Alibaba through their drivers, runs the demo's VMs and an MCIS over them, and leaves nothing", async () => {
    const clock = new VirtualClock();
    const fronts = (await listFronts()).filter(hasDemoDriver).map((f) => f.name);
    expect(fronts).toEqual(expect.arrayContaining(["alibaba", "aws", "azure", "gcp", "openstack"]));
    const emulator = await startEmulator({
      clock,
      world: { timing: { jitterRatio: 0 } },
      ...demoAccounts,
      fronts: fronts.filter((f) => f === "azure" || f === "gcp" || f === "alibaba"),
    });
    const store = new MemoryStore({ clock });
    const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
    try {
      const connected = await addEmulatedClouds(barista, Object.values(emulator.fronts));
      expect(connected.map((f) => `${f.name} ${f.provider} ${f.account}`).sort()).toEqual([
        `alibaba ALIBABA ${demoAccounts.accounts.alibaba}`,
        `azure AZURE ${demoAccounts.account}`,
        `gcp GCP ${demoAccounts.accounts.gcp}`,
      ]);
      // What the world still holds of a cloud's front region: live VMs, networks, disks.
      const live = (provider: ProviderName, account: string) => {
        const cloud = emulator.world.accountRegion({
          provider,
          account,
          region: emulator.fronts[provider]?.region ?? "",
        });
        return [
          ...cloud.vms.list().items.filter((v) => v.state !== "terminated"),
          ...cloud.vpcs.list().items,
          ...cloud.disks.list().items,
        ];
      };
      const accounts = {
        azure: demoAccounts.account,
        gcp: demoAccounts.accounts.gcp,
        alibaba: demoAccounts.accounts.alibaba,
      };
      const clouds = [
        { name: "azure", provider: "AZURE", cidr: "10.40" },
        { name: "gcp", provider: "GCP", cidr: "10.50" },
        { name: "alibaba", provider: "ALIBABA", cidr: "10.60" },
      ] as const;

      const said: string[] = [];
      const built = await Promise.all(
        clouds.map((c) =>
          buildDemoCloud(barista, c.name, c.cidr, (where, message) => said.push(`${where} ${message}`)),
        ),
      );
      for (const vms of built) {
        expect(vms.map((vm) => `${vm.iid.nameId} ${vm.status}`).sort()).toEqual(["web-1 Running", "web-2 Running"]);
        for (const vm of vms) expect(vm.publicIp).toBeTruthy();
      }
      expect(said).toContainEqual(expect.stringMatching(/^gcp VMs running: web-1 \S+, web-2 \S+$/));
      expect(said).toContainEqual(expect.stringMatching(/^alibaba VMs running: web-1 \S+, web-2 \S+$/));
      for (const c of clouds) {
        expect(live(c.provider, accounts[c.name]).length, c.name).toBeGreaterThan(2);
        const conn = await barista.connection(c.name);
        await conn.vm.suspend("web-2");
        expect(await conn.vm.getStatus("web-2"), c.name).toBe("Suspended");
        await conn.vm.resume("web-2");
        expect(await conn.vm.getStatus("web-2"), c.name).toBe("Running");
        expect((await conn.destroyAll()).allDestroyed, c.name).toBe(true);
      }

      const lines: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
      await mcisDemo(barista, ["azure", "gcp", "alibaba"]);
      const out = lines.join("\n");
      expect(out).toMatch(/MCIS: 6 VMs over azure, gcp, alibaba/);
      expect(out).toMatch(/MCIS demo\/fleet: Running:6 \(R:6\/6\)/);
      expect(out.match(/ Running +gcp\/asia-northeast3-a/g)).toHaveLength(2);
      expect(out.match(/ Running +alibaba\/ap-northeast-2a/g)).toHaveLength(2);
      expect(out).toMatch(/after suspend: Suspended:6 \(R:0\/6\)/);
      expect(out).toMatch(/after resume:\s+Running:6 \(R:6\/6\)/);

      for (const c of clouds) expect(live(c.provider, accounts[c.name]), c.name).toEqual([]);
      expect(await store.list("mcis/")).toEqual([]);
    } finally {
      await barista.close();
      await emulator.close();
      await store.close();
    }
  });
});
