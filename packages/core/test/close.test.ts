import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryStore, collect, createCloudBarista, lockKeys } from "../src/index.js";
import { createLeakyDriver } from "./fake-driver.js";

const closed = { name: "BaristaError", code: "Conflict", rule: "closed", message: expect.stringContaining("closed") };

async function openInstance() {
  const store = new MemoryStore();
  const barista = createCloudBarista({ store, encryptionKey: randomBytes(32) });
  const driver = createLeakyDriver();
  barista.drivers.register(driver, { name: "leaky" });
  await barista.credentials.add({ name: "cred", provider: "MOCK", values: { apiKey: "k" } });
  await barista.regions.add({ name: "r", provider: "MOCK", region: "r1" });
  await barista.connections.add({ name: "c", driver: "leaky", credential: "cred", region: "r" });
  return { store, barista, driver };
}

describe("CloudBarista after close()", () => {
  it("refuses connections it handed out before, without opening the cloud connection again", async () => {
    const { barista, driver } = await openInstance();
    const conn = await barista.connection("c");
    // The leaky cloud refuses every call, but the cloud connection is open now.
    await expect(conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })).rejects.toMatchObject({
      code: "Unauthenticated",
    });
    expect(driver.connections).toHaveLength(1);
    await barista.close();

    const uses: [string, () => Promise<unknown>][] = [
      ["vpc.create", () => conn.vpc.create({ name: "net2", ipv4Cidr: "10.1.0.0/16", subnets: [] })],
      ["vpc.list", () => collect(conn.vpc.list())],
      ["vm.get", () => conn.vm.get("web")],
      ["securityGroup.delete", () => conn.securityGroup.delete("ssh")],
      ["metadata.specs", () => collect(conn.metadata.specs())],
      ["metadata.regionZones", () => collect(conn.metadata.regionZones())],
      ["reconcile", () => conn.reconcile()],
      ["destroyAll", () => conn.destroyAll()],
    ];
    for (const [name, use] of uses) await expect(use(), name).rejects.toMatchObject(closed);
    expect(driver.connections).toHaveLength(1);
  });

  it("refuses the instance's own calls: connections, registries, store, lock and history", async () => {
    const { store, barista } = await openInstance();
    await barista.close();

    await expect(barista.connection("c")).rejects.toMatchObject(closed);
    await expect(barista.credentials.list()).rejects.toMatchObject(closed);
    await expect(
      barista.credentials.add({ name: "c2", provider: "MOCK", values: { apiKey: "k" } }),
    ).rejects.toMatchObject(closed);
    await expect(barista.regions.get("r")).rejects.toMatchObject(closed);
    await expect(barista.connections.list()).rejects.toMatchObject(closed);
    await expect(barista.connections.remove("c")).rejects.toMatchObject(closed);
    await expect(barista.store.get("config/region/r")).rejects.toMatchObject(closed);
    expect(() => barista.drivers).toThrow(expect.objectContaining(closed));
    expect(() => barista.lock.run([{ key: lockKeys.mcis("ns", "app"), mode: "exclusive" }], async () => 0)).toThrow(
      expect.objectContaining(closed),
    );
    expect(() => barista.history).toThrow(expect.objectContaining(closed));
    expect(() => barista.shared.iids).toThrow(expect.objectContaining(closed));

    // Closing again is harmless, and the store stays the caller's: open, with the configs in it.
    await barista.close();
    expect(await store.get("config/region/r")).toBeDefined();
  });

  it("works as before until it is closed", async () => {
    const { barista } = await openInstance();
    const conn = await barista.connection("c");
    expect(await barista.connection("c")).toBe(conn);
    expect(await conn.reconcile()).toEqual({ adopted: [], dropped: [], pending: [] });
    expect((await barista.connections.list()).map((c) => c.name)).toEqual(["c"]);
    await barista.close();
  });
});
