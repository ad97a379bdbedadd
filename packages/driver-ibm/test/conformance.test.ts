import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createIbmDriver } from "../src/index.js";
import { ibmFixture } from "./setup.js";

// The lifecycle of what driver-ibm supports, and how it behaves when IBM misbehaves, through the
// runtime, driver-ibm and axios, over HTTP to the emulator's IBM front. Small pages (3 items) make
// lists follow next.href; resources linger in `deleting` for a while, as IBM's do.
describeDriverConformance({
  name: "driver-ibm",
  capabilities: createIbmDriver().capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "create_vpc",
    createSubnet: "create_subnet",
    getVpc: "get_vpc",
    startVm: "create_instance",
    listSecurityGroups: "list_security_groups",
  },
  setupWithTransport: async (transport) => (await ibmFixture({ transport })).target(),
  async setup() {
    // The suite makes 101 security groups at once, besides each VPC's default group; IBM's quota is 100.
    const world = { quotas: { IBM: { securityGroups: 250 } } };
    return (await ibmFixture({ world, front: { maxPageSize: 3 } })).target();
  },
});
