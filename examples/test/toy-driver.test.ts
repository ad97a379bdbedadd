import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { MemoryStore, VirtualClock, collect, createCloudBarista } from "@cloud-barista/core";
import { afterEach, describe, expect, it } from "vitest";
import { startToyCloud } from "../src/toy-cloud.js";
import type { ToyCloud } from "../src/toy-cloud.js";
import { createToyDriver } from "../src/toy-driver.js";

let cloud: ToyCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function toyConnection() {
  cloud = await startToyCloud();
  const clock = new VirtualClock();
  const barista = createCloudBarista({ store: new MemoryStore({ clock }), clock, encryptionKey: randomBytes(32) });
  barista.drivers.register(createToyDriver(), { name: "toy" });
  await barista.credentials.add({ name: "toy-cred", provider: "MOCK", values: { token: cloud.token } });
  await barista.regions.add({ name: "toy-region", provider: "MOCK", region: "everywhere" });
  await barista.connections.add({
    name: "toy",
    driver: "toy",
    credential: "toy-cred",
    region: "toy-region",
    endpoint: cloud.url,
  });
  return { barista, conn: await barista.connection("toy"), cloud };
}

describe("the toy driver of docs/writing-a-driver.md", () => {
  it("creates, reads, lists page by page and deletes networks through the runtime", async () => {
    const { barista, conn } = await toyConnection();
    for (const name of ["a", "b", "c"]) {
      await conn.vpc.create({
        name,
        ipv4Cidr: "10.0.0.0/16",
        subnets: [{ name: `${name}-web`, ipv4Cidr: "10.0.1.0/24" }],
      });
    }
    expect((await conn.vpc.get("b")).subnets.map((s) => s.iid.nameId)).toEqual(["b-web"]);
    expect((await collect(conn.vpc.list())).map((v) => v.iid.nameId).sort()).toEqual(["a", "b", "c"]);
    await expect(conn.vpc.addSubnet("a", { name: "more", ipv4Cidr: "10.0.2.0/24" })).rejects.toMatchObject({
      code: "NotSupported",
    });
    expect((await conn.destroyAll()).allDestroyed).toBe(true);
    await barista.history.flush();
    const apis = (await barista.history.query({})).map((r) => r.api);
    expect(apis.filter((a) => a === "ListNetworks").length).toBeGreaterThanOrEqual(2);
    expect(new Set(apis)).toEqual(new Set(["CreateNetwork", "GetNetwork", "ListNetworks", "DeleteNetwork"]));
  });

  it("gets its cloud's throttling retried and its errors typed by the kit", async () => {
    const { barista, conn, cloud: toy } = await toyConnection();
    toy.throttle(2);
    await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const attempts = await barista.history.query({ api: "CreateNetwork" });
    expect(attempts.map((a) => a.error?.code)).toEqual(["Throttled", "Throttled", undefined]);
    await conn.vpc.unregister("net");
    await expect(conn.vpc.register({ name: "ghost", systemId: "net-none" })).rejects.toMatchObject({
      code: "NotFound",
      nativeCode: "NoSuchNetwork",
      statusCode: 404,
    });
  });

  it("is the code the guide shows", () => {
    const source = readFileSync(new URL("../src/toy-driver.ts", import.meta.url), "utf8");
    const region = /\/\/ #region toy-driver\n([\s\S]*?)\n\/\/ #endregion/.exec(source)?.[1] ?? "";
    const guide = readFileSync(new URL("../../docs/writing-a-driver.md", import.meta.url), "utf8");
    expect(region.length).toBeGreaterThan(1000);
    expect(guide).toContain(region);
  });
});
