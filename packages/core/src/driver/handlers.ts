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

/** Regions and zones of the cloud. */
export interface RegionZoneHandler {
  /** Every region of the cloud with its zones. */
  list(ctx: CallContext): AsyncIterable<RegionZoneInfo>;
}

/** Public images of the connection's region. */
export interface ImageHandler {
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<ImageInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(id: string, ctx: CallContext): Promise<ImageInfo>;
}

/** VM specs (instance types, flavors) of the connection's region. */
export interface SpecHandler {
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<VmSpecInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(name: string, ctx: CallContext): Promise<VmSpecInfo>;
}

/** On-demand prices of the connection's region. */
export interface PriceHandler {
  /** On-demand Linux prices of the connection's region. */
  list(ctx: CallContext): AsyncIterable<PriceInfo>;
}

/** The account's quotas in the connection's region. */
export interface QuotaHandler {
  /**
   * The account's quotas as they stand now, with their use where the cloud reports it (the
   * runtime does not cache them: every create changes them).
   */
  list(ctx: CallContext): AsyncIterable<QuotaInfo>;
}

/** VPCs and their subnets. */
export interface VpcHandler {
  /** Creates it and returns it as the cloud reports it. */
  create(request: DriverVpcRequest, ctx: CallContext): Promise<VpcInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(vpc: IID, ctx: CallContext): Promise<VpcInfo>;
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<VpcInfo>;
  /** Deletes the VPC together with its subnets (the runtime has already checked they are unused). */
  delete(vpc: IID, ctx: CallContext): Promise<void>;
  /** Adds a subnet; returns the VPC with it. */
  addSubnet(vpc: IID, subnet: DriverSubnetRequest, ctx: CallContext): Promise<VpcInfo>;
  /** Deletes a subnet of the VPC. */
  removeSubnet(vpc: IID, subnet: IID, ctx: CallContext): Promise<void>;
}

/** Security groups and their rules. */
export interface SecurityGroupHandler {
  /** Creates it and returns it as the cloud reports it. */
  create(request: DriverSecurityGroupRequest, ctx: CallContext): Promise<SecurityGroupInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(securityGroup: IID, ctx: CallContext): Promise<SecurityGroupInfo>;
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<SecurityGroupInfo>;
  /** Deletes it; NotFound if the cloud has none. */
  delete(securityGroup: IID, ctx: CallContext): Promise<void>;
  /** Adds rules; returns the group with them. */
  addRules(securityGroup: IID, rules: SecurityRule[], ctx: CallContext): Promise<SecurityGroupInfo>;
  /** Removes rules from the group. */
  removeRules(securityGroup: IID, rules: SecurityRule[], ctx: CallContext): Promise<void>;
}

/** SSH key pairs. */
export interface KeyPairHandler {
  /** The result carries the private key; no later call returns it. */
  create(request: DriverKeyPairRequest, ctx: CallContext): Promise<KeyPairInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(keyPair: IID, ctx: CallContext): Promise<KeyPairInfo>;
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<KeyPairInfo>;
  /** Deletes it; NotFound if the cloud has none. */
  delete(keyPair: IID, ctx: CallContext): Promise<void>;
}

/** How much of a VM a read asks for. */
export interface VmReadOptions {
  /** Also the fields that cost extra native calls (root disk size and type on AWS). Default false. */
  details?: boolean;
}

/** VMs: start, read, control and terminate. */
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
  /** The VM's status now. */
  getStatus(vm: IID, ctx: CallContext): Promise<VmStatus>;
  /** The status of every VM of the region. */
  listStatus(ctx: CallContext): AsyncIterable<VmStatusInfo>;
  /** Each control call returns the transitional status it caused (e.g. "Suspending"). */
  suspend(vm: IID, ctx: CallContext): Promise<VmStatus>;
  /** Resumes a suspended VM; returns the transitional status. */
  resume(vm: IID, ctx: CallContext): Promise<VmStatus>;
  /** Reboots the VM; returns the transitional status. */
  reboot(vm: IID, ctx: CallContext): Promise<VmStatus>;
  /** Terminates the VM; returns the transitional status. */
  terminate(vm: IID, ctx: CallContext): Promise<VmStatus>;
}

