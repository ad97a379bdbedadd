import type { IID, Tags } from "../model/common.js";
import type { ImageType } from "../model/vm.js";
import type { HealthChecker, NlbProtocol, NlbScope, NlbType } from "../model/nlb.js";
import type { SecurityRule } from "../model/security-group.js";

// Requests as a driver receives them: `name` is the cloud-side name the runtime chose, and every
// reference to another resource is already resolved to its IID.

export interface DriverSubnetRequest {
  name: string;
  ipv4Cidr: string;
  zone?: string;
  tags?: Tags;
}

export interface DriverVpcRequest {
  name: string;
  ipv4Cidr?: string;
  subnets: DriverSubnetRequest[];
  tags?: Tags;
}

export interface DriverSecurityGroupRequest {
  name: string;
  vpcIID: IID;
  rules: SecurityRule[];
  tags?: Tags;
}

export interface DriverKeyPairRequest {
  name: string;
  tags?: Tags;
}

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

export interface DriverDiskRequest {
  name: string;
  zone?: string;
  diskType?: string;
  diskSizeGB?: number;
  diskIops?: number;
  diskThroughputMiBps?: number;
  tags?: Tags;
}

export interface DriverMyImageRequest {
  name: string;
  sourceVmIID: IID;
  tags?: Tags;
}

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
