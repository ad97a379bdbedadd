import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock, createCloudBarista, openSqliteStore } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { createMcisService } from "../../src/index.js";
import { encryptionKey, group, mcisFixture, registerConnections } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

describe("persistence", () => {
  it("keeps MCIS state in the core store, under mcis/, across a restart", async () => {
    const { mcis, restart, store } = await mcisFixture();
    await mcis.create({ ...ref, labels: { app: "shop" }, subGroups: [group("g1", "seoul", 2)] });
    expect((await store.list("mcis/")).map((e) => e.key)).toEqual([
      "mcis/head/ns1/web",
      "mcis/net/ns1/seoul",
      "mcis/netblock/ns1/0",
      "mcis/vm/ns1/web/g1-1",
      "mcis/vm/ns1/web/g1-2",
    ]);
    const again = await restart();
    const info = await again.mcis.get(ref);
    expect(info).toMatchObject({ status: "Running:2 (R:2/2)", labels: { app: "shop" } });
    // The new instance goes on where the old one stopped.
    expect((await again.mcis.scaleOut({ ...ref, subGroup: "g1" }, 1)).vms.map((vm) => vm.id)).toEqual([
      "g1-1",
      "g1-2",
      "g1-3",
    ]);
    expect((await again.mcis.suspend(ref)).status).toBe("Suspended:3 (R:0/3)");
  });

  it("refuses operations once the SDK instance is closed", async () => {
    const { mcis, barista } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 1)] });
    await barista.close();
    const closed = { name: "BaristaError", code: "Conflict", rule: "closed" };
    await expect(mcis.suspend(ref)).rejects.toMatchObject(closed);
    await expect(mcis.delete(ref, { terminate: true })).rejects.toMatchObject(closed);
    await expect(
      mcis.create({ namespace: "ns1", name: "other", subGroups: [group("g1", "seoul", 1)] }),
    ).rejects.toMatchObject(closed);
    expect(() => createMcisService({ barista })).toThrow(expect.objectContaining(closed));
  });

  it("survives a restart on an SQLite file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcis-persist-"));
    try {
      const clock = new VirtualClock();
      const world = new World({ clock, timing: { jitterRatio: 0 } });
      const open = async (first: boolean) => {
        const store = await openSqliteStore({ path: join(dir, "state.db"), clock });
        const barista = createCloudBarista({ store, clock, encryptionKey });
        await registerConnections(barista, world, first);
        return { store, barista, mcis: createMcisService({ barista, store }) };
      };
      const first = await open(true);
      await first.mcis.create({ ...ref, subGroups: [group("g1", "seoul", 1), group("g2", "virginia", 1)] });
      await first.barista.close();
      await first.store.close();
      const second = await open(false);
      expect((await second.mcis.get(ref)).status).toBe("Running:2 (R:2/2)");
      await second.mcis.delete(ref, { terminate: true });
      expect(await second.mcis.list("ns1")).toEqual([]);
      await second.barista.close();
      await second.store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
