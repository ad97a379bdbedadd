import { CatalogService } from "./resources/catalog-service.js";
import { ClusterService } from "./resources/clusters.js";
import { DiskService } from "./resources/disks.js";
import { KeyPairService } from "./resources/key-pairs.js";
import { MyImageService } from "./resources/my-images.js";
import { NetworkInterfaceService } from "./resources/network-interfaces.js";
import { NlbService } from "./resources/nlbs.js";
import { PublicIpService } from "./resources/public-ips.js";
import { RouterService } from "./resources/routers.js";
import { quotaUsage } from "./resources/quota-usage.js";
import type { QuotaUsage } from "./resources/quota-usage.js";
import type { RegionState } from "./resources/region-state.js";
import { SecurityGroupService } from "./resources/security-groups.js";
import { SnapshotService } from "./resources/snapshots.js";
import { SubnetService } from "./resources/subnets.js";
import { TagService } from "./resources/tags.js";
import { VmService } from "./resources/vms.js";
import { VpcService } from "./resources/vpcs.js";
import type { ProviderName } from "@cloud-barista/core";

/**
 * One cloud as one account sees it in one region: the catalog, every resource service, quota
 * usage. Fronts and driver-mock receive it inside `world.call`; tests may also take it directly
 * from `world.accountRegion` to set up or inspect state without passing the gate.
 */
export class AccountRegion {
  readonly provider: ProviderName;
  readonly account: string;
  readonly region: string;
  readonly catalog: CatalogService;
  readonly vpcs: VpcService;
  readonly subnets: SubnetService;
  readonly securityGroups: SecurityGroupService;
  readonly keyPairs: KeyPairService;
  readonly vms: VmService;
  readonly disks: DiskService;
  readonly myImages: MyImageService;
  readonly nlbs: NlbService;
  /** Managed Kubernetes clusters and their node groups. */
  readonly clusters: ClusterService;
  readonly tags: TagService;
  /** Routers joining subnets to the outside (Neutron routers). */
  readonly routers: RouterService;
  /** Public addresses associated on demand (Neutron floating IPs). */
  readonly publicIps: PublicIpService;
  /** VMs' addresses and security groups (Neutron ports), made with a VM or on their own. */
  readonly networkInterfaces: NetworkInterfaceService;
  /** Disk snapshots, made with images. */
  readonly snapshots: SnapshotService;
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
    this.provider = state.provider;
    this.account = state.account;
    this.region = state.region.name;
    this.catalog = new CatalogService(state);
    this.vpcs = new VpcService(state);
    this.subnets = new SubnetService(state);
    this.securityGroups = new SecurityGroupService(state);
    this.keyPairs = new KeyPairService(state);
    this.vms = new VmService(state);
    this.disks = new DiskService(state);
    this.myImages = new MyImageService(state);
    this.nlbs = new NlbService(state);
    this.clusters = new ClusterService(state);
    this.tags = new TagService(state);
    this.routers = new RouterService(state);
    this.publicIps = new PublicIpService(state);
    this.networkInterfaces = new NetworkInterfaceService(state);
    this.snapshots = new SnapshotService(state);
  }

  /** Limits and current use of the account-wide quotas of this region. */
  quotaUsage(): QuotaUsage[] {
    return quotaUsage(this.#state);
  }
}
