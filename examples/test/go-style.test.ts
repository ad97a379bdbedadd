import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryStore, VirtualClock, createCloudBarista, goStyle } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { World } from "@cloud-barista/emulator";

// The Go-style form over the real services and the mock cloud: the same calls, as [value, err].
describe("goStyle over a connection", () => {
  it("creates, reads, lists and deletes a VPC, and reports a missing VM as err.code NotFound", async () => {
    const clock = new VirtualClock();
    const store = new MemoryStore();
    const barista = createCloudBarista({ store, encryptionKey: randomBytes(32), clock });
    barista.drivers.register(createMockDriver({ world: new World({ clock }) }));
    const [, credErr] = await goStyle(barista.credentials).ensure({
      name: "c",
      provider: "MOCK",
      values: { mockName: "go" },
    });
    expect(credErr).toBeUndefined();
    await barista.regions.add({ name: "r", provider: "MOCK", region: "mock-seoul" });
    await barista.connections.add({ name: "seoul", driver: "mock", credential: "c", region: "r" });
    const connection = await barista.connection("seoul");
    const vpc = goStyle(connection.vpc);

    const [created, err] = await vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    expect(err).toBeUndefined();
    expect(created?.iid.nameId).toBe("net");
    const [again, dup] = await vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    expect([again, dup?.code]).toEqual([undefined, "AlreadyExists"]);
    expect((await vpc.list())[0]?.map((v) => v.iid.nameId)).toEqual(["net"]);

    const [vm, vmErr] = await goStyle(connection.vm).get("nope");
    expect([vm, vmErr?.code]).toEqual([undefined, "NotFound"]);

    expect(await vpc.delete("net")).toEqual([undefined, undefined]);
    expect((await vpc.list())[0]).toEqual([]);
    await barista.close();
  });
});
