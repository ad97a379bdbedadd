import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import { describeDriverConformance } from "@cloud-barista/core/testing";
import { World } from "@cloud-barista/emulator";
import { createMockDriver } from "../src/index.js";

describeDriverConformance({
  name: "driver-mock",
  capabilities: createMockDriver({ world: new World() }).capabilities,
  async setup() {
    const clock = new VirtualClock();
    const world = new World({ clock });
    const store = new MemoryStore({ clock });
    const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
    barista.drivers.register(createMockDriver({ world }));
    await barista.credentials.add({ name: "mock-cred", provider: "MOCK", values: { mockName: "conformance" } });
    await barista.regions.add({ name: "seoul", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
    await barista.connections.add({ name: "mock-seoul", driver: "mock", credential: "mock-cred", region: "seoul" });
    return {
      barista,
      connectionName: "mock-seoul",
      teardown: async () => {
        await barista.close();
        await store.close();
      },
    };
  },
});
