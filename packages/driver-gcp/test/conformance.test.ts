import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createGcpDriver } from "../src/index.js";
import { gcpFixture } from "./setup.js";

// The lifecycle of what driver-gcp supports, and how it behaves when Compute Engine misbehaves,
// through the runtime, driver-gcp and @google-cloud/compute's REST transport, over HTTP to the
// emulator's GCP front. Small pages (3 items) make lists follow nextPageToken.
describeDriverConformance({
  name: "driver-gcp",
  capabilities: createGcpDriver().capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "compute.networks.insert",
    createSubnet: "compute.subnetworks.insert",
    getVpc: "compute.networks.get",
    startVm: "compute.instances.insert",
    listSecurityGroups: "compute.firewalls.list",
  },
  setupWithTransport: async (transport) => (await gcpFixture({ transport })).target(),
  async setup() {
    return (await gcpFixture({ front: { pageSize: 3 } })).target();
  },
});