/** Block-storage disks. */
export interface DiskHandler {
  /** Creates it and returns it as the cloud reports it. */
  create(request: DriverDiskRequest, ctx: CallContext): Promise<DiskInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(disk: IID, ctx: CallContext): Promise<DiskInfo>;
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<DiskInfo>;
  /** Deletes it; NotFound if the cloud has none. */
  delete(disk: IID, ctx: CallContext): Promise<void>;
  /** Grows the disk to `sizeGB`. */
  resize(disk: IID, sizeGB: number, ctx: CallContext): Promise<void>;
  /** Attaches the disk to a VM; returns the disk. */
  attach(disk: IID, vm: IID, ctx: CallContext): Promise<DiskInfo>;
  /** Detaches the disk from a VM. */
  detach(disk: IID, vm: IID, ctx: CallContext): Promise<void>;
}

/** Machine images made from VMs. */
export interface MyImageHandler {
  /** Creates it and returns it as the cloud reports it. */
  create(request: DriverMyImageRequest, ctx: CallContext): Promise<MyImageInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(myImage: IID, ctx: CallContext): Promise<MyImageInfo>;
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<MyImageInfo>;
  /** Deletes it; NotFound if the cloud has none. */
  delete(myImage: IID, ctx: CallContext): Promise<void>;
}

/** Network load balancers. */
export interface NlbHandler {
  /** Creates it and returns it as the cloud reports it. */
  create(request: DriverNlbRequest, ctx: CallContext): Promise<NlbInfo>;
  /** One by its id or driver IID; NotFound if the cloud has none. */
  get(nlb: IID, ctx: CallContext): Promise<NlbInfo>;
  /** Every one in the connection's region, all pages. */
  list(ctx: CallContext): AsyncIterable<NlbInfo>;
  /** Deletes it; NotFound if the cloud has none. */
  delete(nlb: IID, ctx: CallContext): Promise<void>;
  /** Adds VMs to the group; returns the load balancer. */
  addVms(nlb: IID, vms: IID[], ctx: CallContext): Promise<NlbInfo>;
  /** Removes VMs from the group. */
  removeVms(nlb: IID, vms: IID[], ctx: CallContext): Promise<void>;
  /** Which VMs of the group pass the health check. */
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
  /** The cluster with its node groups and, once Active, its access information. */
  get(cluster: IID, ctx: CallContext): Promise<ClusterInfo>;
  /** Every cluster of the connection's region. */
  list(ctx: CallContext): AsyncIterable<ClusterInfo>;
  /** Asks for deletion (node groups first where the cloud requires it); the runtime waits until NotFound. */
  delete(cluster: IID, ctx: CallContext): Promise<void>;
  /** Adds a node group to an Active cluster; returns once the cloud accepted it. */
  addNodeGroup(cluster: IID, request: DriverNodeGroupRequest, ctx: CallContext): Promise<NodeGroupInfo>;
  /** Asks for a node group's deletion; the runtime waits until it is gone. */
  removeNodeGroup(cluster: IID, nodeGroup: IID, ctx: CallContext): Promise<void>;
  /** Turns the cloud's auto-scaling of a node group on or off. */
  setNodeGroupAutoScaling(cluster: IID, nodeGroup: IID, on: boolean, ctx: CallContext): Promise<void>;
  /** Sets a node group's desired, minimum and maximum node counts. */
  changeNodeGroupScaling(
    cluster: IID,
    nodeGroup: IID,
    size: { desired: number; min: number; max: number },
    ctx: CallContext,
  ): Promise<NodeGroupInfo>;
  /** Asks for the control plane's upgrade to an offered version (one minor step on most clouds). */
  upgrade(cluster: IID, version: string, ctx: CallContext): Promise<ClusterInfo>;
}

/** The resource a tag call is about: its type and driver IID. */
export interface TagTarget {
  resourceType: ResourceType;
  iid: IID;
}

/** Tags on resources. */
export interface TagHandler {
  /** Adds or overwrites one tag; returns it. */
  add(target: TagTarget, tag: TagInfo, ctx: CallContext): Promise<TagInfo>;
  /** Every tag of the resource. */
  list(target: TagTarget, ctx: CallContext): Promise<TagInfo[]>;
  /** One tag by key; NotFound if absent. */
  get(target: TagTarget, key: string, ctx: CallContext): Promise<TagInfo>;
  /** Removes one tag. */
  remove(target: TagTarget, key: string, ctx: CallContext): Promise<void>;
  /** Resources of one type (or all) with a tag key or value containing `keyword` ("" = any tag). */
  find(resourceType: ResourceType | "all", keyword: string, ctx: CallContext): AsyncIterable<TaggedResource>;
}

/**
 * Parts the driver makes alongside resources, found once their resource is gone. Only what the
 * driver marked as its own, and only once it cannot belong to a create still under way.
 */
export interface OrphanHandler {
  /** The orphans found now. */
  list(ctx: CallContext): AsyncIterable<OrphanInfo>;
  /** Deletes an orphan. */
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
