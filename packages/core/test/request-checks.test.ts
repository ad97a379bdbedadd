import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCloudBarista } from "../src/runtime/cloud-barista.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { createLeakyDriver } from "./fake-driver.js";

describe("request checks before any cloud call", () => {
  it("refuses tags on a resource type the driver cannot tag, naming the field, and calls nothing", async () => {
    const cb = createCloudBarista({ store: new MemoryStore(), encryptionKey: randomBytes(32) });
    cb.drivers.register(createLeakyDriver(), { name: "leaky" });
    await cb.credentials.add({ name: "c", provider: "MOCK", values: { apiKey: "k-123456" } });
    await cb.regions.add({ name: "r", provider: "MOCK", region: "r1" });
    await cb.connections.add({ name: "x", driver: "leaky", credential: "c", region: "r" });
    const conn = await cb.connection("x");
    await expect(
      conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [], tags: { team: "a" } }),
    ).rejects.toMatchObject({
      code: "NotSupported",
      field: "tags",
      rule: "taggable",
    });
    await expect(
      conn.vpc.create({
        name: "net",
        ipv4Cidr: "10.0.0.0/16",
        subnets: [{ name: "s", ipv4Cidr: "10.0.1.0/24", tags: { a: "b" } }],
      }),
    ).rejects.toMatchObject({ code: "NotSupported", field: "subnets[0].tags" });
    expect(await cb.history.query({})).toEqual([]);
    await cb.close();
  });
});
