import type { ErrorCode } from "@cloud-barista/core";
import type { McisStatusCount } from "./aggregate.js";
import type { PartialFailurePolicy } from "./requests.js";
import type { McisAction, McisVmStatus, TargetAction, TargetStatus } from "./status.js";

/** Names an MCIS. */
export interface McisRef {
  namespace: string;
  name: string;
}

/** Names an MCIS, one of its sub-groups, or one of its VMs (give `subGroup` or `vm`, not both). */
export interface McisTarget extends McisRef {
  subGroup?: string;
  vm?: string;
}

/** Why a VM failed, as the cloud or the SDK said it. */
export interface FailureReason {
  /** The SDK error code, e.g. "CapacityUnavailable", "QuotaExceeded", "Timeout". */
  code: ErrorCode;
  message: string;
  /** The provider's own code, when the cloud gave one (e.g. "InsufficientCapacity"). */
  nativeCode?: string;
  action: McisAction;
  connection: string;
  zone?: string;
  at: Date;
}

/** One VM of an MCIS. */
export interface McisVmInfo {
  /** `<subGroup>-<index>`. */
  id: string;
  subGroup: string;
  index: number;
  connection: string;
  /**
   * The VM's name in its connection (core `conn.vm.get(coreName)`); for a node of a node group,
   * the cloud's name of the node ("" until the cloud made it; core does not track nodes).
   */
  coreName: string;
  /** The cloud's id, once the cloud has made the VM. */
  systemId?: string;
  zone?: string;
  status: McisVmStatus;
  targetStatus: TargetStatus;
  targetAction: TargetAction;
  /** Set while the VM is Failed (or after a failed action), until it is refined or retried. */
  reason?: FailureReason;
  createdAt: Date;
  /** Set on the nodes of a node-group sub-group: the cluster. */
  cluster?: string;
}

/** A group of identical VMs in one connection. */
export interface SubGroupInfo {
  name: string;
  connection: string;
  specName: string;
  image: string;
  /** Current number of VMs. */
  size: number;
  vmIds: string[];
  vpcName: string;
  subnetName: string;
  securityGroupNames: string[];
  keyPairName: string;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  /** True when VPC, subnet and security group are the namespace's defaults in the connection. */
  defaultNetwork: boolean;
  /** True when the key pair is the namespace's default in the connection. */
  defaultKeyPair: boolean;
  labels: Record<string, string>;
  /** The sub-group is a node group of this cluster (see `SubGroupNodeGroup`); VPC and subnet are the cluster's. */
  nodeGroup?: { cluster: string; minNodeSize: number; maxNodeSize?: number };
}

/** An MCIS with its sub-groups and VMs. */
export interface McisInfo {
  namespace: string;
  name: string;
  description?: string;
  labels: Record<string, string>;
  policy: PartialFailurePolicy;
  /** `(Partial-)Dominant:count (R:running/total)`, e.g. "Partial-Running:3 (R:3/5)". */
  status: string;
  statusCount: McisStatusCount;
  targetStatus: TargetStatus;
  targetAction: TargetAction;
  subGroups: SubGroupInfo[];
  vms: McisVmInfo[];
  /** Notes of past operations, newest last (e.g. VMs refine removed, and why they had failed). */
  systemMessages: string[];
  /** VMs the last create, scale-out or add-sub-group made. */
  newVmIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** The status view of an MCIS: no specs, images or networks. */
export interface McisStatusInfo {
  namespace: string;
  name: string;
  status: string;
  statusCount: McisStatusCount;
  targetStatus: TargetStatus;
  targetAction: TargetAction;
  /** The first Running VM by ID (Tumblebug's "master"). */
  masterVmId?: string;
  vms: Pick<McisVmInfo, "id" | "subGroup" | "connection" | "status" | "targetStatus" | "targetAction" | "reason">[];
}

/** How to log in to one VM. The private key is never stored by the SDK: the key pair is named. */
export interface VmAccessInfo {
  vmId: string;
  subGroup: string;
  connection: string;
  status: McisVmStatus;
  publicIp?: string;
  privateIp?: string;
  sshPort?: number;
  user?: string;
  keyPair: { connection: string; name: string };
}

/** How to reach every VM of an MCIS (addresses, user, key), by sub-group. */
export interface McisAccessInfo {
  namespace: string;
  name: string;
  subGroups: { name: string; vms: VmAccessInfo[] }[];
}
