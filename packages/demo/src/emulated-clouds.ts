import type { CloudBarista, CloudDriver, ProviderName } from "@cloud-barista/core";
import { addFrontConnection } from "@cloud-barista/emulator";
import type { FrontDefinition, StartedFront } from "@cloud-barista/emulator";
import { Agent } from "node:https";
import { createAlibabaDriver } from "@cloud-barista/driver-alibaba";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { createAzureDriver } from "@cloud-barista/driver-azure";
import { createGcpDriver } from "@cloud-barista/driver-gcp";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";
import { createTencentDriver } from "@cloud-barista/driver-tencent";

/**
 * The drivers the demo reaches emulated clouds with, over real HTTP to the emulator's fronts. A
 * front is used once the demo has a driver for its cloud; the mock cloud runs in-process instead.
 */
const drivers: Partial<Record<ProviderName, (front: StartedFront) => CloudDriver>> = {
  // The Alibaba front serves ECS, VPC and SLB on one HTTP URL, the connection's endpoint for all three.
  ALIBABA: () => createAlibabaDriver(),
  AWS: () => createAwsDriver(),
  // The Azure front serves HTTPS with a certificate made at its start: the driver's own agent trusts it.
  AZURE: (front) => createAzureDriver({ transport: { httpsAgent: new Agent({ ca: front.caCertificate }) } }),
  // The GCP front serves HTTP; its URL is the connection's endpoint for Compute Engine and the Billing Catalog.
  GCP: () => createGcpDriver(),
  // OpenStack has no price API, so the driver is given a price table for its flavors.
  OPENSTACK: () =>
    createOpenStackDriver({
      prices: {
        "m1.small": { pricePerHour: 0.02, currency: "EUR" },
        "m1.medium": { pricePerHour: 0.04, currency: "EUR" },
      },
    }),
  // The Tencent front serves every service on one HTTP URL, the connection's endpoint: the driver routes
  // each request there (its routeTo) while keeping the <service>.tencentcloudapi.com host it signs.
  TENCENT: () => createTencentDriver(),
};

/**
 * The accounts behind the fronts: one for every cloud, a GUID since it is also the Azure
 * subscription id, except GCP's, a project id (6-30 lower-case letters, digits and "-"),
 * Alibaba's, an account id (16 digits, the OwnerId of its resources), and Tencent's, a numeric
 * UIN (the front then hands it out with the credential for the tag service's resource names).
 */
export const demoAccounts = {
  account: "c1b4e5a0-0000-4000-8000-000000000001",
  accounts: { gcp: "cb-demo-project", alibaba: "5000000000000001", tencent: "100000000001" },
} as const;

/** Whether the demo has a driver for a front's cloud. */
export function hasDemoDriver(front: Pick<FrontDefinition, "provider">): boolean {
  return drivers[front.provider] !== undefined;
}

/** Registers a connection named after each started front the demo has a driver for, in its default region. */
export async function addEmulatedClouds(
  barista: CloudBarista,
  fronts: readonly StartedFront[],
): Promise<StartedFront[]> {
  const connected: StartedFront[] = [];
  for (const front of fronts) {
    const driver = drivers[front.provider];
    if (!driver) continue;
    await addFrontConnection(barista, front, {
      connection: front.name,
      driver: barista.drivers.register(driver(front)),
    });
    connected.push(front);
  }
  return connected;
}
