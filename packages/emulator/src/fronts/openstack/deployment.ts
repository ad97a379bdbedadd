/**
 * What kind of OpenStack deployment the front plays. Real clouds differ by release and by what
 * the operator installed: Neutron extensions, Nova's microversion range, how the catalog lists
 * Block Storage, whether Octavia exists. Drivers must work against all of them.
 */
export interface OpenStackDeployment {
  /** The release it is like ("2024.2", "zed", "queens"), for docs and version documents. */
  release: string;
  /**
   * Neutron extension aliases, as GET /v2.0/extensions lists them. "tag-creation" (2024.2 on)
   * adds POST /v2.0/{resources}/{id}/tags; without it that POST is a 404. "fip-port-details" adds
   * a floating IP's port_details; "empty-string-filtering" makes `?attr=` filter on "" (without it
   * an empty filter value is ignored); "filter-validation" refuses unknown filters.
   */
  neutronExtensions: readonly string[];
  /**
   * Whether POST /v2.0/ports takes `tags` (Ussuri on; queens refuses it like every other create
   * body: "Attribute 'tags' not allowed in POST"). The tags are kept only with the
   * "tag-ports-during-bulk-creation" extension (an ML2 extension driver), and silently dropped
   * without it. Networks, subnets, routers, security groups and floating IPs never take `tags` on
   * create, in any release: their tags go through the tags sub-resource.
   */
  neutronPortTagsOnCreate: boolean;
  /** The longest Neutron tag: 255 from Wallaby, 60 before. */
  neutronMaxTagLength: number;
  /** Nova's highest microversion ("2.96"); below 2.47 a server names its flavor by id only. */
  novaMaxMicroversion: string;
  /**
   * Block Storage as the catalog lists it: one entry per catalog type, with its URL path below the
   * region ("{project_id}" is filled in; "%(project_id)s" and the like are left as an operator's
   * Keystone may leave them). Empty: the deployment has no Block Storage.
   */
  blockStorage: readonly { type: string; path: string }[];
  /**
   * Cinder's highest microversion ("3.71"; the lowest is always 3.0). Requests outside the range are
   * a 406; from 3.67 URLs may leave out the project id; extending an in-use volume needs 3.42.
   */
  cinderMaxMicroversion: string;
  /** Whether the catalog lists Octavia (the load-balancer service). */
  loadBalancer: boolean;
  /**
   * Octavia's API version ("2.28"): the last one its version document lists as CURRENT, and what
   * bodies carry (`additional_vips` from 2.26, `vip_vnic_type` from 2.28).
   */
  octaviaApiVersion: string;
  /** Whether the catalog lists Magnum (container-infra, managed Kubernetes clusters). */
  containerInfra: boolean;
}

/** Extensions every profile has: the networking the SDK needs at all. */
const baseExtensions = [
  "address-scope",
  "agent",
  "allowed-address-pairs",
  "availability_zone",
  "binding",
  "external-net",
  "extra_dhcp_opt",
  "extraroute",
  "ext-gw-mode",
  "l3_agent_scheduler",
  "multi-provider",
  "net-mtu",
  "network_availability_zone",
  "pagination",
  "port-security",
  "project-id",
  "provider",
  "quotas",
  "quota_details",
  "rbac-policies",
  "router",
  "security-group",
  "sorting",
  "standard-attr-description",
  "standard-attr-revisions",
  "standard-attr-tag",
  "standard-attr-timestamp",
  "subnet_allocation",
] as const;

/** Named profiles; "current" is the default. */
export const openStackDeployments = {
  /** A current release with everything the SDK can use. */
  current: {
    release: "2024.2",
    neutronExtensions: [
      ...baseExtensions,
      "tag-creation",
      "tag-ports-during-bulk-creation",
      "fip-port-details",
      "filter-validation",
      "empty-string-filtering",
    ],
    neutronPortTagsOnCreate: true,
    neutronMaxTagLength: 255,
    novaMaxMicroversion: "2.96",
    blockStorage: [
      { type: "block-storage", path: "volume/v3/{project_id}" },
      { type: "volumev3", path: "volume/v3/{project_id}" },
    ],
    cinderMaxMicroversion: "3.71",
    loadBalancer: true,
    octaviaApiVersion: "2.28",
    containerInfra: true,
  },
  /**
   * Zed as many production clouds run it: no tag-creation, port tags on create accepted but
   * dropped (no ML2 tag driver), Cinder listed as volumev3 only (3.70), Octavia 2.26.
   */
  zed: {
    release: "zed",
    neutronExtensions: [...baseExtensions, "fip-port-details", "filter-validation"],
    neutronPortTagsOnCreate: true,
    neutronMaxTagLength: 255,
    novaMaxMicroversion: "2.93",
    blockStorage: [{ type: "volumev3", path: "volume/v3/{project_id}" }],
    cinderMaxMicroversion: "3.70",
    loadBalancer: true,
    octaviaApiVersion: "2.26",
    containerInfra: true,
  },
  /**
   * An older private cloud: no tags on any create body, 60-character tags, no floating IP port
   * details, no filter validation, no Octavia, no Magnum, Cinder (3.50) listed by its legacy types; its v1 and
   * v2 URLs answer 404 as a current Cinder's do, v3 is served at /volume/v3/{project_id}.
   */
  queens: {
    release: "queens",
    neutronExtensions: baseExtensions,
    neutronPortTagsOnCreate: false,
    neutronMaxTagLength: 60,
    novaMaxMicroversion: "2.60",
    blockStorage: [
      { type: "volume", path: "volume/v1/{project_id}" },
      { type: "volumev2", path: "volume/v2/{project_id}" },
    ],
    cinderMaxMicroversion: "3.50",
    loadBalancer: false,
    octaviaApiVersion: "2.0",
    containerInfra: false,
  },
} as const satisfies Record<string, OpenStackDeployment>;

/** A deployment profile by name: "current", "zed" or "queens" (see `openStackDeployments`). */
export type OpenStackDeploymentName = keyof typeof openStackDeployments;

export function deploymentOf(option: OpenStackDeployment | OpenStackDeploymentName | undefined): OpenStackDeployment {
  if (option === undefined) return openStackDeployments.current;
  if (typeof option === "string") {
    const found = (openStackDeployments as Record<string, OpenStackDeployment>)[option];
    if (!found) throw new RangeError(`unknown OpenStack deployment "${option}"`);
    return found;
  }
  return option;
}

/** Whether Neutron has the extension. */
export function hasExtension(deployment: OpenStackDeployment, alias: string): boolean {
  return deployment.neutronExtensions.includes(alias);
}
