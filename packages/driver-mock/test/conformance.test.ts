import { describeDriverConformance } from "@cloud-barista/core/testing";
import { World } from "@cloud-barista/emulator";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import { createMockDriver } from "../src/index.js";

describeDriverConformance({
  name: "driver-mock",
  capabilities: createMockDriver({ world: new World() }).capabilities,
  async setup() {
    const f = await emulatedConnection({
      provider: "MOCK",
      driver: (world) => createMockDriver({ world }),
      account: "conformance",
      names: { connection: "mock-seoul", credential: "mock-cred", region: "seoul" },
    });
    return f.target();
  },
});
