import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createTencentDriver } from "../src/index.js";
import { tencentFixture } from "./setup.js";

// The lifecycle of what driver-tencent supports, and how it behaves when Tencent misbehaves,
// through the runtime, driver-tencent and tencentcloud-sdk-nodejs, over HTTP to the emulator's
// Tencent front. Small pages (3 items) make lists follow Offset/Limit.
describeDriverConformance({
  name: "driver-tencent",
  capabilities: createTencentDriver().capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "CreateVpc",
    createSubnet: "CreateSubnet",
    getVpc: "DescribeVpcs",
    startVm: "RunInstances",
    listSecurityGroups: "DescribeSecurityGroups",
  },
  setupWithTransport: async (transport) => (await tencentFixture({ transport })).target(),
  async setup() {
    // The suite makes 101 security groups at once; Tencent's default is 50 per region.
    const world = { quotas: { TENCENT: { securityGroups: 200 } } };
    return (await tencentFixture({ world, front: { maxPageSize: 3 } })).target();
  },
});
