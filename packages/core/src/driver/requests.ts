import type { IID, Tags } from "../model/common.js";
import type { ImageType } from "../model/vm.js";
import type { HealthChecker, NlbProtocol, NlbScope, NlbType } from "../model/nlb.js";
import type { SecurityRule } from "../model/security-group.js";

// Requests as a driver receives them: `name` is the cloud-side name the runtime chose, and every
// reference to another resource is already resolved to its IID.

/** A subnet to create, with its cloud-side name. */
export interface DriverSubnetRequest {
  name: string;
  ipv4Cidr: string;
  zone?: string;
  tags?: Tags;
}

/** A VPC to create, with cloud-side names; what a driver's `vpc.create` gets. */
export interface DriverVpcRequest {
  name: string;
  ipv4Cidr?: string;
  subnets: DriverSubnetRequest[];
  tags?: Tags;
}

/** A security group to create, with its VPC as a driver IID. */
export interface DriverSecurityGroupRequest {
  name: string;
  vpcIID: IID;
  rules: SecurityRule[];
  tags?: Tags;
}

/** A key pair to create, with its cloud-side name. */
export interface DriverKeyPairRequest {
  name: string;
  tags?: Tags;
}

/** A VM to start, every reference resolved to driver IIDs. */
export interface DriverVmRequest {
  name: string;
  zone?: string;
  imageType: ImageType;
  imageIID: IID;
  specName: string;
  vpcIID: IID;
  subnetIID: IID;
  securityGroupIIDs: IID[];
  keyPairIID?: IID;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  rootDiskIops?: number;
  rootDiskThroughputMiBps?: number;
  dataDiskIIDs: IID[];
  vmUserId?: string;
  vmUserPassword?: string;
  tags?: Tags;
  /** Stable across retries of one create, for clouds with idempotent creates (AWS ClientToken). */
  idempotencyToken: string;
}

/** A disk to create, with its cloud-side name. */
export interface DriverDiskRequest {
  name: string;
  zone?: string;
  diskType?: string;
  diskSizeGB?: number;
  diskIops?: number;
  diskThroughputMiBps?: number;
  tags?: Tags;
}

/** A machine image to make from a VM (a driver IID). */
export interface DriverMyImageRequest {
  name: string;
  sourceVmIID: IID;
  tags?: Tags;
}

/** A load balancer to create, its VPC and VMs as driver IIDs. */
export interface DriverNlbRequest {
  name: string;
  vpcIID: IID;
  type: NlbType;
  scope: NlbScope;
  listener: { protocol: NlbProtocol; port: number };
  vmGroup: { protocol: NlbProtocol; port: number; vms: IID[] };
  healthChecker: Partial<HealthChecker>;
  tags?: Tags;
}

/** A node group as a driver receives it: names chosen, image and key pair resolved to IIDs. */
export interface DriverNodeGroupRequest {
  name: string;
  /** Absent = the cloud's default node image. */
  imageIID?: IID;
  specName: string;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  keyPairIID: IID;
  onAutoScaling: boolean;
  desiredNodeSize: number;
  minNodeSize: number;
  maxNodeSize: number;
  tags?: Tags;
}

/** A cluster as a driver receives it: its network resolved to IIDs, its node groups included. */
export interface DriverClusterRequest {
  name: string;
  version: string;
  vpcIID: IID;
  subnetIIDs: IID[];
  securityGroupIIDs: IID[];
  nodeGroups: DriverNodeGroupRequest[];
  tags?: Tags;
  /** Stable across retries of one create, for clouds with idempotent creates (EKS clientRequestToken). */
  idempotencyToken: string;
}
