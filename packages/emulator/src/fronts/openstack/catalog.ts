import { derivedHexId } from "./ids.js";

/** The services the front serves, as the catalog names them, and where each lives under a region. */
const services: readonly { type: string; name: string; path: (projectId: string) => string }[] = [
  { type: "compute", name: "nova", path: () => "compute/v2.1" },
  { type: "image", name: "glance", path: () => "image" },
  { type: "network", name: "neutron", path: () => "network" },
  { type: "volumev3", name: "cinderv3", path: (p) => `volume/v3/${p}` },
  { type: "block-storage", name: "cinder", path: (p) => `volume/v3/${p}` },
  { type: "load-balancer", name: "octavia", path: () => "load-balancer" },
];

const interfaces = ["public", "internal", "admin"] as const;

export interface CatalogEndpoint {
  id: string;
  interface: string;
  region: string;
  region_id: string;
  url: string;
}

export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

/**
 * A Keystone v3 service catalog: every service in every region, all on this one server under a
 * path prefix ("/<region>/compute/v2.1"), plus the region-less identity service.
 */
export function serviceCatalog(baseUrl: string, projectId: string, regions: readonly string[]): CatalogEntry[] {
  const entry = (
    type: string,
    name: string,
    url: (region: string) => string,
    regionList: readonly string[],
  ): CatalogEntry => ({
    id: derivedHexId("service", type),
    type,
    name,
    endpoints: regionList.flatMap((region) =>
      interfaces.map((iface) => ({
        id: derivedHexId("endpoint", type, region, iface),
        interface: iface,
        region,
        region_id: region,
        url: url(region),
      })),
    ),
  });
  return [
    entry("identity", "keystone", () => `${baseUrl}/identity`, regions),
    ...services.map((s) =>
      entry(s.type, s.name, (region) => `${baseUrl}/${encodeURIComponent(region)}/${s.path(projectId)}`, regions),
    ),
  ];
}
