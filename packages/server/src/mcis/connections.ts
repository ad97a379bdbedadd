import type { CloudBarista } from "@cloud-barista/core";
import type { z } from "@hono/zod-openapi";
import type { connConfig, locationSchema } from "./schemas.js";

export type Location = z.infer<typeof locationSchema>;
export type ConnConfig = z.infer<typeof connConfig>;

/**
 * Where a connection's region is, from its driver's region list (through the SDK's metadata cache);
 * undefined when the driver gives no coordinates or the list cannot be read (the map leaves it out).
 */
async function locationOf(barista: CloudBarista, connection: string): Promise<Location | undefined> {
  try {
    const conn = await barista.connection(connection);
    for await (const region of conn.metadata.regionZones()) {
      if (region.name !== conn.region || !region.location) continue;
      return { display: region.displayName, ...region.location };
    }
  } catch {
    // A connection that cannot open has no place on the map; its MCIS calls will say why.
  }
  return undefined;
}

/** The tenant's connection configs in Tumblebug's `connConfig` shape, with each region's location. */
export async function connConfigs(barista: CloudBarista): Promise<ConnConfig[]> {
  const configs = await barista.connections.list();
  return Promise.all(
    configs.map(async (config) => {
      const region = await barista.regions.get(config.region);
      const location = await locationOf(barista, config.name);
      return {
        configName: config.name,
        providerName: region.provider,
        driverName: config.driver,
        credentialName: config.credential,
        regionZoneInfoName: region.name,
        regionZoneInfo: { assignRegion: region.region, assignZone: region.zone ?? "" },
        regionName: region.region,
        ...(location ? { location } : {}),
      };
    }),
  );
}

/** Each connection's location, for placing VMs (connections without one are absent). */
export async function locations(barista: CloudBarista): Promise<Map<string, ConnConfig>> {
  return new Map((await connConfigs(barista)).map((c) => [c.configName, c]));
}
