import type { ApiTable, RetrySafety } from "@cloud-barista/core/driver";

/** The IBM Cloud APIs the driver calls, each at its own endpoint. */
export const ibmServices = ["iam", "vpc", "catalog", "tagging", "containers"] as const;
export type IbmService = (typeof ibmServices)[number];

/**
 * One IBM operation: its retry safety, its service, and its method and path below the service's
 * root ("{name}" filled from the call's parameters, the other parameters becoming the query).
 */
export type Route = readonly [safety: RetrySafety, service: IbmService, request: string];

/**
 * Every operation the driver calls, named by the operation ids of IBM's API references (the VPC
 * API's `list_vpcs`, `create_instance_action`; IAM's `get_token_api_key`; the Global Catalog's
 * and Global Tagging's own). Call history records them under these names.
 */
export const ibmRoutes = {
  get_token_api_key: ["idempotent", "iam", "POST /identity/token"],

  // IBM Cloud Kubernetes Service (VPC clusters), named after its CLI's verbs.
  "iks:GetVersions": ["read", "containers", "GET /global/v1/versions"],
  "iks:CreateCluster": ["not-idempotent", "containers", "POST /global/v2/vpc/createCluster"],
  "iks:GetClusters": ["read", "containers", "GET /global/v2/vpc/getClusters"],
  "iks:GetCluster": ["read", "containers", "GET /global/v2/vpc/getCluster"],
  "iks:RemoveCluster": ["idempotent", "containers", "DELETE /global/v1/clusters/{id}"],
  // A master update names the version wanted: a repeat changes nothing more.
  "iks:UpdateCluster": ["idempotent", "containers", "PUT /global/v1/clusters/{id}"],
  "iks:CreateWorkerPool": ["not-idempotent", "containers", "POST /global/v2/vpc/createWorkerPool"],
  "iks:GetWorkerPools": ["read", "containers", "GET /global/v2/vpc/getWorkerPools"],
  "iks:GetWorkers": ["read", "containers", "GET /global/v2/vpc/getWorkers"],
  "iks:ResizeWorkerPool": ["idempotent", "containers", "POST /global/v2/resizeWorkerPool"],
  "iks:SetWorkerPoolLabels": ["idempotent", "containers", "POST /global/v2/setWorkerPoolLabels"],
  "iks:RemoveWorkerPool": ["idempotent", "containers", "POST /global/v2/removeWorkerPool"],
  // A POST that changes nothing but the cluster's RBAC sync: safe to repeat.
  "iks:GetKubeconfig": ["read", "containers", "POST /global/v2/applyRBACAndGetKubeconfig"],

  list_regions: ["read", "vpc", "GET /v1/regions"],
  list_region_zones: ["read", "vpc", "GET /v1/regions/{region}/zones"],
  list_images: ["read", "vpc", "GET /v1/images"],
  get_image: ["read", "vpc", "GET /v1/images/{id}"],
  // An image name is unique in the region: a repeat is refused, never a second image.
  create_image: ["not-idempotent", "vpc", "POST /v1/images"],
  delete_image: ["idempotent", "vpc", "DELETE /v1/images/{id}"],
  list_instance_profiles: ["read", "vpc", "GET /v1/instance/profiles"],
  get_instance_profile: ["read", "vpc", "GET /v1/instance/profiles/{name}"],

  list_vpcs: ["read", "vpc", "GET /v1/vpcs"],
  get_vpc: ["read", "vpc", "GET /v1/vpcs/{id}"],
  create_vpc: ["not-idempotent", "vpc", "POST /v1/vpcs"],
  delete_vpc: ["idempotent", "vpc", "DELETE /v1/vpcs/{id}"],
  list_vpc_address_prefixes: ["read", "vpc", "GET /v1/vpcs/{vpc_id}/address_prefixes"],
  create_vpc_address_prefix: ["not-idempotent", "vpc", "POST /v1/vpcs/{vpc_id}/address_prefixes"],
  delete_vpc_address_prefix: ["idempotent", "vpc", "DELETE /v1/vpcs/{vpc_id}/address_prefixes/{id}"],
  list_subnets: ["read", "vpc", "GET /v1/subnets"],
  get_subnet: ["read", "vpc", "GET /v1/subnets/{id}"],
  create_subnet: ["not-idempotent", "vpc", "POST /v1/subnets"],
  delete_subnet: ["idempotent", "vpc", "DELETE /v1/subnets/{id}"],
  list_public_gateways: ["read", "vpc", "GET /v1/public_gateways"],
  get_public_gateway: ["read", "vpc", "GET /v1/public_gateways/{id}"],
  create_public_gateway: ["not-idempotent", "vpc", "POST /v1/public_gateways"],
  delete_public_gateway: ["idempotent", "vpc", "DELETE /v1/public_gateways/{id}"],
  // Setting the gateway a subnet already has leaves it as it was.
  set_subnet_public_gateway: ["idempotent", "vpc", "PUT /v1/subnets/{id}/public_gateway"],
  unset_subnet_public_gateway: ["idempotent", "vpc", "DELETE /v1/subnets/{id}/public_gateway"],

  list_security_groups: ["read", "vpc", "GET /v1/security_groups"],
  get_security_group: ["read", "vpc", "GET /v1/security_groups/{id}"],
  create_security_group: ["not-idempotent", "vpc", "POST /v1/security_groups"],
  delete_security_group: ["idempotent", "vpc", "DELETE /v1/security_groups/{id}"],
  create_security_group_rule: ["not-idempotent", "vpc", "POST /v1/security_groups/{security_group_id}/rules"],
  delete_security_group_rule: ["idempotent", "vpc", "DELETE /v1/security_groups/{security_group_id}/rules/{id}"],

  list_keys: ["read", "vpc", "GET /v1/keys"],
  get_key: ["read", "vpc", "GET /v1/keys/{id}"],
  create_key: ["not-idempotent", "vpc", "POST /v1/keys"],
  delete_key: ["idempotent", "vpc", "DELETE /v1/keys/{id}"],

  list_instances: ["read", "vpc", "GET /v1/instances"],
  get_instance: ["read", "vpc", "GET /v1/instances/{id}"],
  get_instance_initialization: ["read", "vpc", "GET /v1/instances/{id}/initialization"],
  get_instance_network_interface: ["read", "vpc", "GET /v1/instances/{instance_id}/network_interfaces/{id}"],
  create_instance: ["not-idempotent", "vpc", "POST /v1/instances"],
  delete_instance: ["idempotent", "vpc", "DELETE /v1/instances/{id}"],
  // A start or stop repeated after it took effect leaves the instance where the first left it.
  create_instance_action: ["not-idempotent", "vpc", "POST /v1/instances/{instance_id}/actions"],
  list_instance_volume_attachments: ["read", "vpc", "GET /v1/instances/{instance_id}/volume_attachments"],
  create_instance_volume_attachment: ["not-idempotent", "vpc", "POST /v1/instances/{instance_id}/volume_attachments"],
  delete_instance_volume_attachment: [
    "idempotent",
    "vpc",
    "DELETE /v1/instances/{instance_id}/volume_attachments/{id}",
  ],

  list_floating_ips: ["read", "vpc", "GET /v1/floating_ips"],
  create_floating_ip: ["not-idempotent", "vpc", "POST /v1/floating_ips"],
  delete_floating_ip: ["idempotent", "vpc", "DELETE /v1/floating_ips/{id}"],

  list_volumes: ["read", "vpc", "GET /v1/volumes"],
  get_volume: ["read", "vpc", "GET /v1/volumes/{id}"],
  create_volume: ["not-idempotent", "vpc", "POST /v1/volumes"],
  delete_volume: ["idempotent", "vpc", "DELETE /v1/volumes/{id}"],
  // Setting a capacity the volume already has changes nothing.
  update_volume: ["idempotent", "vpc", "PATCH /v1/volumes/{id}"],

  list_load_balancers: ["read", "vpc", "GET /v1/load_balancers"],
  get_load_balancer: ["read", "vpc", "GET /v1/load_balancers/{id}"],
  create_load_balancer: ["not-idempotent", "vpc", "POST /v1/load_balancers"],
  delete_load_balancer: ["idempotent", "vpc", "DELETE /v1/load_balancers/{id}"],
  get_load_balancer_listener: ["read", "vpc", "GET /v1/load_balancers/{load_balancer_id}/listeners/{id}"],
  get_load_balancer_pool: ["read", "vpc", "GET /v1/load_balancers/{load_balancer_id}/pools/{id}"],
  list_load_balancer_pool_members: ["read", "vpc", "GET /v1/load_balancers/{load_balancer_id}/pools/{pool_id}/members"],
  create_load_balancer_pool_member: [
    "not-idempotent",
    "vpc",
    "POST /v1/load_balancers/{load_balancer_id}/pools/{pool_id}/members",
  ],
  delete_load_balancer_pool_member: [
    "idempotent",
    "vpc",
    "DELETE /v1/load_balancers/{load_balancer_id}/pools/{pool_id}/members/{id}",
  ],

  list_catalog_entries: ["read", "catalog", "GET /api/v1"],
  get_child_objects: ["read", "catalog", "GET /api/v1/{id}/{kind}"],
  get_pricing: ["read", "catalog", "GET /api/v1/{id}/pricing"],

  // Attaching a tag a resource has, or detaching one it lacks, changes nothing.
  attach_tag: ["idempotent", "tagging", "POST /v3/tags/attach"],
  detach_tag: ["idempotent", "tagging", "POST /v3/tags/detach"],
  list_tags: ["read", "tagging", "GET /v3/tags"],
} as const satisfies Readonly<Record<string, Route>>;

/** The name of an IBM Cloud API call the driver makes (the keys of its route table). */
export type IbmApi = keyof typeof ibmRoutes;

/** Every API name with its retry safety, for the runtime. */
export const ibmApis: ApiTable<IbmApi> = Object.fromEntries(
  Object.entries(ibmRoutes).map(([api, [safety]]) => [api, safety]),
) as ApiTable<IbmApi>;

/** The API version (date) sent as `version` on every VPC call unless the driver's options name another. */
export const defaultApiVersion = "2025-06-10";
