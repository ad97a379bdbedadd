import { describe, expect, it } from "vitest";
import { collect } from "@cloud-barista/core";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import { createOpenStackDriver } from "../src/index.js";

/** What packages/demo does for OpenStack: the registry's front in its default region, with a price table. */
function emulatedOpenStack() {
  return emulatedConnection({
    provider: "OPENSTACK",
    driver: () =>
      createOpenStackDriver({
        prices: {
          "m1.small": { pricePerHour: 0.02, currency: "EUR" },
          "m1.medium": { pricePerHour: 0.04, currency: "EUR" },
        },
      }),
    account: "demo-project",
    names: { connection: "openstack-seoul" },
  });
}

describe("demo snippet", () => {
  it("registers a working emulated OpenStack connection", async () => {
    const f = await emulatedOpenStack();
    try {
      const conn = await f.barista.connection("openstack-seoul");
      expect((await collect(conn.metadata.prices())).map((p) => p.specName)).toEqual(["m1.small", "m1.medium"]);
      await conn.vpc.create({
        name: "demo-net",
        ipv4Cidr: "10.10.0.0/16",
        subnets: [{ name: "web", ipv4Cidr: "10.10.1.0/24" }],
      });
      expect((await conn.destroyAll()).allDestroyed).toBe(true);
    } finally {
      await f.close();
    }
  });
});
