import type { CloudBarista } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import type { World } from "@cloud-barista/emulator";

// The clouds the kill part's MCIS spans: two MOCK regions of one account, reached in-process (the
// parent, which owns the world) or over the mock front (the child that gets killed).

export const account = "tenant-a";

/** Connection name -> MOCK region (one zone each). */
export const regions = { seoul: "mock-seoul", virginia: "mock-virginia" } as const;

/** Registers the MOCK driver and, the first time, the credential, regions and connections. */
export async function registerFleet(
  barista: CloudBarista,
  world: World | { endpoint: string },
  first = true,
): Promise<void> {
  barista.drivers.register(createMockDriver("endpoint" in world ? { endpoint: world.endpoint } : { world }));
  if (!first) return;
  await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: account } });
  for (const [name, region] of Object.entries(regions)) {
    await barista.regions.add({ name, provider: "MOCK", region, zone: `${region}-a` });
    await barista.connections.add({ name, driver: "mock", credential: "cred", region: name });
  }
}
