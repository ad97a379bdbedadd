import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createAlibabaDriver } from "../src/index.js";
import { alibabaFixture } from "./setup.js";

// The lifecycle of what driver-alibaba supports, and how it behaves when Alibaba misbehaves,
// through the runtime, driver-alibaba and pop-core, over HTTP to the emulator's Alibaba front.
// Small pages (3 items) make lists follow PageNumber and NextToken.
describeDriverConformance({
  name: "driver-alibaba",
  capabilities: createAlibabaDriver().capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "CreateVpc",
    createSubnet: "CreateVSwitch",
    getVpc: "DescribeVpcs",
    startVm: "RunInstances",
    listSecurityGroups: "DescribeSecurityGroups",
  },
  setupWithTransport: async (transport) => (await alibabaFixture({ transport })).target(),
  async setup() {
    // The suite makes 101 security groups at once; Alibaba's default is 100 per region.
    const world = { quotas: { ALIBABA: { securityGroups: 200 } } };
    return (await alibabaFixture({ world, front: { maxPageSize: 3, vpcPendingMs: 0 } })).target();
  },
});
