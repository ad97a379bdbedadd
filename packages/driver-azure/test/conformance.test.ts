import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createAzureDriver } from "../src/index.js";
import { azureFixture } from "./setup.js";

// The lifecycle of what driver-azure supports so far, and how it behaves when ARM misbehaves, through the runtime, driver-azure and the
// Azure SDK, over HTTPS to the emulator's Azure front. Small pages (3 items) make lists follow nextLink.
describeDriverConformance({
  name: "driver-azure",
  capabilities: createAzureDriver().capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "VirtualNetworks_CreateOrUpdate",
    // No createSubnet: a virtual network's subnets are made in the network's own PUT.
    getVpc: "VirtualNetworks_Get",
    startVm: "VirtualMachines_CreateOrUpdate",
    listSecurityGroups: "NetworkSecurityGroups_List",
  },
  setupWithTransport: async (transport) => (await azureFixture({ transport })).target(),
  async setup() {
    return (await azureFixture({ front: { pageSize: 3 } })).target();
  },
});
