import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCloudBarista } from "../src/runtime/cloud-barista.js";
import { MemoryStore } from "../src/store/memory-store.js";
import type { CloudDriver } from "../src/driver/driver.js";
import type { ConnectionConfig } from "../src/runtime/registry.js";
import { createLeakyDriver } from "./fake-driver.js";

describe("request checks before any cloud call", () => {
  it("refuses pacing options out of range when the SDK is created, naming the option", () => {
    const make = (pacing: object) => () =>
      createCloudBarista({ store: new MemoryStore(), encryptionKey: randomBytes(32), pacing });
    expect(make({ initialWindow: 0 })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "pacing.initialWindow" }),
    );
    expect(make({ slowStart: "yes" })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "pacing.slowStart" }),
    );
    expect(make({ slowStart: false, initialWindow: 1 })).not.toThrow();
  });

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

describe("configs checked when they are added, not at first use", () => {
  /** A driver with endpoint rules, as `defineDriver` states them, and one written by hand without any. */
  function drivers(): { ruled: CloudDriver; bare: CloudDriver } {
    const ruled = createLeakyDriver();
    const withRules: CloudDriver = { ...ruled, endpoints: { services: ["ec2", "elbv2"] } };
    const { endpoints: _none, ...bare } = ruled;
    return { ruled: withRules, bare: { ...bare, connect: (info, options) => ruled.connect(info, options) } };
  }

  it("refuses bad endpoints, fields and flags with an unsent InvalidArgument and stores nothing", async () => {
    const store = new MemoryStore();
    const cb = createCloudBarista({ store, encryptionKey: randomBytes(32) });
    const { ruled, bare } = drivers();
    cb.drivers.register(ruled, { name: "ruled" });
    cb.drivers.register(bare, { name: "bare" });
    await cb.credentials.add({ name: "c", provider: "MOCK", values: { apiKey: "k-123456" } });
    await cb.regions.add({ name: "r", provider: "MOCK", region: "r1" });
    const before = await store.list("");
    const refused: [ConnectionConfig, string, string][] = [
      [{ name: "x", driver: "ruled", credential: "c", region: "r", endpoint: null as never }, "endpoint", "endpoint"],
      [{ name: "x", driver: "ruled", credential: "c", region: "r", endpoint: [] as never }, "endpoint", "endpoint"],
      [{ name: "x", driver: "ruled", credential: "c", region: "r", endpoint: "not a url" }, "endpoint", "url"],
      [{ name: "x", driver: "ruled", credential: "c", region: "r", endpoint: "ftp://h" }, "endpoint", "url"],
      [
        { name: "x", driver: "ruled", credential: "c", region: "r", endpoint: { ec2: 5 as never } },
        "endpoint.ec2",
        "url",
      ],
      [
        { name: "x", driver: "ruled", credential: "c", region: "r", endpoint: { s3: "http://h" } },
        "endpoint.s3",
        "endpoint-service",
      ],
      [{ name: "x", driver: "bare", credential: "c", region: "r", endpoint: null as never }, "endpoint", "endpoint"],
      [{ name: "x", driver: "bare", credential: "c", region: "r", endpoint: { s3: 5 as never } }, "endpoint.s3", "url"],
      [
        { name: "x", driver: "ruled", credential: "c", region: "r", deriveCloudNames: "no" as never },
        "deriveCloudNames",
        "type",
      ],
      [
        { name: "x", driver: "ruled", credential: "c", region: "r", extra: "x".repeat(1e6) } as never,
        "extra",
        "unknown-field",
      ],
    ];
    for (const [config, field, rule] of refused) {
      await expect(cb.connections.add(config), field).rejects.toMatchObject({
        code: "InvalidArgument",
        field,
        rule,
        unsent: true,
      });
    }
    await expect(
      cb.credentials.add({ name: "d", provider: "MOCK", values: { apiKey: "k", apiKye: "k" } }),
    ).rejects.toMatchObject({ field: "values.apiKye", rule: "unknown-field" });
    await expect(
      cb.credentials.add({ name: "d", provider: "MOCK", values: { apiKey: "k".repeat(20_000) } }),
    ).rejects.toMatchObject({ field: "values.apiKey", rule: "max-length" });
    await expect(cb.regions.add({ name: "q", provider: "NOPE", region: "r1" })).rejects.toMatchObject({
      field: "provider",
      rule: "provider",
    });
    expect(await store.list("")).toEqual(before);

    await cb.connections.add({
      name: "x",
      driver: "ruled",
      credential: "c",
      region: "r",
      endpoint: { ec2: "http://h" },
    });
    await cb.connections.add({ name: "y", driver: "bare", credential: "c", region: "r", endpoint: "https://h" });
    expect((await cb.connections.list()).map((c) => c.name)).toEqual(["x", "y"]);
    await cb.close();
  });
});
