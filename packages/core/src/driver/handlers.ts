import type { ClusterInfo, ClusterVersionInfo, NodeGroupInfo } from "../model/cluster.js";
import type { IID, ResourceType } from "../model/common.js";
import type { DiskInfo } from "../model/disk.js";
import type { ImageInfo } from "../model/image.js";
import type { KeyPairInfo } from "../model/key-pair.js";
import type { MyImageInfo } from "../model/my-image.js";
import type { NlbHealthInfo, NlbInfo } from "../model/nlb.js";
import type { OrphanInfo } from "../model/orphan.js";
import type { PriceInfo } from "../model/price.js";
import type { QuotaInfo } from "../model/quota.js";
import type { RegionZoneInfo } from "../model/region.js";
import type { SecurityGroupInfo, SecurityRule } from "../model/security-group.js";
import type { VmSpecInfo } from "../model/spec.js";
import type { TagInfo, TaggedResource } from "../model/tag.js";
import type { VmInfo, VmStatus, VmStatusInfo } from "../model/vm.js";
import type { VpcInfo } from "../model/vpc.js";
import type { CallContext } from "./call-context.js";
import type {
  DriverClusterRequest,
  DriverDiskRequest,
  DriverKeyPairRequest,
  DriverMyImageRequest,
  DriverNlbRequest,
  DriverNodeGroupRequest,
  DriverSecurityGroupRequest,
  DriverSubnetRequest,
  DriverVmRequest,
  DriverVpcRequest,
} from "./requests.js";

// Handlers translate between the portable model and one cloud's API, nothing more: no locking,
// naming, bookkeeping or retrying (the runtime does those). IIDs in and out are driver IIDs:
// `nameId` is the cloud-side name, `systemId` the cloud id. A missing resource is a BaristaError
// with code "NotFound". Lists follow the cloud's pagination to the end.

export interface RegionZoneHandler {
  list(ctx: CallContext): AsyncIterable<RegionZoneInfo>;
}

export interface ImageHandler {
  list(ctx: CallContext): AsyncIterable<ImageInfo>;
  get(id: string, ctx: CallContext): Promise<ImageInfo>;
}

export interface SpecHandler {
  list(ctx: CallContext): AsyncIterable<VmSpecInfo>;
  get(name: string, ctx: CallContext): Promise<VmSpecInfo>;
}

export interface PriceHandler {
  /** On-demand Linux prices of the connection's region. */
  list(ctx: CallContext): AsyncIterable<PriceInfo>;
}

export interface QuotaHandler {
  /**
   * The account's quotas as they stand now, with their use where the cloud reports it (the
   * runtime does not cache them: every create changes them).
   */
  list(ctx: CallContext): AsyncIterable<QuotaInfo>;
}

export interface VpcHandler {
  create(request: DriverVpcRequest, ctx: CallContext): Promise<VpcInfo>;
  get(vpc: IID, ctx: CallContext): Promise<VpcInfo>;
  list(ctx: CallContext): AsyncIterable<VpcInfo>;
  /** Deletes the VPC together with its subnets (the runtime has already checked they are unused). */
  delete(vpc: IID, ctx: CallContext): Promise<void>;
  addSubnet(vpc: IID, subnet: DriverSubnetRequest, ctx: CallContext): Promise<VpcInfo>;
  removeSubnet(vpc: IID, subnet: IID, ctx: CallContext): Promise<void>;
}

export interface SecurityGroupHandler {
  create(request: DriverSecurityGroupRequest, ctx: CallContext): Promise<SecurityGroupInfo>;
  get(securityGroup: IID, ctx: CallContext): Promise<SecurityGroupInfo>;
  list(ctx: CallContext): AsyncIterable<SecurityGroupInfo>;
  delete(securityGroup: IID, ctx: CallContext): Promise<void>;
  addRules(securityGroup: IID, rules: SecurityRule[], ctx: CallContext): Promise<SecurityGroupInfo>;
  removeRules(securityGroup: IID, rules: SecurityRule[], ctx: CallContext): Promise<void>;
}

export interface KeyPairHandler {
  /** The result carries the private key; no later call returns it. */
  create(request: DriverKeyPairRequest, ctx: CallContext): Promise<KeyPairInfo>;
  get(keyPair: IID, ctx: CallContext): Promise<KeyPairInfo>;
  list(ctx: CallContext): AsyncIterable<KeyPairInfo>;
  delete(keyPair: IID, ctx: CallContext): Promise<void>;
}

/** How much of a VM a read asks for. */
export interface VmReadOptions {
  /** Also the fields that cost extra native calls (root disk size and type on AWS). Default false. */
  details?: boolean;
}

export interface VmHandler {
  /** Asks the cloud to start a VM and returns as soon as it has an id (status may be Creating). */
  start(request: DriverVmRequest, ctx: CallContext): Promise<VmInfo>;
  /**
   * One native call where the cloud allows it; fields that need more calls (e.g. the root disk's
   * size from a volume API) only with `details` (see docs/writing-a-driver.md).
   */
  get(vm: IID, ctx: CallContext, options?: VmReadOptions): Promise<VmInfo>;
  /** VMs not (yet) terminated; clouds that keep terminated VMs visible for a while filter them out. */
  list(ctx: CallContext, options?: VmReadOptions): AsyncIterable<VmInfo>;
  getStatus(vm: IID, ctx: CallContext): Promise<VmStatus>;
  listStatus(ctx: CallContext): AsyncIterable<VmStatusInfo>;
  /** Each control call returns the transitional status it caused (e.g. "Suspending"). */
  suspend(vm: IID, ctx: CallContext): Promise<VmStatus>;
  resume(vm: IID, ctx: CallContext): Promise<VmStatus>;
  reboot(vm: IID, ctx: CallContext): Promise<VmStatus>;
  terminate(vm: IID, ctx: CallContext): Promise<VmStatus>;
}

