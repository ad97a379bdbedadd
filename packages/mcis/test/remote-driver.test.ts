import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { World } from "@cloud-barista/emulator";
import { startMockFront } from "@cloud-barista/emulator/mock";

// driver-mock's remote mode is what the crash test stands on: it must behave as the in-process
// driver does, so it passes the same conformance suite, through the emulator's mock front.
describeDriverConformance({
  name: "driver-mock (remote, through the mock front)",
  capabilities: createMockDriver({ endpoint: "http://127.0.0.1:1" }).capabilities,
  async setup() {
    const clock = new VirtualClock();
    const world = new World({ clock });
    const front = await startMockFront({ world });
    const store = new MemoryStore({ clock });
    const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
    barista.drivers.register(createMockDriver({ endpoint: front.url }));
    await barista.credentials.add({ name: "mock-cred", provider: "MOCK", values: { mockName: "conformance" } });
    await barista.regions.add({ name: "seoul", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
    await barista.connections.add({ name: "mock-seoul", driver: "mock", credential: "mock-cred", region: "seoul" });
    return {
      barista,
      connectionName: "mock-seoul",
      teardown: async () => {
        await barista.close();
        await store.close();
        await front.close();
      },
    };
  },
});
