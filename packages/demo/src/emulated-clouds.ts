import type { CloudBarista } from "@cloud-barista/core";
import type { World } from "@cloud-barista/emulator";
import { startAwsFront } from "@cloud-barista/emulator/aws";
import { startOpenStackFront } from "@cloud-barista/emulator/openstack";
import { createAwsDriver } from "@cloud-barista/driver-aws";
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
export async function addEmulatedOpenStack(
  barista: CloudBarista,
  world: World,
): Promise<{ connection: string; front: Closeable }> {
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
      prices: {
        "m1.small": { pricePerHour: 0.02, currency: "EUR" },
        "m1.medium": { pricePerHour: 0.04, currency: "EUR" },
      },
    }),
  );
  await barista.credentials.add({
    name: "openstack-demo",
    provider: "OPENSTACK",
    values: { authUrl: front.authUrl, username: "demo", password: "demo-password", projectName: "demo" },
  });
  await barista.regions.add({ name: "openstack-one", provider: "OPENSTACK", region: "RegionOne", zone: "nova" });
  await barista.connections.add({
    name: "openstack",
    driver: "openstack",
    credential: "openstack-demo",
    region: "openstack-one",
  });
  return { connection: "openstack", front };
}

/**
 * An emulated AWS region: the emulator's AWS front on loopback (EC2 and ELBv2 Query APIs with SigV4,
 * the Pricing API), reached through driver-aws and the official AWS SDK.
 */
export async function addEmulatedAws(
  barista: CloudBarista,
  world: World,
): Promise<{ connection: string; front: Closeable }> {
  world.identities.add({
    provider: "AWS",
    key: "AKIADEMOEXAMPLE00001",
    secret: "demo-secret-key",
    account: "111122223333",
  });
  const front = await startAwsFront({ world });
  barista.drivers.register(createAwsDriver());
  await barista.credentials.add({
    name: "aws-demo",
    provider: "AWS",
    values: { accessKeyId: "AKIADEMOEXAMPLE00001", secretAccessKey: "demo-secret-key" },
  });
  await barista.regions.add({ name: "aws-seoul", provider: "AWS", region: "ap-northeast-2", zone: "ap-northeast-2a" });
  await barista.connections.add({
    name: "aws",
    driver: "aws",
    credential: "aws-demo",
    region: "aws-seoul",
    endpoint: front.url,
  });
  return { connection: "aws", front };
}
