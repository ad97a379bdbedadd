import { invalid } from "../errors.js";

/** The services the driver talks to, by the catalog type it looks for first. */
export type ServiceType = "identity" | "compute" | "image" | "network" | "volumev3" | "load-balancer";

/** Catalog types that mean the same service (Cinder has gone by several). */
const aliases: Readonly<Record<ServiceType, readonly string[]>> = {
  identity: ["identity"],
  compute: ["compute"],
  image: ["image"],
  network: ["network"],
  volumev3: ["volumev3", "block-storage", "volume"],
  "load-balancer": ["load-balancer"],
};

export interface CatalogEndpoint {
  interface: string;
  region?: string;
  region_id?: string;
  url: string;
}

export interface CatalogEntry {
  type: string;
  endpoints: CatalogEndpoint[];
}

/** Where each service's API root is (the version path included) for one region and interface. */
export function endpointOf(
  catalog: readonly CatalogEntry[],
  service: ServiceType,
  region: string,
  iface: string,
): string | undefined {
  for (const type of aliases[service]) {
    const entry = catalog.find((e) => e.type === type);
    const endpoint = entry?.endpoints.find((ep) => (ep.region_id ?? ep.region) === region && ep.interface === iface);
    if (endpoint) return endpoint.url;
  }
  return undefined;
}

/** Regions that have a compute endpoint, in catalog order. */
export function computeRegions(catalog: readonly CatalogEntry[]): string[] {
  const compute = catalog.find((e) => e.type === "compute");
  return [...new Set((compute?.endpoints ?? []).flatMap((ep) => ep.region_id ?? ep.region ?? []))];
}

/** The version path each service's root ends with, and how to tell a catalog URL has it already. */
const versionPaths: Readonly<Record<ServiceType, readonly [RegExp, string]>> = {
  identity: [/\/v3$/, "/v3"],
  image: [/\/v2(\.\d+)?$/, "/v2"],
  network: [/\/v2\.0$/, "/v2.0"],
  "load-balancer": [/\/v2(\.0)?$/, "/v2"],
  compute: [/\/v2(\.1)?(\/[^/]+)?$/, "/v2.1"],
  volumev3: [/\/v3\/[^/]+$/, "/v3/{project_id}"],
};

/**
 * A service's versioned root from its catalog URL: Glance, Octavia and Neutron list unversioned
 * roots; Nova and Cinder versioned ones, maybe with a project placeholder.
 */
export function versioned(service: ServiceType, url: string, projectId: string): string {
  const [has, path] = versionPaths[service];
  const base = url.replace(/\/+$/, "");
  return (has.test(base) ? base : `${base}${path}`)
    .replaceAll("{project_id}", projectId)
    .replaceAll("$(project_id)s", projectId)
    .replaceAll("%(tenant_id)s", projectId);
}

export function noEndpoint(service: ServiceType, region: string, iface: string) {
  return invalid(
    "region",
    "catalog-endpoint",
    `the service catalog has no ${iface} ${service} endpoint in "${region}"`,
  );
}
