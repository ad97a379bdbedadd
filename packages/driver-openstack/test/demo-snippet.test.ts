import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryStore, VirtualClock, collect, createCloudBarista } from "@cloud-barista/core";
import type { CloudBarista } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { startOpenStackFront } from "@cloud-barista/emulator/openstack";
import type { RunningOpenStackFront } from "@cloud-barista/emulator/openstack";
import { createOpenStackDriver } from "../src/index.js";

/** The function proposed for packages/demo: an emulated OpenStack connection "openstack-seoul". */
async function addEmulatedOpenStack(barista: CloudBarista, world: World): Promise<RunningOpenStackFront> {
  world.identities.add({
    provider: "OPENSTACK",
    key: "Default/demo",
    secret: "demo-password",
    account: "demo-project",
    attributes: { projectName: "demo", projectDomainName: "Default" },
  });
  const front = await startOpenStackFront({ world });
  barista.drivers.register(
    createOpenStackDriver({
      prices: {
        "m1.small": { pricePerHour: 0.02, currency: "EUR" },
        "m1.medium": { pricePerHour: 0.04, currency: "EUR" },
      },
    }),
  );
  await barista.credentials.add({
    name: "openstack-demo",
    provider: "OPENSTACK",
    values: { authUrl: front.authUrl, username: "demo", password: "demo-password", projectName: "demo" },
  });
  await barista.regions.add({ name: "openstack-seoul", provider: "OPENSTACK", region: "RegionOne", zone: "nova" });
  await barista.connections.add({
    name: "openstack-seoul",
    driver: "openstack",
    credential: "openstack-demo",
    region: "openstack-seoul",
  });
  return front;
}

describe("demo snippet", () => {
  it("registers a working emulated OpenStack connection", async () => {
    const clock = new VirtualClock();
    const world = new World({ clock });
    const store = new MemoryStore({ clock });
    const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
    const front = await addEmulatedOpenStack(barista, world);
    try {
      const conn = await barista.connection("openstack-seoul");
      expect((await collect(conn.metadata.prices())).map((p) => p.specName)).toEqual(["m1.small", "m1.medium"]);
      await conn.vpc.create({
        name: "demo-net",
        ipv4Cidr: "10.10.0.0/16",
        subnets: [{ name: "web", ipv4Cidr: "10.10.1.0/24" }],
      });
      expect((await conn.destroyAll()).allDestroyed).toBe(true);
    } finally {
      await barista.close();
      await store.close();
      await front.close();
    }
  });
});
