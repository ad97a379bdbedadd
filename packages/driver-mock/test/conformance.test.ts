import { describeDriverConformance } from "@cloud-barista/core/testing";
import { World } from "@cloud-barista/emulator";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import { createMockDriver } from "../src/index.js";

describeDriverConformance({
  name: "driver-mock",
  capabilities: createMockDriver({ world: new World() }).capabilities,
  // The mock cloud makes a VPC's subnets in the same call, so there is no half-finished create.
  apis: {
    createVpc: "CreateVpc",
    getVpc: "DescribeVpcs",
    startVm: "RunInstances",
    listSecurityGroups: "DescribeSecurityGroups",
  },
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
