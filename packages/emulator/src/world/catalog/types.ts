import type { ProviderName } from "@cloud-barista/core";
import type { QuotaLimits } from "../control/quotas.js";
import type { RateLimitRule } from "../control/rate-limits.js";

/** A zone's state, as EC2 reports it ("available"); unavailable zones take no new resources. */
export type ZoneStatus = "available" | "unavailable";

/** An availability zone of a region in the catalog. */
export interface ZoneDef {
  readonly name: string;
  readonly displayName: string;
  /** Unavailable zones are listed but refuse new subnets, disks and VMs. */
  readonly status: ZoneStatus;
}

/** A region of a provider's catalog, with its zones. */
export interface RegionDef {
  /** The provider's own region name, e.g. "ap-northeast-2", "koreacentral". */
  readonly name: string;
  readonly displayName: string;
  /** Approximate location of the region's data centres. */
  readonly location: { readonly latitude: number; readonly longitude: number };
  readonly zones: readonly ZoneDef[];
  /** Price multiplier against the provider's cheapest region (1 = base price). */
  readonly priceFactor: number;
  /** Provider-specific code embedded in resource ids (Alibaba "bp1", IBM "r006"). */
  readonly idCode?: string;
}

/** The CPU architecture of a spec, an image or a VM; a VM's image must match its spec's. */
export type CpuArchitecture = "x86_64" | "arm64";

/** The GPUs a spec comes with. */
export interface GpuDef {
  readonly count: number;
  readonly manufacturer: string;
  readonly model: string;
  /** Memory of one GPU. */
  readonly memoryGB: number;
}

/** A VM size the provider offers (an instance type, VM size, machine type or flavor). */
export interface SpecDef {
  /** The provider's instance type / size / machine type / flavor name. */
  readonly name: string;
  readonly family: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  readonly clockGHz?: number;
  readonly gpu?: GpuDef;
  /** Local instance-store disk, when the spec has one. */
  readonly localDiskGB?: number;
  /** On-demand Linux price in the provider's base region. */
  readonly usdPerHour: number;
  /** Regions offering the spec; all regions when absent. */
  readonly regions?: readonly string[];
}

/** The OS family of an image (Glance's os_type). */
export type OsPlatform = "linux" | "windows";

/** A public machine image of the provider's catalog. */
export interface ImageDef {
  /**
   * The image id, or for providers whose public image ids differ by region (AWS AMIs, IBM, OpenStack
   * Glance) a stable key from which each region's id is derived.
   */
  readonly id: string;
  readonly name: string;
  readonly osDistribution: string;
  readonly osPlatform: OsPlatform;
  readonly architecture: CpuArchitecture;
  readonly diskSizeGB: number;
  /** Default login user of VMs booted from the image. */
  readonly loginUser: string;
}

/** A block storage type ("gp3", "pd-ssd", ...) and the sizes it takes, in GB. */
export interface DiskTypeDef {
  readonly name: string;
  readonly minGB: number;
  readonly maxGB: number;
  readonly defaultGB: number;
}

/** Address ranges and naming rules of a provider's virtual networks. */
export interface NetworkRules {
  /** Whether a VPC carries a CIDR (false on GCP and IBM, where only subnets do). */
  readonly vpcCidr: boolean;
  readonly vpcPrefix: readonly [number, number];
  readonly subnetPrefix: readonly [number, number];
  /** Subnets span every zone of their region (Neutron, GCP): a VM's zone need not be its subnet's. */
  readonly regionalSubnets?: boolean;
  /** Security groups belong to the account, not to one VPC (Neutron): any interface may use any group. */
  readonly accountSecurityGroups?: boolean;
}

/**
 * A network the cloud's operator made in every region and shares with every account (an OpenStack
 * provider network). Accounts see it, attach interfaces to it and take routers' gateways and public
 * IPs from it, but cannot change or delete it; addresses on it are public and unique world-wide.
 */
export interface SharedNetworkDef {
  readonly name: string;
  /** Routers' external gateways and floating IPs come from it (Neutron's router:external). */
  readonly external: boolean;
  /** How it reaches the physical network (Neutron's provider:network_type, provider:physical_network). */
  readonly networkType: "flat" | "vlan";
  readonly physicalNetwork: string;
  readonly mtu: number;
  readonly subnets: readonly { readonly name: string; readonly cidr: string }[];
}

/** A default VPC: its CIDR, the prefix of its one subnet per zone, and its default security group. */
export interface DefaultNetworkDef {
  readonly vpcCidr: string;
  readonly subnetPrefix: number;
  readonly securityGroupName: string;
  readonly securityGroupDescription: string;
}

/** The rules a provider puts on the names of new resources, checked on every create. */
export interface NamingPolicy {
  readonly maxLength: number;
  /** Whether a name may be empty (OpenStack: names are optional and default to ""). */
  readonly optional?: boolean;
  /** When set, names must match it (GCP's RFC 1035 rule, for instance). */
  readonly pattern?: RegExp;
  /** Whether names are unique per resource kind within an account and region (Azure, GCP, IBM). */
  readonly unique: boolean;
}

/** Everything the world knows about one provider: hand-authored, approximate, plausible. */
export interface ProviderCatalog {
  readonly provider: ProviderName;
  readonly displayName: string;
  readonly regions: readonly RegionDef[];
  readonly specs: readonly SpecDef[];
  readonly images: readonly ImageDef[];
  readonly diskTypes: readonly DiskTypeDef[];
  readonly defaultDiskType: string;
  readonly network: NetworkRules;
  /** Limits on one resource's tags, where they differ from the world's default (tag-rules.ts). */
  readonly tagLimits?: { readonly perResource: number; readonly keyLength: number; readonly valueLength: number };
  /** Networks the operator shares with every account in every region (OpenStack's "public"). */
  readonly sharedNetworks?: readonly SharedNetworkDef[];
  /** The network every account has in every region from the start (EC2's default VPC). */
  readonly defaultNetwork?: DefaultNetworkDef;
  readonly naming: NamingPolicy;
  readonly quotas: QuotaLimits;
  readonly rateLimits: readonly RateLimitRule[];
  /** Default login user when an image does not say (Windows images always use "Administrator"). */
  readonly windowsUser?: string;
}
