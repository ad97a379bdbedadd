import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createAwsDriver } from "../src/index.js";
import { awsFixture } from "./setup.js";

// The full lifecycle through the runtime, driver-aws and the AWS SDK, over HTTP to the emulator's
// AWS front. Small pages (at most 7 items) make every list follow NextToken.
describeDriverConformance({
  name: "driver-aws",
  capabilities: createAwsDriver().capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "CreateVpc",
    createSubnet: "CreateSubnet",
    getVpc: "DescribeVpcs",
    startVm: "RunInstances",
    listSecurityGroups: "DescribeSecurityGroups",
  },
  setupWithTransport: async (transport) => (await awsFixture({ driver: { transport } })).target(),
  async setup() {
    return (await awsFixture({ front: { maxPageSize: 7 } })).target();
  },
});
