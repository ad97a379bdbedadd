import type { Json } from "./http.js";

/** A resource deleted from the world that IBM still shows in `deleting` until `until`. */
export interface Ghost {
  account: string;
  region: string;
  /** The collection it is listed in ("subnets", "vpcs", ...). */
  collection: string;
  view: Json;
  until: number;
  /** The VPC it belonged to, so the VPC stays not empty while it is deleting. */
  vpcId?: string;
}

export interface AddressPrefix {
  id: string;
  name: string;
  cidr: string;
  zone: string;
  isDefault: boolean;
  createdAt: number;
}

/** What IBM shows of a VPC that the world does not keep. */
export interface VpcExtras {
  addressPrefixManagement: "auto" | "manual";
  classicAccess: boolean;
  defaultSecurityGroupId: string;
  defaultNetworkAclId: string;
  defaultRoutingTableId: string;
  prefixes: AddressPrefix[];
  /** The world router that lets floating IPs reach the VPC's subnets (see floating-ips.ts). */
  edgeRouterId?: string;
}

export interface PublicGateway {
  id: string;
  account: string;
  region: string;
  name: string;
  vpcId: string;
  zone: string;
  createdAt: number;
  /** The world public IP that is the gateway's address. */
  publicIpId: string;
  address: string;
  resourceGroupId: string;
}

/** What IBM shows of a floating IP beyond the world's public IP. */
export interface FloatingIpExtras {
  name: string;
  zone: string;
  resourceGroupId: string;
  /** The network interface it is bound to, and that interface's instance. */
  target?: { interfaceId: string; instanceId: string };
}

export interface LbPool {
  id: string;
  name: string;
  algorithm: "round_robin" | "weighted_round_robin" | "least_connections";
  protocol: "tcp" | "udp";
  createdAt: number;
  healthMonitor: {
    type: "tcp" | "http" | "https";
    delay: number;
    maxRetries: number;
    timeout: number;
    port?: number;
    urlPath?: string;
  };
  members: LbMember[];
}

export interface LbMember {
  id: string;
  port: number;
  weight: number;
  /** The instance the member targets. */
  instanceId: string;
  createdAt: number;
}

export interface LbListener {
  id: string;
  port: number;
  protocol: "tcp" | "udp";
  defaultPoolId?: string;
  createdAt: number;
}

/** A load balancer's pools and listeners (the world keeps one listener and one target group). */
export interface LbExtras {
  profile: string;
  isPublic: boolean;
  subnetIds: string[];
  pools: LbPool[];
  listeners: LbListener[];
  /** World time until which a change keeps it `update_pending`. */
  updateUntil: number;
  resourceGroupId: string;
}

/**
 * What the IBM front keeps beside the world: facts only IBM's API shows. Resources themselves
 * (VPCs, subnets, groups, keys, instances, volumes, images, load balancers) live in the world.
 */
export class IbmState {
  readonly ghosts = new Map<string, Ghost>();
  /** IKS: each worker pool's zones and their subnets (the world spreads nodes over the cluster's subnets). */
  readonly iksZones = new Map<string, { id: string; subnetID: string }[]>();
  /** IKS: the labels each worker pool was given. */
  readonly iksLabels = new Map<string, Record<string, string>>();
  /** IKS: the zones each cluster was made in (its workerZones). */
  readonly iksClusterZones = new Map<string, string[]>();
  /** IKS: each cluster's VPC. */
  readonly iksVpcs = new Map<string, string>();
  readonly vpcs = new Map<string, VpcExtras>();
  readonly gateways = new Map<string, PublicGateway>();
  /** The public gateway attached to each subnet. */
  readonly subnetGateways = new Map<string, string>();
  readonly floatingIps = new Map<string, FloatingIpExtras>();
  readonly loadBalancers = new Map<string, LbExtras>();
  /** Every key an instance was made with (the world keeps the first). */
  readonly instanceKeys = new Map<string, string[]>();
  /** Instances made with a boot volume the front made: the volume's id. */
  readonly bootVolumes = new Map<string, string>();
  /** Resource groups of resources made with one other than the account's default. */
  readonly resourceGroups = new Map<string, string>();
  /** Data volumes attached with delete_volume_on_instance_delete: deleted by the front when their instance is. */
  readonly deleteWithInstance = new Set<string>();
  /** User tags by resource CRN, as IBM keeps them: strings ("env:prod"), several per key allowed. */
  readonly tags = new Map<string, Set<string>>();
  /** Images: the volume they were made from. */
  readonly imageSources = new Map<string, string>();
}
