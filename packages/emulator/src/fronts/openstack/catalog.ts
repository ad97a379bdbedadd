import type { OpenStackDeployment } from "./deployment.js";
import { derivedHexId } from "./ids.js";

/** The services the deployment has, as its catalog names them, and where each lives under a region. */
function servicesOf(deployment: OpenStackDeployment): { type: string; name: string; path: string }[] {
  return [
    { type: "compute", name: "nova", path: "compute/v2.1" },
    { type: "image", name: "glance", path: "image" },
    { type: "network", name: "neutron", path: "network" },
    ...deployment.blockStorage.map((b) => ({
      ...b,
      name: b.type === "block-storage" ? "cinder" : `cinder${b.type.slice("volume".length)}`,
    })),
    ...(deployment.loadBalancer ? [{ type: "load-balancer", name: "octavia", path: "load-balancer" }] : []),
    ...(deployment.containerInfra ? [{ type: "container-infra", name: "magnum", path: "container-infra/v1" }] : []),
  ];
}

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
export function serviceCatalog(
  deployment: OpenStackDeployment,
  baseUrl: string,
  projectId: string,
  regions: readonly string[],
): CatalogEntry[] {
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
    ...servicesOf(deployment).map((s) =>
      entry(
        s.type,
        s.name,
        (region) => `${baseUrl}/${encodeURIComponent(region)}/${s.path.replaceAll("{project_id}", projectId)}`,
        regions,
      ),
    ),
  ];
}
