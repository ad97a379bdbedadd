import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryStore, createCloudBarista } from "../src/index.js";
import { createLeakyDriver } from "./fake-driver.js";

// ensure and upsert: what makes a program that registers its configs re-runnable on one store.

const differs = (resourceType: string) => ({
  name: "BaristaError",
  code: "AlreadyExists",
  rule: "differs",
  resourceType,
});
const inUse = (resourceType: string) => ({ name: "BaristaError", code: "Conflict", rule: "in-use", resourceType });

function instance(store = new MemoryStore(), encryptionKey: Uint8Array = randomBytes(32)) {
  const barista = createCloudBarista({ store, encryptionKey });
  const driver = createLeakyDriver();
  barista.drivers.register(driver, { name: "leaky" });
  return { store, barista, driver, encryptionKey };
}

const cred = { name: "cred", provider: "MOCK", values: { apiKey: "first-secret" } };
const region = { name: "r", provider: "MOCK", region: "r1", zone: "r1-a" };
const conn = { name: "c", driver: "leaky", credential: "cred", region: "r" };

async function registerAll(barista: ReturnType<typeof instance>["barista"]) {
  return [
    await barista.credentials.ensure(cred),
    await barista.regions.ensure(region),
    await barista.connections.ensure(conn),
  ] as const;
}

describe("ensure", () => {
  it("registers on the first run and changes nothing on the second, in another instance on the same store", async () => {
    const first = instance();
    const [c1, r1, k1] = await registerAll(first.barista);
    await first.barista.close();
    const revisionBefore = (await first.store.list("config/")).map((e) => e.revision);

    const second = instance(first.store, first.encryptionKey);
    const [c2, r2, k2] = await registerAll(second.barista);
    expect([c2, r2, k2]).toEqual([c1, r1, k1]);
    expect((await first.store.list("config/")).map((e) => e.revision)).toEqual(revisionBefore);
    await second.barista.close();
  });

  it("refuses another entry of the same name with AlreadyExists, rule differs, naming no secret", async () => {
    const { barista } = instance();
    await registerAll(barista);
    const other = { ...cred, values: { apiKey: "second-secret" } };
    const error = await barista.credentials.ensure(other).catch((e: unknown) => e);
    expect(error).toMatchObject(differs("credential"));
    expect(String((error as Error).message)).not.toMatch(/secret/);
    await expect(barista.regions.ensure({ ...region, zone: "r1-b" })).rejects.toMatchObject(differs("region"));
    await expect(barista.connections.ensure({ ...conn, deriveCloudNames: false })).rejects.toMatchObject(
      differs("connection"),
    );
    // add keeps its meaning: any existing name is AlreadyExists.
    await expect(barista.regions.add(region)).rejects.toMatchObject({ code: "AlreadyExists", rule: undefined });
    await barista.close();
  });

  it("is a no-op for the same driver object and refuses another driver under the name", () => {
    const { barista, driver } = instance();
    expect(barista.drivers.ensure(driver, { name: "leaky" })).toBe("leaky");
    expect(() => barista.drivers.ensure(createLeakyDriver(), { name: "leaky" })).toThrow(
      expect.objectContaining(differs("driver")),
    );
    const replacement = createLeakyDriver();
    expect(barista.drivers.upsert(replacement, { name: "leaky" })).toBe("leaky");
    expect(barista.drivers.get("leaky")).toBe(replacement);
  });
});

describe("upsert", () => {
  it("replaces a credential's values in place: its connection stays valid and reopens with the new ones", async () => {
    const { barista, driver } = instance();
    await registerAll(barista);
    const net = { name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] };
    await expect((await barista.connection("c")).vpc.create(net)).rejects.toMatchObject({ code: "Unauthenticated" });
    const before = await barista.credentials.get("cred");
    await barista.credentials.upsert({ ...cred, values: { apiKey: "rotated" } });
    expect(await barista.credentials.get("cred")).toEqual(before);
    await expect((await barista.connection("c")).vpc.create(net)).rejects.toMatchObject({ code: "Unauthenticated" });
    expect(driver.connections.map((c) => c.credential.apiKey)).toEqual(["first-secret", "rotated"]);
    await barista.close();
  });

  it("replaces a region only while no connection uses it", async () => {
    const { barista } = instance();
    await registerAll(barista);
    await expect(barista.regions.upsert({ ...region, zone: "r1-b" })).rejects.toMatchObject(inUse("region"));
    await barista.connections.remove("c");
    expect(await barista.regions.upsert({ ...region, zone: "r1-b" })).toEqual({ ...region, zone: "r1-b" });
    expect((await barista.regions.get("r")).zone).toBe("r1-b");
    await barista.close();
  });

  it("replaces a connection config unless it tracks resources", async () => {
    const { barista } = instance();
    await registerAll(barista);
    await barista.connections.upsert({ ...conn, deriveCloudNames: false });
    expect(await barista.connections.get("c")).toEqual({ ...conn, deriveCloudNames: false });
    await barista.shared.iids.insert({
      connection: "c",
      resourceType: "vpc",
      name: "net",
      cloudName: "net",
      systemId: "vpc-1",
      state: "ready",
      createdAt: new Date(),
    });
    await expect(barista.connections.upsert(conn)).rejects.toMatchObject(inUse("connection"));
    // The same config stays a no-op, resources or not.
    expect(await barista.connections.upsert({ ...conn, deriveCloudNames: false })).toEqual({
      ...conn,
      deriveCloudNames: false,
    });
    await barista.close();
  });
});
