import { Agent } from "node:https";
import { collect } from "@cloud-barista/core";
import { azureVendorClients, createAzureDriver, resourceGroupOf } from "@cloud-barista/driver-azure";
import { describe, it } from "vitest";
import { closeRegionsAfterEach, failoverWhenNoCapacity, placeCreateScaleDelete } from "./cloud-regions.js";
import type { CloudRegions } from "./cloud-regions.js";

// MCIS and placement over two Azure regions through driver-azure and the real Azure SDK, over
// HTTPS to the emulator's Azure front (its certificate trusted by the driver's own agent): the
// catalog ranks Azure's offers of both regions by the Retail Prices API's prices, the plan spreads
// the VMs over the two regions, and the MCIS is made, scaled and deleted with nothing left behind.

const { subscriptionId, ...credential } = {
  subscriptionId: "00000000-1111-2222-3333-444444444444",
  tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  clientId: "12345678-90ab-cdef-1234-567890abcdef",
  clientSecret: "emulator~secret.value_0123456789abcdefghij",
};

const azure: CloudRegions<"seoul" | "amsterdam"> = {
  provider: "AZURE",
  regions: { seoul: "koreacentral", amsterdam: "westeurope" },
  zoneOf: () => "1",
  front: { account: subscriptionId, credential, operationMs: 1_000 },
  driver: (front) => createAzureDriver({ transport: { httpsAgent: new Agent({ ca: front.caCertificate }) } }),
  priceSource: "azure-retail-prices-api",
  pricedInBoth: "Standard_D2s_v5",
  kinds: { all: ["vm", "nic", "ip", "disk", "vnet", "nsg", "key"], perVm: ["vm", "nic", "ip", "disk"] },
  // What the connection's resource group still holds: every resource type an MCIS VM makes.
  async leftovers(barista, connection) {
    const conn = await barista.connection(connection);
    const { network, compute } = await azureVendorClients(conn);
    const group = resourceGroupOf(connection);
    const names = async (items: AsyncIterable<{ name?: string }>) => (await collect(items)).map((r) => r.name ?? "?");
    return [
      ...(await names(compute.virtualMachines.list(group))).map((n) => `vm ${n}`),
      ...(await names(network.networkInterfaces.list(group))).map((n) => `nic ${n}`),
      ...(await names(network.publicIPAddresses.list(group))).map((n) => `ip ${n}`),
      ...(await names(compute.disks.listByResourceGroup(group))).map((n) => `disk ${n}`),
      ...(await names(network.virtualNetworks.list(group))).map((n) => `vnet ${n}`),
      ...(await names(network.networkSecurityGroups.list(group))).map((n) => `nsg ${n}`),
      ...(await names(compute.sshPublicKeys.listByResourceGroup(group))).map((n) => `key ${n}`),
    ];
  },
};

closeRegionsAfterEach();

describe("MCIS over two Azure regions through driver-azure", () => {
  it("ranks Azure offers across regions by Retail Prices, places, creates, scales and deletes an MCIS", async () => {
    await placeCreateScaleDelete(azure);
  });

  it("moves the VMs to the other Azure region when Azure cannot allocate in the nearest, leaving nothing there", async () => {
    await failoverWhenNoCapacity(azure);
  });
});