export interface DiskHandler {
  create(request: DriverDiskRequest, ctx: CallContext): Promise<DiskInfo>;
  get(disk: IID, ctx: CallContext): Promise<DiskInfo>;
  list(ctx: CallContext): AsyncIterable<DiskInfo>;
  delete(disk: IID, ctx: CallContext): Promise<void>;
  resize(disk: IID, sizeGB: number, ctx: CallContext): Promise<void>;
  attach(disk: IID, vm: IID, ctx: CallContext): Promise<DiskInfo>;
  detach(disk: IID, vm: IID, ctx: CallContext): Promise<void>;
}

export interface MyImageHandler {
  create(request: DriverMyImageRequest, ctx: CallContext): Promise<MyImageInfo>;
  get(myImage: IID, ctx: CallContext): Promise<MyImageInfo>;
  list(ctx: CallContext): AsyncIterable<MyImageInfo>;
  delete(myImage: IID, ctx: CallContext): Promise<void>;
}

export interface NlbHandler {
  create(request: DriverNlbRequest, ctx: CallContext): Promise<NlbInfo>;
  get(nlb: IID, ctx: CallContext): Promise<NlbInfo>;
  list(ctx: CallContext): AsyncIterable<NlbInfo>;
  delete(nlb: IID, ctx: CallContext): Promise<void>;
  addVms(nlb: IID, vms: IID[], ctx: CallContext): Promise<NlbInfo>;
  removeVms(nlb: IID, vms: IID[], ctx: CallContext): Promise<void>;
  getHealth(nlb: IID, ctx: CallContext): Promise<NlbHealthInfo>;
}

/**
 * Provider-managed Kubernetes clusters and their node groups. Node-group VMs belong to the cloud's
 * scaling, not to the VM handler's callers: they are reported in `NodeGroupInfo.nodes` only.
 */
export interface ClusterHandler {
  /** Kubernetes versions the region offers (metadata; cached by the runtime like specs). */
  versions(ctx: CallContext): AsyncIterable<ClusterVersionInfo>;
  /** Asks the cloud to create the cluster (+ node groups) and returns once accepted (status may be Creating). */
  create(request: DriverClusterRequest, ctx: CallContext): Promise<ClusterInfo>;
  get(cluster: IID, ctx: CallContext): Promise<ClusterInfo>;
  list(ctx: CallContext): AsyncIterable<ClusterInfo>;
  /** Asks for deletion (node groups first where the cloud requires it); the runtime waits until NotFound. */
  delete(cluster: IID, ctx: CallContext): Promise<void>;
  addNodeGroup(cluster: IID, request: DriverNodeGroupRequest, ctx: CallContext): Promise<NodeGroupInfo>;
  removeNodeGroup(cluster: IID, nodeGroup: IID, ctx: CallContext): Promise<void>;
  setNodeGroupAutoScaling(cluster: IID, nodeGroup: IID, on: boolean, ctx: CallContext): Promise<void>;
  changeNodeGroupScaling(
    cluster: IID,
    nodeGroup: IID,
    size: { desired: number; min: number; max: number },
    ctx: CallContext,
  ): Promise<NodeGroupInfo>;
  upgrade(cluster: IID, version: string, ctx: CallContext): Promise<ClusterInfo>;
}

export interface TagTarget {
  resourceType: ResourceType;
  iid: IID;
}

export interface TagHandler {
  add(target: TagTarget, tag: TagInfo, ctx: CallContext): Promise<TagInfo>;
  list(target: TagTarget, ctx: CallContext): Promise<TagInfo[]>;
  get(target: TagTarget, key: string, ctx: CallContext): Promise<TagInfo>;
  remove(target: TagTarget, key: string, ctx: CallContext): Promise<void>;
  /** Resources of one type (or all) with a tag key or value containing `keyword` ("" = any tag). */
  find(resourceType: ResourceType | "all", keyword: string, ctx: CallContext): AsyncIterable<TaggedResource>;
}

/**
 * Parts the driver makes alongside resources, found once their resource is gone. Only what the
 * driver marked as its own, and only once it cannot belong to a create still under way.
 */
export interface OrphanHandler {
  list(ctx: CallContext): AsyncIterable<OrphanInfo>;
  release(orphan: OrphanInfo, ctx: CallContext): Promise<void>;
}

/** Each handler name with its interface: what a connection offers. */
export interface HandlerMap {
  regionZone: RegionZoneHandler;
  image: ImageHandler;
  spec: SpecHandler;
  price: PriceHandler;
  quota: QuotaHandler;
  vpc: VpcHandler;
  securityGroup: SecurityGroupHandler;
  keyPair: KeyPairHandler;
  vm: VmHandler;
  disk: DiskHandler;
  myImage: MyImageHandler;
  nlb: NlbHandler;
  cluster: ClusterHandler;
  tag: TagHandler;
  orphan: OrphanHandler;
}

/** One handler per resource family; a driver states for each whether its connections provide it. */
export type HandlerName = keyof HandlerMap;
