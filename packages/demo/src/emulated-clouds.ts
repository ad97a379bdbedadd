import type { CloudBarista } from "@cloud-barista/core";
import type { World } from "@cloud-barista/emulator";
import { startOpenStackFront } from "@cloud-barista/emulator/openstack";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";

/** A running emulator front to close when the demo ends. */
export interface Closeable {
  close(): Promise<void>;
}

/**
 * An emulated OpenStack cloud: the emulator's OpenStack front on loopback, and a connection to it
 * through driver-openstack over real HTTP (Keystone, Nova, Neutron, ...). OpenStack has no price
 * API, so the driver is given a price table for its flavors.
 */
export async function addEmulatedOpenStack(barista: CloudBarista, world: World): Promise<{ connection: string; front: Closeable }> {
  world.identities.add({
    provider: "OPENSTACK",
    key: "Default/demo",
    secret: "demo-password",
    account: "demo-project",
    attributes: { projectName: "demo", projectDomainName: "Default" },
  });
  const front = await startOpenStackFront({ world });
  barista.drivers.register(
    createOpenStackDriver({
      prices: { "m1.small": { pricePerHour: 0.02, currency: "EUR" }, "m1.medium": { pricePerHour: 0.04, currency: "EUR" } },
    }),
  );
  await barista.credentials.add({
    name: "openstack-demo",
    provider: "OPENSTACK",
    values: { authUrl: front.authUrl, username: "demo", password: "demo-password", projectName: "demo" },
  });
  await barista.regions.add({ name: "openstack-one", provider: "OPENSTACK", region: "RegionOne", zone: "nova" });
  await barista.connections.add({ name: "openstack", driver: "openstack", credential: "openstack-demo", region: "openstack-one" });
  return { connection: "openstack", front };
}
