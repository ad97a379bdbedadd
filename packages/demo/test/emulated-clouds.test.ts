import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, collect, createCloudBarista } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import { listFronts } from "@cloud-barista/emulator";
import { startEmulator } from "@cloud-barista/emulator/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addEmulatedClouds, demoAccounts, hasDemoDriver } from "../src/emulated-clouds.js";
import { mcisDemo } from "../src/mcis-demo.js";

afterEach(() => {
  vi.restoreAllMocks();
});

// The demo's emulated clouds as main.ts sets them up (its fronts, accounts and drivers), here the
// Azure and GCP ones: a connection each, VMs suspended and resumed, and the MCIS part over both.
describe("the demo's emulated clouds", () => {
  it("connects Azure and GCP through their drivers, runs VMs and an MCIS over both, and leaves nothing", async () => {
    const clock = new VirtualClock();
    const fronts = (await listFronts()).filter(hasDemoDriver).map((f) => f.name);
    expect(fronts).toEqual(expect.arrayContaining(["aws", "azure", "gcp", "openstack"]));
    const emulator = await startEmulator({
      clock,
      world: { timing: { jitterRatio: 0 } },
      ...demoAccounts,
      fronts: fronts.filter((f) => f === "azure" || f === "gcp"),
    });
    const store = new MemoryStore({ clock });
    const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
    try {
      const connected = await addEmulatedClouds(barista, Object.values(emulator.fronts));
      expect(connected.map((f) => `${f.name} ${f.provider} ${f.account}`).sort()).toEqual([
        `azure AZURE ${demoAccounts.account}`,
        `gcp GCP ${demoAccounts.accounts.gcp}`,
      ]);

      // What the world still holds of a cloud: live VMs, networks, disks.
      const live = (provider: ProviderName, account: string) => {
        const front = emulator.fronts[provider];
        const cloud = emulator.world.accountRegion({ provider, account, region: front?.region ?? "" });
        return [
          ...cloud.vms.list().items.filter((v) => v.state !== "terminated"),
          ...cloud.vpcs.list().items,
          ...cloud.disks.list().items,
        ];
      };

      // A VM on GCP through the demo's connection, suspended (an instance stop) and resumed.
      const gcp = await barista.connection("gcp");
      const image = (await collect(gcp.metadata.images())).find(
        (i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64",
      );
      const spec = (await collect(gcp.metadata.specs())).find((s) => s.architecture === "x86_64" && s.vcpu.count === 2);
      if (!image || !spec) throw new Error("no Linux image or 2-vCPU spec on GCP");
      await gcp.vpc.create({
        name: "demo-net",
        ipv4Cidr: "10.40.0.0/16",
        subnets: [{ name: "web", ipv4Cidr: "10.40.1.0/24" }],
      });
      await gcp.securityGroup.create({
        name: "web-sg",
        vpcName: "demo-net",
        rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
      });
      await gcp.keyPair.create({ name: "demo-key" });
      const vm = await gcp.vm.create({
        name: "web-1",
        image: image.id,
        specName: spec.name,
        vpcName: "demo-net",
        subnetName: "web",
        securityGroupNames: ["web-sg"],
        keyPairName: "demo-key",
        tags: { app: "demo" },
      });
      expect(vm.status).toBe("Running");
      expect(live("GCP", demoAccounts.accounts.gcp).length).toBeGreaterThan(1);
      expect(vm.publicIp).toBeTruthy();
      await gcp.vm.suspend("web-1");
      expect(await gcp.vm.getStatus("web-1")).toBe("Suspended");
      await gcp.vm.resume("web-1");
      expect(await gcp.vm.getStatus("web-1")).toBe("Running");
      expect((await gcp.destroyAll()).allDestroyed).toBe(true);

      const lines: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
      await mcisDemo(barista, ["azure", "gcp"]);
      const out = lines.join("\n");
      expect(out).toMatch(/MCIS demo\/fleet: Running:4 \(R:4\/4\)/);
      expect(out).toMatch(/MCIS: 4 VMs over azure, gcp/);
      expect(out.match(/ Running +gcp\/asia-northeast3-a/g)).toHaveLength(2);
      expect(out).toMatch(/after suspend: Suspended:4 \(R:0\/4\)/);
      expect(out).toMatch(/after resume:\s+Running:4 \(R:4\/4\)/);

      expect(live("GCP", demoAccounts.accounts.gcp)).toEqual([]);
      expect(live("AZURE", demoAccounts.account)).toEqual([]);
      expect(await store.list("mcis/")).toEqual([]);
    } finally {
      await barista.close();
      await emulator.close();
      await store.close();
    }
  });
});
