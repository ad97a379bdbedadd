import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createOpenStackDriver } from "../src/index.js";
import { openStackFixture } from "./support.js";

const prices = {
  "m1.small": { pricePerHour: 0.021, currency: "EUR" },
  "m1.medium": { pricePerHour: 0.042, currency: "EUR" },
};

describeDriverConformance({
  name: "driver-openstack (emulator front over HTTP)",
  capabilities: createOpenStackDriver({ prices }).capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "neutron:CreateNetwork",
    createSubnet: "neutron:CreateSubnet",
    getVpc: "neutron:ShowNetwork",
    startVm: "nova:CreateServer",
    listSecurityGroups: "neutron:ListSecurityGroups",
  },
  setupWithTransport: async (transport) => (await openStackFixture({ driver: { transport } })).target(),
  async setup() {
    // Pages of 20 items make the lists follow Neutron's next links.
    return (await openStackFixture({ driver: { prices, pageSize: 20 } })).target();
  },
});
