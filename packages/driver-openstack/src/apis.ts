import type { ApiTable, RetrySafety } from "@cloud-barista/core/driver";
import type { ServiceType } from "./auth/catalog.js";

/**
 * One OpenStack operation: its retry safety, its method and path below the service's versioned
 * root ("{name}" filled from the call's parameters, the other parameters becoming the query), the
 * key its request and answer bodies are wrapped in ({"server": {...}}), if any, and the
 * microversion it needs beyond its service's base version (Cinder's "volume 3.42").
 */
export type Route = readonly [safety: RetrySafety, request: string, envelope?: string, microversion?: string];

/**
 * Every API the driver calls, as "<service>:<Operation>" after the operation titles of the
 * OpenStack API references. The emulator's OpenStack front uses the same names for its rate
 * limits and faults; call history records them.
 */
export const openStackRoutes = {
  "keystone:IssueToken": ["idempotent", "POST /auth/tokens"],
  "keystone:ListRegions": ["read", "GET /regions", "regions"],
  "nova:ShowVersion": ["read", "GET /", "version"],
  "nova:ListAvailabilityZones": ["read", "GET /os-availability-zone", "availabilityZoneInfo"],
  "nova:ListFlavorsDetailed": ["read", "GET /flavors/detail", "flavors"],
  "nova:ShowFlavor": ["read", "GET /flavors/{id}", "flavor"],
  "nova:ListServersDetailed": ["read", "GET /servers/detail", "servers"],
  "nova:ShowServer": ["read", "GET /servers/{id}", "server"],
  "nova:CreateServer": ["not-idempotent", "POST /servers", "server"],
  "nova:DeleteServer": ["idempotent", "DELETE /servers/{id}"],
  "nova:StopServer": ["not-idempotent", "POST /servers/{id}/action"],
  "nova:StartServer": ["not-idempotent", "POST /servers/{id}/action"],
  "nova:RebootServer": ["not-idempotent", "POST /servers/{id}/action"],
  "nova:CreateServerImage": ["not-idempotent", "POST /servers/{id}/action"],
  "nova:ListKeypairs": ["read", "GET /os-keypairs", "keypairs"],
  "nova:ShowKeypair": ["read", "GET /os-keypairs/{name}", "keypair"],
  "nova:CreateKeypair": ["not-idempotent", "POST /os-keypairs", "keypair"],
  "nova:DeleteKeypair": ["idempotent", "DELETE /os-keypairs/{name}"],
  "nova:AttachVolume": ["not-idempotent", "POST /servers/{id}/os-volume_attachments", "volumeAttachment"],
  "nova:DetachVolume": ["idempotent", "DELETE /servers/{id}/os-volume_attachments/{volume}"],
  "nova:ListServerMetadata": ["read", "GET /servers/{id}/metadata", "metadata"],
  "nova:UpdateServerMetadata": ["idempotent", "POST /servers/{id}/metadata", "metadata"],
  "nova:DeleteServerMetadataItem": ["idempotent", "DELETE /servers/{id}/metadata/{key}"],
  "nova:ShowLimits": ["read", "GET /limits", "limits"],
  "glance:ListImages": ["read", "GET /images", "images"],
  "glance:ShowImage": ["read", "GET /images/{id}"],
  "glance:DeleteImage": ["idempotent", "DELETE /images/{id}"],
  "glance:AddImageTag": ["idempotent", "PUT /images/{id}/tags/{tag}"],
  "glance:DeleteImageTag": ["idempotent", "DELETE /images/{id}/tags/{tag}"],
  "neutron:ListExtensions": ["read", "GET /extensions", "extensions"],
  "neutron:ListNetworks": ["read", "GET /networks", "networks"],
  "neutron:ShowNetwork": ["read", "GET /networks/{id}", "network"],
  "neutron:CreateNetwork": ["not-idempotent", "POST /networks", "network"],
  "neutron:DeleteNetwork": ["idempotent", "DELETE /networks/{id}"],
  "neutron:ListSubnets": ["read", "GET /subnets", "subnets"],
  "neutron:CreateSubnet": ["not-idempotent", "POST /subnets", "subnet"],
  "neutron:DeleteSubnet": ["idempotent", "DELETE /subnets/{id}"],
  "neutron:ListSecurityGroups": ["read", "GET /security-groups", "security_groups"],
  "neutron:ShowSecurityGroup": ["read", "GET /security-groups/{id}", "security_group"],
  "neutron:CreateSecurityGroup": ["not-idempotent", "POST /security-groups", "security_group"],
  "neutron:DeleteSecurityGroup": ["idempotent", "DELETE /security-groups/{id}"],
  "neutron:CreateSecurityGroupRule": ["not-idempotent", "POST /security-group-rules", "security_group_rules"],
  "neutron:DeleteSecurityGroupRule": ["idempotent", "DELETE /security-group-rules/{id}"],
  "neutron:ListRouters": ["read", "GET /routers", "routers"],
  "neutron:CreateRouter": ["not-idempotent", "POST /routers", "router"],
  "neutron:DeleteRouter": ["idempotent", "DELETE /routers/{id}"],
  "neutron:AddRouterInterface": ["not-idempotent", "PUT /routers/{id}/add_router_interface"],
  "neutron:RemoveRouterInterface": ["idempotent", "PUT /routers/{id}/remove_router_interface"],
  "neutron:ListPorts": ["read", "GET /ports", "ports"],
  "neutron:CreatePort": ["not-idempotent", "POST /ports", "port"],
  "neutron:DeletePort": ["idempotent", "DELETE /ports/{id}"],
  "neutron:ListFloatingIPs": ["read", "GET /floatingips", "floatingips"],
  "neutron:CreateFloatingIP": ["not-idempotent", "POST /floatingips", "floatingip"],
  "neutron:DeleteFloatingIP": ["idempotent", "DELETE /floatingips/{id}"],
  "neutron:ListTags": ["read", "GET /{collection}/{id}/tags", "tags"],
  "neutron:ReplaceTags": ["idempotent", "PUT /{collection}/{id}/tags", "tags"],
  "neutron:ShowQuotaDetails": ["read", "GET /quotas/{project}/details.json", "quota"],
  "cinder:ListVolumesDetailed": ["read", "GET /volumes/detail", "volumes"],
  "cinder:ShowVolume": ["read", "GET /volumes/{id}", "volume"],
  "cinder:CreateVolume": ["not-idempotent", "POST /volumes", "volume"],
  "cinder:DeleteVolume": ["idempotent", "DELETE /volumes/{id}"],
  // 3.42: an attached (in-use) volume may be extended too.
  "cinder:ExtendVolume": ["not-idempotent", "POST /volumes/{id}/action", undefined, "volume 3.42"],
  "cinder:ShowVolumeMetadata": ["read", "GET /volumes/{id}/metadata", "metadata"],
  "cinder:CreateVolumeMetadata": ["idempotent", "POST /volumes/{id}/metadata", "metadata"],
  "cinder:DeleteVolumeMetadataItem": ["idempotent", "DELETE /volumes/{id}/metadata/{key}"],
  "cinder:ShowLimits": ["read", "GET /limits", "limits"],
  "octavia:ListLoadBalancers": ["read", "GET /lbaas/loadbalancers", "loadbalancers"],
  "octavia:ShowLoadBalancer": ["read", "GET /lbaas/loadbalancers/{id}", "loadbalancer"],
  "octavia:CreateLoadBalancer": ["not-idempotent", "POST /lbaas/loadbalancers", "loadbalancer"],
  "octavia:UpdateLoadBalancer": ["idempotent", "PUT /lbaas/loadbalancers/{id}", "loadbalancer"],
  "octavia:DeleteLoadBalancer": ["idempotent", "DELETE /lbaas/loadbalancers/{id}"],
  "octavia:ShowListener": ["read", "GET /lbaas/listeners/{id}", "listener"],
  "octavia:ShowPool": ["read", "GET /lbaas/pools/{id}", "pool"],
  "octavia:ShowHealthMonitor": ["read", "GET /lbaas/healthmonitors/{id}", "healthmonitor"],
  "octavia:ListMembers": ["read", "GET /lbaas/pools/{pool}/members", "members"],
  "octavia:CreateMember": ["not-idempotent", "POST /lbaas/pools/{pool}/members", "member"],
  "octavia:DeleteMember": ["idempotent", "DELETE /lbaas/pools/{pool}/members/{id}"],
  // Magnum: node groups need API 1.9, resize 1.7, upgrade 1.8.
  "magnum:ListClusterTemplates": ["read", "GET /clustertemplates/detail", "clustertemplates"],
  "magnum:ShowClusterTemplate": ["read", "GET /clustertemplates/{id}"],
  "magnum:ListClusters": ["read", "GET /clusters/detail", "clusters", "container-infra 1.9"],
  "magnum:ShowCluster": ["read", "GET /clusters/{id}", undefined, "container-infra 1.9"],
  "magnum:CreateCluster": ["not-idempotent", "POST /clusters", undefined, "container-infra 1.9"],
  "magnum:DeleteCluster": ["idempotent", "DELETE /clusters/{id}", undefined, "container-infra 1.9"],
  // A resize names the count wanted and an upgrade the template: repeating either changes nothing more.
  "magnum:ResizeCluster": ["idempotent", "POST /clusters/{id}/actions/resize", undefined, "container-infra 1.9"],
  "magnum:UpgradeCluster": ["idempotent", "POST /clusters/{id}/actions/upgrade", undefined, "container-infra 1.9"],
  "magnum:ListNodegroups": ["read", "GET /clusters/{cluster}/nodegroups/detail", "nodegroups", "container-infra 1.9"],
  "magnum:CreateNodegroup": ["not-idempotent", "POST /clusters/{cluster}/nodegroups", undefined, "container-infra 1.9"],
  "magnum:UpdateNodegroup": [
    "idempotent",
    "PATCH /clusters/{cluster}/nodegroups/{id}",
    undefined,
    "container-infra 1.9",
  ],
  "magnum:DeleteNodegroup": [
    "idempotent",
    "DELETE /clusters/{cluster}/nodegroups/{id}",
    undefined,
    "container-infra 1.9",
  ],
  "magnum:ShowCertificate": ["read", "GET /certificates/{cluster}"],
  // Each signing gives a fresh certificate for the caller's own key; a repeat is harmless.
  "magnum:SignCertificate": ["idempotent", "POST /certificates"],
} as const satisfies Readonly<Record<string, Route>>;

export type OpenStackApiName = keyof typeof openStackRoutes;

/** Every API with its retry safety. */
export const openStackApis: ApiTable<OpenStackApiName> = Object.fromEntries(
  Object.entries(openStackRoutes).map(([api, [safety]]) => [api, safety]),
) as Record<OpenStackApiName, RetrySafety>;

const serviceByPrefix: Readonly<Record<string, ServiceType>> = {
  keystone: "identity",
  nova: "compute",
  glance: "image",
  neutron: "network",
  cinder: "volumev3",
  octavia: "load-balancer",
  magnum: "container-infra",
};

/** The catalog service an API belongs to, by its name's prefix ("nova:ShowServer": compute). */
export function serviceOf(api: OpenStackApiName): ServiceType {
  return serviceByPrefix[api.slice(0, api.indexOf(":"))] as ServiceType;
}
