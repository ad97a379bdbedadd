import { randomBytes } from "node:crypto";
import { Agent } from "node:https";
import { MemoryStore, VirtualClock, collect, createCloudBarista } from "@cloud-barista/core";
import { azureVendorClients, createAzureDriver, resourceGroupOf } from "@cloud-barista/driver-azure";
import { World, addFrontConnection, frontFor } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/index.js";
import type { PlacementRequest } from "../src/index.js";
import {
  closeAfterEach,
  createScaleDelete,
  deleteLeavingNothing,
  expectCheapestPerRegion,
  failOverToAnotherRegion,
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
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  const { subscriptionId, ...credential } = ids;
  const options = { account: subscriptionId, credential, operationMs: 1_000 };
  const front = await (await frontFor("AZURE")).start(world, options);
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  closeLater(async () => {
    await barista.close();
    await store.close();
    await front.close();
  });
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

/** Two VMs of 2 x86_64 vCPUs (Linux, Ubuntu), cheapest first, over at least two Azure regions. */
const request: PlacementRequest = {
  vmCount: 2,
  filter: { ranges: { vcpus: { min: 2, max: 2 } }, architecture: "x86_64", os: "ubuntu 24.04" },
  priorities: [{ metric: "cost" }],
  spread: { minRegions: 2 },
  image: { os: "ubuntu 24.04" },
};
const ref = { namespace: "ns", name: "azure-app" };

describe("MCIS over two Azure regions through driver-azure", () => {
  it("ranks Azure offers across regions by Retail Prices, places, creates, scales and deletes an MCIS", async () => {
    const clouds = await azureClouds();
    const catalog = await loadCatalog(clouds.barista);
    expect(catalog.issues).toEqual([]);
    const offers = catalog.offers;
    // Both regions' sizes, priced by the Retail Prices front (Linux pay-as-you-go).
    expect(new Set(offers.map((o) => `${o.provider} ${o.region}/${o.zone}`))).toEqual(
      new Set(["AZURE koreacentral/1", "AZURE westeurope/1"]),
    );
    const priced = offers.filter((o) => o.price !== undefined);
    expect(priced.length).toBeGreaterThan(0);
    for (const o of priced) expect(o.price).toMatchObject({ source: "azure-retail-prices-api", currency: "USD" });
    // The same size costs differently in the two regions, so ranking across them means something.
    const d2 = (region: string) =>
      offers.find((o) => o.region === region && o.specName === "Standard_D2s_v5")?.price?.perHour;
    expect(d2("koreacentral")).toBeDefined();
    expect(d2("koreacentral")).not.toBe(d2("westeurope"));

    const plan = expectCheapestPerRegion(
      offers,
      request,
      (o) =>
        o.vcpus === 2 &&
        o.architecture === "x86_64" &&
        o.images.some((i) => /ubuntu 24\.04/i.test(`${i.name} ${i.osDistribution}`)),
    );
    expect(new Set(plan.subGroups.map((g) => g.offer.region))).toEqual(new Set(["koreacentral", "westeurope"]));

    await createScaleDelete(clouds, offers, request, ref, ["vm", "nic", "ip", "disk", "vnet", "nsg", "key"]);
  });

  it("moves the VMs to the other Azure region when Azure cannot allocate in the nearest, leaving nothing there", async () => {
    const clouds = await azureClouds();
    const offers = (await loadCatalog(clouds.barista)).offers;
    clouds.world.capacity.limit({ provider: "AZURE", region: "koreacentral", maxVms: 0 });
    const nearSeoul: PlacementRequest = {
      vmCount: 2,
      filter: request.filter,
      priorities: [{ metric: "location", near: { latitude: 37.5665, longitude: 126.978 } }, { metric: "cost" }],
      image: request.image,
    };
    const route = { from: "seoul", to: "amsterdam" };
    const { mcis } = await failOverToAnotherRegion(clouds, offers, nearSeoul, ref, route);
    // Seoul's failed VMs left no interface, address or disk; only the network the MCIS made there
    // (its security group and key) remain until released.
    const seoul = await clouds.leftovers("seoul");
    expect(seoul.filter((r) => /^(vm|nic|ip|disk) /.test(r))).toEqual([]);
    expect(seoul.length).toBeGreaterThan(0);
    await deleteLeavingNothing(clouds, mcis, ref);
  });
});
