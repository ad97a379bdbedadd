import { BaristaError } from "@cloud-barista/core/driver";
import { provider } from "../errors.js";

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

/**
 * Appends the API version a service's catalog URL may leave out: Glance and Octavia list their
 * unversioned roots, Neutron too; Nova and Cinder list versioned URLs.
 */
export function versioned(service: ServiceType, url: string, projectId: string): string {
  const base = url
    .replace(/\/+$/, "")
    .replaceAll("{project_id}", projectId)
    .replaceAll("$(project_id)s", projectId)
    .replaceAll("%(tenant_id)s", projectId);
  switch (service) {
    case "identity":
      return /\/v3$/.test(base) ? base : `${base}/v3`;
    case "image":
      return /\/v2(\.\d+)?$/.test(base) ? base : `${base}/v2`;
    case "network":
      return /\/v2\.0$/.test(base) ? base : `${base}/v2.0`;
    case "load-balancer":
      return /\/v2(\.0)?$/.test(base) ? base : `${base}/v2`;
    case "compute":
      return /\/v2(\.1)?(\/[^/]+)?$/.test(base) ? base : `${base}/v2.1`;
    case "volumev3":
      return /\/v3\/[^/]+$/.test(base) ? base : `${base}/v3/${projectId}`;
  }
}

export function noEndpoint(service: ServiceType, region: string, iface: string): BaristaError {
  return new BaristaError(
    "InvalidArgument",
    `region: the service catalog has no ${iface} ${service} endpoint in region "${region}"`,
    { provider, field: "region", rule: "catalog-endpoint" },
  );
}
