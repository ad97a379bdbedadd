import { Agent } from "node:https";
import { collect } from "@cloud-barista/core";
import { azureVendorClients, createAzureDriver, resourceGroupOf } from "@cloud-barista/driver-azure";
import { addFrontConnection } from "@cloud-barista/emulator";
import type { World } from "@cloud-barista/emulator";
import { describe, it } from "vitest";
import { loadCatalog } from "../src/index.js";
import {
  baristaOnFront,
  closeAfterEach,
  createScaleDelete,
  failOverToAnotherRegion,
  nearSeoulRequest,
  rankAcrossRegions,
  twoRegionRequest,
} from "./cloud-regions.js";
import type { CloudRegions } from "./cloud-regions.js";

// MCIS and placement over two Azure regions through driver-azure and the real Azure SDK, over
// HTTPS to the emulator's Azure front (its certificate trusted by the driver's own agent): the
// catalog ranks Azure's offers of both regions by the Retail Prices API's prices, the plan spreads
// the VMs over the two regions, and the MCIS is made, scaled and deleted with nothing left behind.

const ids = {
  subscriptionId: "00000000-1111-2222-3333-444444444444",
  tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  clientId: "12345678-90ab-cdef-1234-567890abcdef",
  clientSecret: "emulator~secret.value_0123456789abcdefghij",
};
/** Connection name -> Azure region. */
const regions = { seoul: "koreacentral", amsterdam: "westeurope" } as const;

const closeLater = closeAfterEach();

async function azureClouds(): Promise<CloudRegions & { world: World }> {
  const { subscriptionId, ...credential } = ids;
  const options = { account: subscriptionId, credential, operationMs: 1_000 };
  const { world, front, barista } = await baristaOnFront("AZURE", options, closeLater);
  const agent = new Agent({ ca: front.caCertificate });
  const driver = barista.drivers.register(createAzureDriver({ transport: { httpsAgent: agent } }));
  for (const [connection, region] of Object.entries(regions)) {
    await addFrontConnection(barista, front, { connection, driver, region, zone: "1" });
  }
  /** What the connection's resource group still holds: every resource type an MCIS VM makes. */
  const leftovers = async (connection: string): Promise<string[]> => {
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
  };
  return { world, barista, regions, leftovers };
}

const ref = { namespace: "ns", name: "azure-app" };

describe("MCIS over two Azure regions through driver-azure", () => {
  it("ranks Azure offers across regions by Retail Prices, places, creates, scales and deletes an MCIS", async () => {
    const clouds = await azureClouds();
    const offers = await rankAcrossRegions(clouds, {
      places: ["AZURE koreacentral/1", "AZURE westeurope/1"],
      source: "azure-retail-prices-api",
      spec: "Standard_D2s_v5",
    });
    await createScaleDelete(clouds, offers, twoRegionRequest, ref, ["vm", "nic", "ip", "disk", "vnet", "nsg", "key"]);
  });

  it("moves the VMs to the other Azure region when Azure cannot allocate in the nearest, leaving nothing there", async () => {
    const clouds = await azureClouds();
    const offers = (await loadCatalog(clouds.barista)).offers;
    clouds.world.capacity.limit({ provider: "AZURE", region: "koreacentral", maxVms: 0 });
    // Seoul's refused VMs leave no interface, address or disk there.
    const route = { from: "seoul", to: "amsterdam", vmKinds: ["vm", "nic", "ip", "disk"] };
    await failOverToAnotherRegion(clouds, offers, nearSeoulRequest, ref, route);
  });
});
