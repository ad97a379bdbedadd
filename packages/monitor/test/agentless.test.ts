import { MemoryStore } from "@cloud-barista/core";
import { storeHostKeys } from "@cloud-barista/mcis";
import { openEmbeddedStore, startAgentlessCollection, startCollector } from "@cloud-barista/monitor";
import type { AgentlessVm, EmbeddedStore } from "@cloud-barista/monitor";
import { sshKeyPair, startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/helpers.js";

// Two real OpenSSH servers stand in for two VMs (both are this machine, so both read its /proc);
// a third "VM" is a port nobody listens on.
const clientKey = sshKeyPair("cb-monitor-agentless");

describe("agentless collection over SSH", () => {
  let servers: Sshd[];
  let store: EmbeddedStore;
  let removeDir: () => void;
  const ssh = { privateKey: clientKey.privateKey, hostKeys: storeHostKeys(new MemoryStore()) };

  beforeAll(async () => {
    servers = await Promise.all([1, 2].map(() => startSshd({ authorizedKeys: [clientKey.publicKey] })));
    const tmp = tempDir("cb-monitor-agentless-");
    removeDir = tmp.remove;
    store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
  });
  afterAll(async () => {
    await store.close();
    removeDir();
    await Promise.all(servers.map((s) => s.close()));
  });

  const vm = (id: string, host: string, port: number, user: string): AgentlessVm => ({
    target: { vmId: id, host, port, user },
    tags: { ns: "ns1", mcis: "web", subgroup: "g1", vm: id, provider: "MOCK", region: "mock-seoul", host: id },
  });

  it("probes every VM with one command per interval, writes the model's points, and shows a dead VM stale", async () => {
    const collector = await startCollector({ store }); // /metrics serves what agentless collection wrote
    const vms = [
      ...servers.map((s, i) => vm(`g1-${i + 1}`, s.host, s.port, s.user)),
      vm("g1-3", "127.0.0.1", 1, servers[0]!.user), // nothing listens on port 1: refused
    ];
    const collection = startAgentlessCollection({
      vms,
      ssh,
      sink: store,
      intervalMs: 1_000,
      timeoutMs: 5_000,
      start: false,
    });
    try {
      expect(await collection.collectNow()).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300)); // cpu usage needs two readings apart
      await collection.collectNow();

      const cpu = store.latest("cpu");
      expect(cpu.map((s) => s.tags.vm).sort()).toEqual(["g1-1", "g1-2"]);
      for (const s of cpu) {
        expect(s.tags).toMatchObject({ ns: "ns1", mcis: "web", subgroup: "g1", cpu: "cpu-total" });
        const total = Object.values(s.fields).reduce((a, b) => a + b, 0);
        expect(total).toBeGreaterThan(99);
        expect(total).toBeLessThan(101);
      }
      for (const m of ["mem", "swap", "disk", "diskio", "net", "system", "processes"])
        expect(
          store.latest(m).some((s) => s.tags.vm === "g1-1"),
          m,
        ).toBe(true);
      expect(store.latest("mem").find((s) => s.tags.vm === "g1-2")?.fields.used_percent).toBeGreaterThan(0);

      const status = new Map(collection.status().map((s) => [s.vmId, s]));
      expect(status.get("g1-1")).toMatchObject({ consecutiveFailures: 0, stale: false });
      expect(status.get("g1-3")).toMatchObject({ consecutiveFailures: 2, stale: false });
      expect(status.get("g1-3")?.lastError).toMatch(/^ProviderError: .*(refused|ECONNREFUSED)/i);
      await collection.collectNow();
      expect(new Map(collection.status().map((s) => [s.vmId, s])).get("g1-3")?.stale).toBe(true);
      expect(store.latest().some((s) => s.tags.vm === "g1-3")).toBe(false); // never zero: nothing at all

      // g1-2 stops answering (its sshd is gone): after 3 intervals its series are stale, g1-1's not.
      await servers[1]!.close();
      for (let i = 0; i < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await collection.collectNow();
      }
      const latest = new Map(store.latest("mem").map((s) => [s.tags.vm, s]));
      expect(latest.get("g1-1")?.stale).toBe(false);
      expect(latest.get("g1-2")?.stale).toBe(true);
      expect(new Map(collection.status().map((s) => [s.vmId, s])).get("g1-2")).toMatchObject({ stale: true });
      const exposition = await (await fetch(`${collector.url}/metrics`)).text();
      expect(exposition).toMatch(/cb_mem_used_percent\{[^}]*vm="g1-1"/);
      expect(exposition).not.toMatch(/cb_mem_used_percent\{[^}]*vm="g1-2"/);
    } finally {
      await collection.stop();
      await collector.close();
    }
  }, 60_000);
});
