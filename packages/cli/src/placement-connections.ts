import type { CloudBarista } from "@cloud-barista/core";

/** A filter value: one string or several (placement matches them exactly, ignoring case). */
function values(match: unknown): string[] | undefined {
  if (typeof match === "string") return [match.toLowerCase()];
  if (Array.isArray(match)) return match.filter((m): m is string => typeof m === "string").map((m) => m.toLowerCase());
  return undefined;
}

/**
 * The connections a placement request can place on: those its filter's `provider`, `region` and
 * `connection` allow (read from connection and region configs, which need no driver). Only their
 * drivers are loaded and only their catalogs read; the rest of the filter is placement's.
 */
export async function placementConnections(barista: CloudBarista, request: Record<string, unknown>): Promise<string[]> {
  const filter = (typeof request.filter === "object" && request.filter !== null ? request.filter : {}) as Record<
    string,
    unknown
  >;
  const providers = values(filter.provider);
  const regions = values(filter.region);
  const connections = values(filter.connection);
  const chosen: string[] = [];
  for (const config of await barista.connections.list()) {
    if (connections && !connections.includes(config.name.toLowerCase())) continue;
    if (providers || regions) {
      const region = await barista.regions.get(config.region);
      if (providers && !providers.includes(region.provider.toLowerCase())) continue;
      if (regions && !regions.includes(region.region.toLowerCase())) continue;
    }
    chosen.push(config.name);
  }
  return chosen;
}
