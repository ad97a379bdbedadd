import { invalid } from "../errors.js";

/** The services the driver talks to, by the catalog type it looks for first. */
export type ServiceType =
  "identity" | "compute" | "image" | "network" | "volumev3" | "load-balancer" | "container-infra";

/** Catalog types that mean the same service (Cinder has gone by several). */
const aliases: Readonly<Record<ServiceType, readonly string[]>> = {
  identity: ["identity"],
  compute: ["compute"],
  image: ["image"],
  network: ["network"],
  volumev3: ["volumev3", "block-storage", "volume"],
  "load-balancer": ["load-balancer"],
  "container-infra": ["container-infra"],
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

/** The placeholders operators leave in catalog URLs for the project: "%(project_id)s", "$(tenant_id)s", "{project_id}". */
const projectPlaceholder = /[%$]\((?:project_id|tenant_id)\)s|\{(?:project_id|tenant_id)\}/g;

/** The version path each service's root ends with, and how to tell a catalog URL has one already. */
const versionPaths: Readonly<Record<Exclude<ServiceType, "volumev3">, readonly [RegExp, string]>> = {
  identity: [/\/v3$/, "/v3"],
  image: [/\/v2(\.\d+)?$/, "/v2"],
  network: [/\/v2\.0$/, "/v2.0"],
  "load-balancer": [/\/v2(\.0)?$/, "/v2"],
  "container-infra": [/\/v1$/, "/v1"],
  // Nova's catalog URL may carry the project ("/v2.1/<project>"), or be the legacy "/v2/<project>".
  compute: [/\/v2(\.1)?(\/[^/]+)?$/, "/v2.1"],
};

/**
 * A service's versioned root from its catalog URL, placeholders filled with the project. Glance,
 * Octavia and Neutron list unversioned roots, Nova a versioned one. Block Storage may be listed
 * as "volumev3", "volumev2" or "volume", with or without a version and project ("/v1/<project>",
 * "/v3", "/volume"): the same Cinder serves v3 beside any of them, so the root is always
 * "<service root>/v3/<project>".
 */
export function versioned(service: ServiceType, url: string, projectId: string): string {
  const base = url.replace(projectPlaceholder, projectId).replace(/\/+$/, "");
  if (service === "volumev3") return `${base.replace(/\/v[1-3](\.\d+)?(\/[^/]+)?$/, "")}/v3/${projectId}`;
  const [has, path] = versionPaths[service];
  return has.test(base) ? base : `${base}${path}`;
}

/** Where Nova's version document is: its versioned root without the project ("/v2.1/<project>" -> "/v2.1/"). */
export function computeVersionUrl(root: string): string {
  return `${root.replace(/(\/v2(\.1)?)\/[^/]+$/, "$1")}/`;
}

export function noEndpoint(service: ServiceType, region: string, iface: string) {
  return invalid(
    "region",
    "catalog-endpoint",
    `the service catalog has no ${iface} ${service} endpoint in "${region}"`,
  );
}
